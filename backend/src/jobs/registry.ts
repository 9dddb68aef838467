/**
 * One registry: command type → definition (handler, payload schema, queue, timeout).
 * Building it fails at start-up when an expected command has no definition, or two.
 */
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import type { CommandDefinition } from './command.js';

export class UnknownCommandError extends ValidationError {
  constructor(readonly commandType: string) {
    super(`unknown command_type "${commandType}"`);
  }
}

export class PayloadValidationError extends ValidationError {
  constructor(
    readonly commandType: string,
    readonly issues: string[],
  ) {
    super(`invalid payload for ${commandType}: ${issues.join('; ')}`);
  }
}

export class CommandRegistry {
  private readonly byType = new Map<string, CommandDefinition>();

  constructor(definitions: CommandDefinition[], expected?: readonly string[]) {
    for (const def of definitions) {
      if (this.byType.has(def.type)) throw new Error(`command ${def.type} is registered twice`);
      this.byType.set(def.type, def);
    }
    for (const type of expected ?? []) {
      if (!this.byType.has(type)) throw new Error(`command ${type} has no handler`);
    }
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  get(type: string): CommandDefinition {
    const def = this.byType.get(type);
    if (!def) throw new UnknownCommandError(type);
    return def;
  }

  /** The payload parsed by the command's schema, or a PayloadValidationError. */
  validate(type: string, payload: unknown): unknown {
    const def = this.get(type);
    const result = def.payload.safeParse(payload ?? {});
    if (!result.success) {
      throw new PayloadValidationError(
        type,
        result.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`),
      );
    }
    return result.data;
  }
}

/** A strict object schema: unknown payload fields are errors, as for request bodies. */
export const strictPayload = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);
