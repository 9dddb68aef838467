/**
 * The image work shared by CreateFileRecord, UpscaleImage and UpdateImage, each part
 * a checkpointed step of the job (a re-run after a crash skips what was done):
 *
 *  - inspect: stream the original from Drive to a temp file, measure it upright (EXIF
 *    orientation applied), checksum it, store a thumbnail, write the review preview
 *    to `<DATA_DIR>/previews/<file id>.jpg` (made once here; the API only reads it);
 *  - print file: the original normalised to sRGB, upscaled on Replicate when it does not
 *    reach the family's largest size at MIN_PRINT_DPI. The prediction id is checkpointed
 *    the moment it is known, before waiting on it, and a re-run resumes that prediction:
 *    one prediction per job, never a second one. Polling re-schedules the job
 *    (RunLaterError); the output is downloaded at once (outputs expire after an hour),
 *    normalised and uploaded to Drive "Ready to Process".
 */
import path from 'node:path';
import type { JobContext } from '../jobs/command.js';
import type { FileRow } from '../db/schema.js';
import { chooseScale, classifyRatio, offeredSizes, type Family, type UpscaleFactor } from '../images/families.js';
import { contentChecksum, inspectImage } from '../images/inspect.js';
import { priceFor, type PriceTable } from '../domain/settings/prices.js';
import { makeThumbnail, normaliseToSrgb, previewPath, writePreview } from '../images/renditions.js';
import { firstOutputUrl, type CreatePredictionRequest } from '../integrations/replicate.js';
import { PermanentError } from '../core/outcomes.js';
import { folder, need, type PipelineDeps } from './deps.js';
import { fileToDataUri, streamToFile, withTempDir } from './tempfiles.js';
import { predictionWebhookUrl } from './webhookUrls.js';

type Ctx = JobContext<{ file_id: string }, PipelineDeps>;

/** Replicate recommends data URIs only for files under 1 MB. */
export const DATA_URI_MAX_BYTES = 1024 * 1024;

export const callOpts = (ctx: Ctx) => ({ jobId: ctx.job.id, signal: ctx.signal });

/** With PUBLIC_BASE_URL: Replicate posts the finished prediction to us, which wakes the job (pipeline/webhooks.ts). */
export function predictionWebhook(ctx: Ctx): Pick<CreatePredictionRequest, 'webhook' | 'webhookEventsFilter'> {
  const webhook = predictionWebhookUrl(ctx.deps.config.PUBLIC_BASE_URL, ctx.job.id);
  return webhook ? { webhook, webhookEventsFilter: ['completed'] } : {};
}

export interface Inspection {
  width: number;
  height: number;
  checksum: string;
}

export interface PrintFile {
  driveFileId: string;
  width: number;
  height: number;
  scale: UpscaleFactor;
  predictionId: string | null;
}

export interface OfferedWithPrice {
  label: string;
  key: string;
  widthIn: number;
  heightIn: number;
  dpi: number;
  price: number | null;
}

function driveIdOf(file: FileRow): string {
  if (!file.drive_file_id) throw new PermanentError('the file has no Drive file to read', 'NO_SOURCE_FILE');
  return file.drive_file_id;
}

async function downloadOriginal(ctx: Ctx, file: FileRow, dir: string): Promise<string> {
  const drive = need(ctx.deps, 'drive');
  return streamToFile(await drive.download(driveIdOf(file), callOpts(ctx)), path.join(dir, 'original'));
}

/** Step "inspect": measure, checksum and thumbnail the original (stored on the file); its preview on disk. */
export function inspectStep(ctx: Ctx, file: FileRow): Promise<Inspection> {
  return ctx.step('inspect', () =>
    withTempDir(ctx.deps.options.tmpDir, async (dir) => {
      const src = await downloadOriginal(ctx, file, dir);
      const info = await inspectImage(src);
      const checksum = await contentChecksum(src);
      const thumbnail = await makeThumbnail(src);
      await writePreview(src, previewPath(ctx.deps.config.DATA_DIR, file.id));
      await ctx.deps.files.patch(file.id, {
        width: info.orientedWidth,
        height: info.orientedHeight,
        aspect_ratio: Math.round(info.aspectRatio * 10_000) / 10_000,
        content_checksum: checksum,
        thumbnail,
      });
      return { width: info.orientedWidth, height: info.orientedHeight, checksum };
    }),
  );
}

