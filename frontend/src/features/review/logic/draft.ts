/**
 * A listing's editable text as the review form holds it (captions flattened), read
 * from the API's `metadata` JSON, compared with the AI's draft, and turned back into
 * `MetadataEdits` carrying only what the reviewer changed.
 */
import type { VariablesOf } from '../../../lib/graphql';
import type { ApproveFile } from '../api';

export interface Draft {
  species: string;
  filename: string;
  title: string;
  description: string;
  hashtags: string[];
  instagram: string;
  tiktok: string;
  pinterest: string;
}

export type DraftField = keyof Draft;
export type MetadataEdits = NonNullable<VariablesOf<typeof ApproveFile>['edits']>;

/** In the form's order. */
export const DRAFT_FIELDS: readonly DraftField[] = ['species', 'filename', 'title', 'description', 'hashtags', 'instagram', 'tiktok', 'pinterest'];

/** The labels people see (exactly these, also the fields' accessible names). */
export const FIELD_LABELS: Record<DraftField, string> = {
  species: 'Species',
  filename: 'Filename',
  title: 'Title',
  description: 'Description',
  hashtags: 'Hashtags',
  instagram: 'Instagram caption',
  tiktok: 'TikTok caption',
  pinterest: 'Pinterest caption',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The API's metadata JSON → a Draft; null when there is none (not drafted yet). */
export function draftFromMetadata(metadata: unknown): Draft | null {
  if (!metadata || typeof metadata !== 'object') return null;
  const m = metadata as Record<string, unknown>;
  const captions = (m.captions && typeof m.captions === 'object' ? m.captions : {}) as Record<string, unknown>;
  return {
    species: str(m.species),
    filename: str(m.filename),
    title: str(m.title),
    description: str(m.description),
    hashtags: Array.isArray(m.hashtags) ? m.hashtags.filter((t): t is string => typeof t === 'string') : [],
    instagram: str(captions.instagram),
    tiktok: str(captions.tiktok),
    pinterest: str(captions.pinterest),
  };
}

export function isFieldChanged(original: Draft, current: Draft, field: DraftField): boolean {
  const a = original[field];
  const b = current[field];
  if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length || a.some((t, i) => t !== b[i]);
  return a !== b;
}

export const changedFields = (original: Draft, current: Draft): DraftField[] => DRAFT_FIELDS.filter((f) => isFieldChanged(original, current, f));

/** Only the changed fields, in the API's shape; null when nothing changed. */
export function toEdits(original: Draft, current: Draft): MetadataEdits | null {
  const changed = changedFields(original, current);
  if (changed.length === 0) return null;
  const edits: MetadataEdits = {};
  const captions: NonNullable<MetadataEdits['captions']> = {};
  for (const f of changed) {
    if (f === 'instagram' || f === 'tiktok' || f === 'pinterest') captions[f] = current[f];
    else if (f === 'hashtags') edits.hashtags = [...current.hashtags];
    else edits[f] = current[f];
  }
  if (Object.keys(captions).length) edits.captions = captions;
  return edits;
}
