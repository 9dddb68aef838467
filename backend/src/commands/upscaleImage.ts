/**
 * UpscaleImage (queue image.process, started by file.received) and UpdateImage (the
 * reviewer's "reprocess": inspect again, then the same work with a new prediction).
 * The print file goes to Drive "Ready to Process"; the sizes it reaches at
 * MIN_PRINT_DPI are stored as the file's offered sizes; file.processed starts
 * GenerateMetadata. See pipeline/imageSteps.ts for the prediction checkpoint.
 */
import { z } from 'zod';
import type { FileRow } from '../db/schema.js';
import type { PipelineDeps } from '../pipeline/deps.js';
import { failingFileOnFinalError } from '../pipeline/guard.js';
import { chooseFileScale, describeUnsupported, familyOf, inspectStep, offeredWithPrices, printFileStep } from '../pipeline/imageSteps.js';
import { PermanentError } from '../core/outcomes.js';
import { scaleField } from './createFileRecord.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand, type JobContext } from '../jobs/command.js';

export const imagePayload = strictPayload({ file_id: z.string().uuid(), scale: scaleField });
type Payload = z.infer<typeof imagePayload>;
type Ctx = JobContext<Payload, PipelineDeps>;

async function processImage(ctx: Ctx, file: FileRow, reinspect: boolean) {
  const { files } = ctx.deps;
  let width = file.width;
  let height = file.height;
  if (reinspect || width === null || height === null) ({ width, height } = await inspectStep(ctx, file));
  const family = familyOf(ctx.deps, width!, height!);
  if (!family) {
    const reason = describeUnsupported(width!, height!, ctx.deps.families);
    await files.setStatus(file.id, 'failed', { from: ['processing'], reason });
    return { status: 'failed', reason };
  }
  const scale = chooseFileScale(ctx.deps, family, width!, height!, ctx.payload.scale);
  const print = await printFileStep(ctx, file, scale);
  const offered = offeredWithPrices(ctx.deps, family, print.width, print.height, await ctx.deps.settings.prices());
  if (offered.length === 0) {
    throw new PermanentError(
      `NO_PRINTABLE_SIZE: even upscaled ×${scale} (${print.width}×${print.height}) the image reaches no ${family.id} size at ${ctx.deps.config.MIN_PRINT_DPI} DPI`,
      'NO_PRINTABLE_SIZE',
    );
  }
  await files.patch(file.id, { ratio_family: family.id, processed_drive_file_id: print.driveFileId, offered_sizes_json: JSON.stringify(offered) });
  ctx.emit('file.processed', { file_id: file.id });
  return { status: 'upscaled', scale, print, offered: offered.map((o) => o.label) };
}

function imageCommand(type: 'UpscaleImage' | 'UpdateImage') {
  return defineCommand<Payload, PipelineDeps>({
    type,
    queue: 'image.process',
    payload: imagePayload,
    timeoutMs: 15 * 60_000,
    fileIdOf: (p) => p.file_id,
    handler: failingFileOnFinalError(async (ctx) => {
      const file = await ctx.deps.files.get(ctx.payload.file_id);
      // Only a file being processed is worked on (a rejected or archived one is left alone).
      if (file.status !== 'processing') return { skipped: true, status: file.status };
      return processImage(ctx, file, type === 'UpdateImage');
    }),
  });
}

export const upscaleImage = imageCommand('UpscaleImage');
export const updateImage = imageCommand('UpdateImage');
