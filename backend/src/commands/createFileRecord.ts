/**
 * CreateFileRecord (queue file.ingest) — a file recorded by the webhook or the Drive
 * scan is inspected: measured upright, checksummed, thumbnailed, classified by ratio.
 * Ends in one of:
 *  - REJECTED "DUPLICATE: …" when an earlier file has the same content (names it);
 *  - FAILED "UNSUPPORTED_RATIO: …" when no print family fits (never published);
 *  - PROCESSING, emitting file.received (→ UpscaleImage).
 * Those are outcomes of a job that succeeded; a job failure (e.g. Drive 404) marks the
 * file FAILED with the error (pipeline/guard.ts).
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { failingFileOnFinalError } from '../pipeline/guard.js';
import { describeUnsupported, familyOf, inspectStep } from '../pipeline/imageSteps.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const scaleField = z.union([z.literal(1), z.literal(2), z.literal(4)]).optional();
export const createFileRecordPayload = strictPayload({ file_id: z.string().uuid(), scale: scaleField });
type Payload = z.infer<typeof createFileRecordPayload>;

export const createFileRecord = defineCommand<Payload, PipelineDeps>({
  type: 'CreateFileRecord',
  queue: 'file.ingest',
  payload: createFileRecordPayload,
  timeoutMs: 5 * 60_000,
  fileIdOf: (p) => p.file_id,
  handler: failingFileOnFinalError(async (ctx) => {
    const { files } = ctx.deps;
    const file = await files.get(ctx.payload.file_id);
    if (file.status !== 'ingested' && file.status !== 'processing') return { skipped: true, status: file.status };

    const seen = await inspectStep(ctx, file);
    const outcome = await ctx.step('outcome', async () => {
      const original = await files.duplicateOf(file, seen.checksum);
      if (original) {
        const reason = `DUPLICATE: same content as file ${original.id} ("${original.original_filename}")`;
        await files.setStatus(file.id, 'rejected', { from: ['ingested', 'processing'], reason });
        return { status: 'rejected', reason, duplicate_of: original.id };
      }
      const family = familyOf(ctx.deps, seen.width, seen.height);
      if (!family) {
        const reason = describeUnsupported(seen.width, seen.height, ctx.deps.families);
        await files.setStatus(file.id, 'failed', { from: ['ingested', 'processing'], reason });
        return { status: 'failed', reason };
      }
      await files.setStatus(file.id, 'processing', { from: ['ingested', 'processing'], patch: { ratio_family: family.id } });
      return { status: 'processing', family: family.id };
    });
    if (outcome.status === 'processing') {
      ctx.emit('file.received', { file_id: file.id, ...(ctx.payload.scale ? { scale: ctx.payload.scale } : {}) });
    }
    return { file_id: file.id, ...seen, ...outcome };
  }),
});
