/**
 * Every command the platform runs. A command is added here only once it really
 * works (SPEC §2); the registry refuses to start if one is missing or doubled.
 */
import type { CommandDefinition } from './types.js';
import { noop } from './noop.js';

export function allCommands(): CommandDefinition[] {
  return [noop];
}

/** The types this build must have handlers for. */
export const EXPECTED_COMMANDS = ['Noop'] as const;
