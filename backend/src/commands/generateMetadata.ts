/**
 * GenerateMetadata (queue image.process, started by file.processed): a language model
 * on Replicate drafts species, filename, title, description, hashtags and captions.
 *
 *  - A hard fault (no JSON, a field missing or of the wrong type) is retried: the job
 *    fails the attempt (MetadataInvalidError) and the next prediction's prompt gives the
 *    errors back. After the last attempt the file is FAILED "METADATA_INVALID: …".
 *  - A well-formed draft that misses a soft limit gets ONE repair: a new prediction, at
 *    once (no attempt spent), whose prompt holds the draft and its shortfalls. Then the
 *    best draft is stored, its remaining shortfalls in `metadata_warnings_json`.
 *  - Every prediction the job starts is counted in the checkpoint; the job's attempt
 *    budget (`maxAttempts`) is the ceiling. The current prediction id is checkpointed
 *    before polling (a re-run resumes it, never pays twice).
 *
 * A stored draft moves the file to PROCESSED: the review queue. Nothing half formed is
 * ever stored.
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { need } from '../pipeline/deps.js';
import { failingFileOnFinalError } from '../pipeline/guard.js';
import { callOpts, predictionWebhook } from '../pipeline/imageSteps.js';
import { buildPrompt, buildRepairPrompt, buildRetryPrompt, MetadataInvalidError, parseModelOutput, type PromptInput } from '../pipeline/metadataDraft.js';
import { softLimitWarnings, type Metadata } from '../domain/files/metadata.js';
import type { FileRow } from '../db/schema.js';
import { PermanentError } from '../core/outcomes.js';
import type { JobContext } from '../jobs/command.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const generateMetadataPayload = strictPayload({ file_id: z.string().uuid() });
type Payload = z.infer<typeof generateMetadataPayload>;
type Ctx = JobContext<Payload, PipelineDeps>;

interface Draft {
  meta: Metadata;
  warnings: string[];
  predictionId: string;
}
/** The job's drafting so far, checkpointed under DRAFT_KEY. */
interface DraftState {
  /** Predictions this job has started (the ceiling is ctx.job.maxAttempts). */
  predictions: number;
  /** The prediction being waited on, if any. */
  current: { id: string; kind: 'draft' | 'repair' } | null;
  /** Hard faults of the last answer, given back in the next prompt. */
  errors: string[] | null;
  /** The best well-formed draft that misses a soft limit. */
  best: Draft | null;
  /** The one repair has been asked for. */
  repaired: boolean;
}
const DRAFT_KEY = 'metadata_draft';
const FRESH: DraftState = { predictions: 0, current: null, errors: null, best: null, repaired: false };

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
    const model = config.REPLICATE_METADATA_MODEL;
    const budget = ctx.job.maxAttempts;
    const input = promptInputOf(file);
    let s: DraftState = { ...FRESH, ...ctx.checkpoint<DraftState>(DRAFT_KEY) };
    const legacy = ctx.checkpoint<string | null>('metadata_prediction_id'); // a job checkpointed before drafts were counted
    if (legacy && !ctx.checkpoint(DRAFT_KEY)) s = { ...s, predictions: 1, current: { id: legacy, kind: 'draft' } };
    const save = (next: DraftState) => ctx.saveCheckpoint(DRAFT_KEY, (s = next));

    for (;;) {
      if (!s.current) {
        if (s.predictions >= budget) {
          if (s.best) return store(ctx, file, s.best, s.predictions);
          throw new PermanentError(`no valid metadata after ${s.predictions} predictions: ${(s.errors ?? []).slice(0, 5).join('; ')}`, 'METADATA_INVALID');
        }
        const kind = s.best && !s.repaired ? 'repair' : 'draft';
        const prompt = s.best && kind === 'repair'
          ? buildRepairPrompt(input, s.best.meta, s.best.warnings)
          : s.errors ? buildRetryPrompt(input, s.errors) : buildPrompt(input);
        const p = await replicate.createPrediction({ model, input: { prompt, max_tokens: 1500, temperature: 0.6 }, ...predictionWebhook(ctx) }, callOpts(ctx));
        await save({ ...s, predictions: s.predictions + 1, current: { id: p.id, kind }, repaired: s.repaired || kind === 'repair' });
        await ctx.deps.predictions.record({ id: p.id, jobId: ctx.job.id, fileId: file.id, purpose: 'metadata', model });
      }
      const { id } = s.current!;
      const output = await replicate.pollPrediction(id, callOpts(ctx)); // RunLaterError while it runs

      let meta: Metadata;
      try {
        meta = parseModelOutput(output);
      } catch (err) {
        if (!(err instanceof MetadataInvalidError)) throw err;
        // Paid for, but unusable: the next attempt asks again, with what was wrong.
        await save({ ...s, current: null, errors: err.issues });
        if (s.best) return store(ctx, file, s.best, s.predictions); // the repair was worse than the draft
        if (s.predictions >= budget && ctx.job.attempt < ctx.job.maxAttempts) {
          throw new PermanentError(`${err.message} (after ${s.predictions} predictions)`, 'METADATA_INVALID');
        }
        throw err;
      }
      const draft: Draft = { meta, warnings: softLimitWarnings(meta), predictionId: id };
      if (draft.warnings.length === 0) return store(ctx, file, draft, s.predictions);
      const best = !s.best || draft.warnings.length <= s.best.warnings.length ? draft : s.best;
      await save({ ...s, current: null, errors: null, best });
      if (s.repaired || s.predictions >= budget) return store(ctx, file, best, s.predictions);
      // Otherwise: round again, for the one repair.
    }
  }),
});

function promptInputOf(file: FileRow): PromptInput {
  const w = file.width ?? 0;
  const h = file.height ?? 0;
  return {
    originalFilename: file.original_filename,
    species: file.species,
    ratioFamily: file.ratio_family,
    orientation: w > h ? 'landscape' : w < h ? 'portrait' : 'square',
  };
}

/** PROCESSED with the draft; its shortfalls (or null: a reprocess may have left old ones) alongside. */
async function store(ctx: Ctx, file: FileRow, d: Draft, predictions: number) {
  const row = await ctx.deps.files.setStatus(file.id, 'processed', {
    from: ['processing'],
    patch: {
      metadata_json: JSON.stringify(d.meta),
      metadata_warnings_json: d.warnings.length ? JSON.stringify(d.warnings) : null,
      species: file.species ?? d.meta.species,
      processed_filename: d.meta.filename,
    },
  });
  if (row) ctx.emit('file.updated', { file_id: file.id, status: 'processed' });
  return { file_id: file.id, prediction_id: d.predictionId, predictions, title: d.meta.title, warnings: d.warnings };
}
