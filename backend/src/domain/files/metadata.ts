/**
 * Product metadata proposed by the language model (SPEC §1 Metadata): the schema it
 * must satisfy, the prompt that asks for it, and the parser of the model's output
 * (Replicate answers a list of string tokens). Output that does not satisfy the schema
 * is a RetryableError (a new prediction is asked for) and is never stored.
 */
import { z } from 'zod';
import { outputText } from '../../integrations/replicate.js';
import { RetryableError } from '../../core/outcomes.js';

export const slugify = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const wordCount = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;

export const captionsSchema = z.strictObject({
  instagram: z.string().trim().min(1).max(2200),
  tiktok: z.string().trim().min(1).max(2200),
  pinterest: z.string().trim().min(1).max(500),
});

export const metadataSchema = z
  .object({
    species: z.string().trim().min(2).max(80),
    filename: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.jpg$/, 'must look like species-description.jpg (lower case, hyphens)'),
    title: z.string().trim().min(5).max(255),
    description: z
      .string()
      .trim()
      .superRefine((d, ctx) => {
        const n = wordCount(d);
        if (n < 100 || n > 200) ctx.addIssue({ code: 'custom', message: `must be 100–200 words (has ${n})` });
      }),
    hashtags: z
      .array(z.string().trim().regex(/^#[\p{L}\p{N}_]+$/u, 'each hashtag is # followed by letters, digits or _'))
      .min(20)
      .max(30)
      .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, 'hashtags must not repeat'),
    captions: captionsSchema,
  })
  .superRefine((m, ctx) => {
    const slug = slugify(m.species);
    if (slug && !m.filename.startsWith(`${slug}-`)) {
      ctx.addIssue({ code: 'custom', path: ['filename'], message: `must start with the species ("${slug}-…")` });
    }
  });

export type Metadata = z.infer<typeof metadataSchema>;

/** Reviewer edits at approval: any field, nothing else. */
export const metadataEditsSchema = z.strictObject({
  species: z.string().optional(),
  filename: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  hashtags: z.array(z.string()).optional(),
  captions: z.strictObject({ instagram: z.string().optional(), tiktok: z.string().optional(), pinterest: z.string().optional() }).optional(),
});
export type MetadataEdits = z.infer<typeof metadataEditsSchema>;

export class MetadataInvalidError extends RetryableError {
  constructor(readonly issues: string[]) {
    super(`model output is not valid metadata: ${issues.slice(0, 5).join('; ')}`, 'METADATA_INVALID');
  }
}

export function issuesOf(err: z.ZodError): string[] {
  return err.issues.map((i) => `${i.path.join('.') || 'output'}: ${i.message}`);
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
  const lines = [
    'You write product listings for Field & Fen, a shop selling wildlife and nature art as canvas prints.',
    `The artwork file is named "${p.originalFilename}" (${p.orientation}${p.ratioFamily ? `, ratio ${p.ratioFamily}` : ''}).`,
    p.species
      ? `Species: "${p.species}"`
      : 'Identify the animal or plant the artwork shows from the file name and give its common English name.',
    'Answer with ONE JSON object and nothing else, with exactly these keys:',
    '- "species" (common English name),',
    '- "filename" (lower case, hyphenated, starting with the species, ending in .jpg, e.g. red-fox-morning-light.jpg),',
    '- "title" (the product title),',
    '- "description" (100 to 200 words, warm and specific, no hashtags),',
    '- "hashtags" (a list of 20 to 30 distinct hashtags, each starting with #),',
    '- "captions" (an object with "instagram", "tiktok" and "pinterest" captions).',
  ];
  return lines.join('\n');
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

/** Parse and validate a prediction's output; MetadataInvalidError when it does not fit. */
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

/** Apply reviewer edits to stored metadata; returns the merged metadata and what changed. */
export function applyEdits(current: Metadata, edits: MetadataEdits): { merged: unknown; changes: Record<string, { from: unknown; to: unknown }> } {
  const merged: Record<string, unknown> = { ...current, ...edits, captions: { ...current.captions, ...(edits.captions ?? {}) } };
  for (const k of Object.keys(edits) as (keyof MetadataEdits)[]) if (edits[k] === undefined) merged[k] = current[k as keyof Metadata];
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(merged)) {
    const before = (current as Record<string, unknown>)[k];
    if (JSON.stringify(before) !== JSON.stringify(merged[k])) changes[k] = { from: before, to: merged[k] };
  }
  return { merged, changes };
}
