/**
 * Every command the platform runs. A command is added here only once it really
 * works (SPEC §2); the registry refuses to start if one is missing or doubled.
 */
import type { CommandDefinition } from '../jobs/command.js';
import { createFileRecord } from './createFileRecord.js';
import { createListing } from './createListing.js';
import { deleteFile } from './deleteFile.js';
import { generateMetadata } from './generateMetadata.js';
import { noop } from './noop.js';
import { scanDriveFolder } from './scanDriveFolder.js';
import { syncShopifyListing } from './syncShopifyListing.js';
import { updateImage, upscaleImage } from './upscaleImage.js';
import { updateListing } from './updateListing.js';

export function allCommands(): CommandDefinition[] {
  return [noop, createFileRecord, scanDriveFolder, upscaleImage, updateImage, generateMetadata, createListing, updateListing, deleteFile, syncShopifyListing];
}

/** The types this build must have handlers for. */
export const EXPECTED_COMMANDS = [
  'Noop',
  'CreateFileRecord',
  'ScanDriveFolder',
  'UpscaleImage',
  'UpdateImage',
  'GenerateMetadata',
  'CreateListing',
  'UpdateListing',
  'DeleteFile',
  'SyncShopifyListing',
] as const;
