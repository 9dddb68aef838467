/**
 * DeleteFile (queue system): archive a file (status ARCHIVED with a reason). Nothing
 * is erased: the Drive files, listings and history stay for the record; a later
 * pipeline job for the file leaves an archived file alone.
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const deleteFilePayload = strictPayload({ file_id: z.string().uuid(), reason: z.string().trim().min(1).max(500).optional() });
type Payload = z.infer<typeof deleteFilePayload>;

export const deleteFile = defineCommand<Payload, PipelineDeps>({
  type: 'DeleteFile',
  queue: 'system',
  payload: deleteFilePayload,
  timeoutMs: 60_000,
  fileIdOf: (p) => p.file_id,
  async handler(ctx) {
    const { files } = ctx.deps;
    const file = await files.get(ctx.payload.file_id);
    if (file.status === 'archived') return { file_id: file.id, status: 'archived', already: true };
    const reason = `ARCHIVED: ${ctx.payload.reason ?? `archived from ${file.status.toUpperCase()}`}`;
    await files.setStatus(file.id, 'archived', { reason, from: [file.status] });
    ctx.emit('file.updated', { file_id: file.id, status: 'archived' });
    return { file_id: file.id, status: 'archived', previous: file.status };
  },
});