export function describeUnsupported(width: number, height: number, families: Family[]): string {
  const r = Math.max(width, height) / Math.min(width, height);
  return `UNSUPPORTED_RATIO: ${width}×${height} is ${r.toFixed(3)}:1, not within 2 % of any print family (${families.map((f) => f.id).join(', ')}); it cannot be sold as a canvas print`;
}

export function familyOf(deps: PipelineDeps, width: number, height: number): Family | null {
  return classifyRatio(width, height, deps.families);
}

const baseName = (name: string) => name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '-').slice(0, 100) || 'artwork';

/** Step "print": the print-resolution file in Drive "Ready to Process" (see the header). */
export function printFileStep(ctx: Ctx, file: FileRow, scale: UpscaleFactor): Promise<PrintFile> {
  return ctx.step('print', () =>
    withTempDir(ctx.deps.options.tmpDir, async (dir) => {
      const { deps } = ctx;
      const drive = need(deps, 'drive');
      const ready = folder(deps, 'ready');
      let source: string;
      let predictionId: string | null = null;
      if (scale === 1) {
        source = await downloadOriginal(ctx, file, dir);
      } else {
        const replicate = need(deps, 'replicate');
        predictionId = ctx.checkpoint<string | null>('prediction_id') ?? null;
        if (!predictionId) {
          const upright = await normaliseToSrgb(await downloadOriginal(ctx, file, dir), path.join(dir, 'upright.jpg'));
          // Replicate takes data URIs below 1 MB; a larger file goes through its Files API.
          const image =
            upright.sizeBytes < DATA_URI_MAX_BYTES
              ? await fileToDataUri(upright.path, 'image/jpeg')
              : await replicate.uploadFile(upright.path, { filename: `${baseName(file.original_filename)}.jpg`, contentType: 'image/jpeg' }, callOpts(ctx));
          const prediction = await replicate.createPrediction({ model: deps.config.REPLICATE_UPSCALE_MODEL, input: { image, scale }, ...predictionWebhook(ctx) }, callOpts(ctx));
          predictionId = prediction.id;
          // Before anything else can go wrong: a re-run resumes this prediction.
          await ctx.saveCheckpoint('prediction_id', predictionId);
          await deps.predictions.record({ id: predictionId, jobId: ctx.job.id, fileId: file.id, purpose: 'upscale', model: deps.config.REPLICATE_UPSCALE_MODEL });
          await deps.options.hooks?.afterPredictionCheckpoint?.(ctx.job.id, predictionId);
        }
        const output = await replicate.pollPrediction(predictionId, callOpts(ctx)); // RunLaterError while it runs
        const download = await replicate.downloadOutput(firstOutputUrl(output), callOpts(ctx));
        source = await streamToFile(download.body, path.join(dir, 'upscaled'));
      }
      const print = await normaliseToSrgb(source, path.join(dir, 'print.jpg'));
      const name = `${baseName(file.original_filename)}-print${scale > 1 ? `-x${scale}` : ''}.jpg`;
      const uploaded = await drive.upload({ name, mimeType: 'image/jpeg', parents: [ready], body: print.path }, callOpts(ctx));
      return { driveFileId: uploaded.id, width: print.width, height: print.height, scale, predictionId };
    }),
  );
}

export function chooseFileScale(deps: PipelineDeps, family: Family, width: number, height: number, override?: number): UpscaleFactor {
  return chooseScale(family, width, height, deps.config.MIN_PRINT_DPI, (override as UpscaleFactor | undefined) ?? null);
}

/** Sizes reached at MIN_PRINT_DPI by the print file, with their configured prices. */
export function offeredWithPrices(deps: PipelineDeps, family: Family, width: number, height: number, prices: PriceTable): OfferedWithPrice[] {
  return offeredSizes(family, width, height, deps.config.MIN_PRINT_DPI).map((s) => ({ ...s, price: priceFor(prices, s.key) ?? null }));
}
