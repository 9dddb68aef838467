/**
 * GenerateMetadata (queue image.process, started by file.processed): a language model
 * on Replicate proposes species, filename, title, description, hashtags and captions.
 * The prediction id is checkpointed before polling (a re-run resumes it). Output that
 * fails the schema is never stored: the checkpoint is cleared and the job retried
 * (a new prediction); after the last attempt the file is FAILED "METADATA_INVALID: …".
 * Valid output moves the file to PROCESSED: the review queue.
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { need } from '../pipeline/deps.js';
import { failingFileOnFinalError } from '../pipeline/guard.js';
import { callOpts } from '../pipeline/imageSteps.js';
import { buildPrompt, MetadataInvalidError, parseModelOutput } from '../domain/files/metadata.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const generateMetadataPayload = strictPayload({ file_id: z.string().uuid() });
type Payload = z.infer<typeof generateMetadataPayload>;

export const generateMetadata = defineCommand<Payload, PipelineDeps>({
  type: 'GenerateMetadata',
  queue: 'image.process',
  payload: generateMetadataPayload,
  timeoutMs: 5 * 60_000,
  fileIdOf: (p) => p.file_id,
  handler: failingFileOnFinalError(async (ctx) => {
    const { files, config } = ctx.deps;
    const file = await files.get(ctx.payload.file_id);
    if (file.status !== 'processing') return { skipped: true, status: file.status };
    const replicate = need(ctx.deps, 'replicate');

    let predictionId = ctx.checkpoint<string | null>('metadata_prediction_id') ?? null;
    if (!predictionId) {
      const w = file.width ?? 0;
      const h = file.height ?? 0;
      const prompt = buildPrompt({
        originalFilename: file.original_filename,
        species: file.species,
        ratioFamily: file.ratio_family,
        orientation: w > h ? 'landscape' : w < h ? 'portrait' : 'square',
      });
      const p = await replicate.createPrediction({ model: config.REPLICATE_METADATA_MODEL, input: { prompt, max_tokens: 1500, temperature: 0.6 } }, callOpts(ctx));
      predictionId = p.id;
      await ctx.saveCheckpoint('metadata_prediction_id', predictionId);
      await ctx.deps.predictions.record({ id: p.id, jobId: ctx.job.id, fileId: file.id, purpose: 'metadata', model: config.REPLICATE_METADATA_MODEL });
    }
    const output = await replicate.pollPrediction(predictionId, callOpts(ctx)); // RunLaterError while it runs
    let meta;
    try {
      meta = parseModelOutput(output);
    } catch (err) {
      // Paid for, but unusable: the next attempt asks for a new answer.
      if (err instanceof MetadataInvalidError) await ctx.saveCheckpoint('metadata_prediction_id', null);
      throw err;
    }
    const row = await files.setStatus(file.id, 'processed', {
      from: ['processing'],
      patch: { metadata_json: JSON.stringify(meta), species: file.species ?? meta.species, processed_filename: meta.filename },
    });
    if (row) ctx.emit('file.updated', { file_id: file.id, status: 'processed' });
    return { file_id: file.id, prediction_id: predictionId, title: meta.title };
  }),
});
