/**
 * Product metadata (SPEC §1 Metadata), the domain part only: what a stored draft must
 * be (`metadataSchema`: structure and types — no field missing, no empty text, a usable
 * filename, well-formed distinct hashtags) and the limits it should meet
 * (`softLimitWarnings`: 100–200 words, 20–30 hashtags, title and caption lengths).
 * Soft limits are guidance, never a block: a draft that misses one is stored with its
 * shortfalls listed, and a reviewer may approve it. Asking the model and reading its
 * answer is the pipeline's business (pipeline/metadataDraft.ts); nothing here knows
 * about Replicate.
 */
import { z } from 'zod';

export const slugify = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const wordCount = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;

/** The limits a draft should meet; the prompts ask for them, `softLimitWarnings` checks them. */
export const SOFT_LIMITS = {
  descriptionWords: { min: 100, max: 200 },
  hashtags: { min: 20, max: 30 },
  /** Characters; `ideal` is what the prompt asks for, `max` what is accepted without a warning. */
  title: { min: 5, ideal: 60, max: 70 },
  /** Characters, the platforms' caption limits. */
  captions: { instagram: 2200, tiktok: 2200, pinterest: 500 },
} as const;

/** Shopify refuses a longer product title: structure, not style. */
export const TITLE_HARD_MAX = 255;

const text = () => z.string().trim().min(1, 'must not be empty');

export const captionsSchema = z.strictObject({
  instagram: text(),
  tiktok: text(),
  pinterest: text(),
});

export const metadataSchema = z
  .object({
    species: z.string().trim().min(2).max(80),
    filename: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.jpg$/, 'must look like species-description.jpg (lower case, hyphens)'),
    title: text().max(TITLE_HARD_MAX),
    description: text(),
    hashtags: z
      .array(z.string().trim().regex(/^#[\p{L}\p{N}_]+$/u, 'each hashtag is # followed by letters, digits or _'))
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

const range = (n: number, r: { min: number; max: number }) => n >= r.min && n <= r.max;

/** The soft limits `meta` misses, in words a reviewer (and the model) can act on; empty when none. */
export function softLimitWarnings(meta: Metadata): string[] {
  const out: string[] = [];
  const L = SOFT_LIMITS;
  const words = wordCount(meta.description);
  if (!range(words, L.descriptionWords)) {
    out.push(`the description has ${words} words; it needs ${L.descriptionWords.min}–${L.descriptionWords.max}`);
  }
  const tags = meta.hashtags.length;
  if (!range(tags, L.hashtags)) out.push(`there are ${tags} hashtags; it needs ${L.hashtags.min}–${L.hashtags.max}`);
  const title = meta.title.length;
  if (!range(title, L.title)) {
    out.push(`the title has ${title} characters; it needs ${L.title.min}–${L.title.max} (ideally at most ${L.title.ideal})`);
  }
  for (const k of ['instagram', 'tiktok', 'pinterest'] as const) {
    const n = meta.captions[k].length;
    if (n > L.captions[k]) out.push(`the ${k} caption has ${n} characters; it needs at most ${L.captions[k]}`);
  }
  return out;
}

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

export function issuesOf(err: z.ZodError): string[] {
  return err.issues.map((i) => `${i.path.join('.') || 'output'}: ${i.message}`);
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
