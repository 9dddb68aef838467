/**
 * The model-facing side of metadata (SPEC §1 Metadata): the prompts that ask a language
 * model on Replicate for a draft, and the reading of its answer. Kept out of
 * domain/files/metadata.ts so the domain does not depend on Replicate's output shape.
 *
 *  - `buildPrompt`: the first question;
 *  - `buildRetryPrompt`: after a hard fault (no JSON, a field missing or of the wrong
 *    type), the same question with the validation errors given back;
 *  - `buildRepairPrompt`: after a draft that is well formed but misses a soft limit, the
 *    question with that draft and its shortfalls (asked once per job);
 *  - `parseModelOutput`: the answer as hard-valid Metadata, or MetadataInvalidError
 *    (retryable) naming what is wrong. Soft limits are checked by the caller
 *    (`softLimitWarnings`).
 */
import { outputText } from '../integrations/replicate.js';
import { RetryableError } from '../core/outcomes.js';
import { issuesOf, metadataSchema, SOFT_LIMITS, type Metadata } from '../domain/files/metadata.js';

export class MetadataInvalidError extends RetryableError {
  constructor(readonly issues: string[]) {
    super(`model output is not valid metadata: ${issues.slice(0, 5).join('; ')}`, 'METADATA_INVALID');
  }
}

export interface PromptInput {
  originalFilename: string;
  species: string | null;
  ratioFamily: string | null;
  orientation: 'landscape' | 'portrait' | 'square';
}

/**
 * The prompt. Kept free of "species…:" patterns except the known-species line, so a
 * model (or the stand-in) never mistakes an instruction for the answer.
 */
export function buildPrompt(p: PromptInput): string {
  const L = SOFT_LIMITS;
  const lines = [
    'You write product listings for Field & Fen, a shop selling wildlife and nature art as canvas prints.',
    `The artwork file is named "${p.originalFilename}" (${p.orientation}${p.ratioFamily ? `, ratio ${p.ratioFamily}` : ''}).`,
    p.species
      ? `Species: "${p.species}"`
      : 'Identify the animal or plant the artwork shows from the file name and give its common English name.',
    'Answer with ONE JSON object and nothing else, with exactly these keys:',
    '- "species" (common English name),',
    '- "filename" (lower case, hyphenated, starting with the species, ending in .jpg, e.g. red-fox-morning-light.jpg),',
    `- "title" (the product title, ideally at most ${L.title.ideal} characters, never more than ${L.title.max}),`,
    `- "description" (${L.descriptionWords.min} to ${L.descriptionWords.max} words, warm and specific, no hashtags),`,
    `- "hashtags" (a list of ${L.hashtags.min} to ${L.hashtags.max} distinct hashtags, each starting with #),`,
    `- "captions" (an object with "instagram", "tiktok" and "pinterest" captions; the pinterest one at most ${L.captions.pinterest} characters).`,
  ];
  return lines.join('\n');
}

const bullets = (items: string[]) => items.slice(0, 10).map((i) => `- ${i}`).join('\n');

/** The question again after an answer that was not a well-formed draft, with what was wrong. */
export function buildRetryPrompt(p: PromptInput, errors: string[]): string {
  return [
    buildPrompt(p),
    '',
    'Your previous answer was invalid:',
    bullets(errors),
    'Answer again with only the JSON object.',
  ].join('\n');
}

/** The one repair: the previous, well-formed draft and the limits it missed. */
export function buildRepairPrompt(p: PromptInput, draft: Metadata, shortfalls: string[]): string {
  return [
    buildPrompt(p),
    '',
    'Your previous draft was:',
    JSON.stringify(draft, null, 2),
    'It misses these limits:',
    bullets(shortfalls),
    'Correct it so that every limit is met, keeping what was good. Answer again with only the JSON object.',
  ].join('\n');
}

/** The JSON object in a model's text: code fences and chatter around it are tolerated. */
export function extractJson(text: string): unknown {
  const unfenced = text.replace(/```(?:json)?/gi, '');
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  if (start < 0 || end <= start) throw new MetadataInvalidError(['output contains no JSON object']);
  try {
    return JSON.parse(unfenced.slice(start, end + 1));
  } catch (err) {
    throw new MetadataInvalidError([`output is not valid JSON (${(err as Error).message})`]);
  }
}

/** Parse a prediction's output against the hard schema; MetadataInvalidError when it does not fit. */
export function parseModelOutput(output: unknown): Metadata {
  let text: string;
  try {
    text = outputText(output);
  } catch {
    throw new MetadataInvalidError(['output is not text']);
  }
  const result = metadataSchema.safeParse(extractJson(text));
  if (!result.success) throw new MetadataInvalidError(issuesOf(result.error));
  return result.data;
}
