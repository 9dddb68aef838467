/**
 * ScanDriveFolder (queue file.ingest): the Incoming folder watcher. Enqueued every
 * DRIVE_SCAN_INTERVAL_SECONDS by a housekeeping task (once per interval across all
 * processes) and on demand. Lists the folder (paged) and records each image not seen
 * before, with its CreateFileRecord job, in one transaction; a Drive file already known
 * is skipped (the UNIQUE index on files.drive_file_id decides between racing scans).
 * A folder listing rather than change tracking: it also finds files that were already
 * there when the platform started, and costs one request per 1,000 files.
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { folder, need } from '../pipeline/deps.js';
import { PermanentError } from '../core/outcomes.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const scanPayload = strictPayload({ folder_id: z.string().min(1).max(200).optional() });
type Payload = z.infer<typeof scanPayload>;

const IMAGE_MIME = /^image\/(jpeg|png|tiff|webp)$/;

export const scanDriveFolder = defineCommand<Payload, PipelineDeps>({
  type: 'ScanDriveFolder',
  queue: 'file.ingest',
  payload: scanPayload,
  timeoutMs: 5 * 60_000,
  maxAttempts: 2,
  async handler(ctx) {
    const drive = need(ctx.deps, 'drive');
    if (!ctx.deps.jobs) throw new PermanentError('ScanDriveFolder needs the job service', 'INTEGRATION_NOT_CONFIGURED');
    const folderId = ctx.payload.folder_id ?? folder(ctx.deps, 'incoming');
    const listed = await drive.listAllFiles(folderId, { jobId: ctx.job.id, signal: ctx.signal });
    const images = listed.filter((f) => IMAGE_MIME.test(f.mimeType));
    const { recorded, skipped } = await ctx.deps.files.recordDriveFiles(images.map((f) => ({ id: f.id, name: f.name })));
    if (recorded.length) ctx.log.info({ recorded: recorded.length, skipped }, 'new files in the Drive Incoming folder');
    return { listed: listed.length, images: images.length, recorded: recorded.length, skipped };
  },
});
