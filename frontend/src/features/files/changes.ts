/**
 * A review's `changes` (field → {from, to}, as the API stores reviewer edits) as lines a
 * person can read: text fields as before → after, hashtags as added / removed, each
 * caption as its own line. Unknown fields are shown too (as text), never dropped.
 */

export type ChangeLine =
  | { kind: 'text'; field: string; label: string; from: string | null; to: string | null; long: boolean }
  | { kind: 'tags'; field: string; label: string; added: string[]; removed: string[] };

const FIELD_ORDER = ['title', 'description', 'hashtags', 'species', 'filename', 'captions'];
const LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  hashtags: 'Hashtags',
  species: 'Species',
  filename: 'Filename',
  'captions.instagram': 'Instagram caption',
  'captions.tiktok': 'TikTok caption',
  'captions.pinterest': 'Pinterest caption',
};
const LONG_FIELDS = new Set(['description', 'captions.instagram', 'captions.tiktok', 'captions.pinterest']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const labelOf = (field: string) => {
  if (LABELS[field]) return LABELS[field];
  const last = field.split('.').pop() ?? field;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A value as text: strings as they are, lists joined, anything else as JSON; nothing → null. */
export function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : null;
  return JSON.stringify(v);
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : v === null || v === undefined ? [] : null);

function line(field: string, from: unknown, to: unknown): ChangeLine[] {
  if (field === 'hashtags') {
    const a = strings(from);
    const b = strings(to);
    if (a && b) {
      const before = new Set(a);
      const after = new Set(b);
      const added = b.filter((t) => !before.has(t));
      const removed = a.filter((t) => !after.has(t));
      if (!added.length && !removed.length) return []; // only the order changed
      return [{ kind: 'tags', field, label: labelOf(field), added, removed }];
    }
  }
  if (field === 'captions' && (isRecord(from) || isRecord(to))) {
    const a = isRecord(from) ? from : {};
    const b = isRecord(to) ? to : {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    const order = ['instagram', 'tiktok', 'pinterest'];
    keys.sort((x, y) => (order.indexOf(x) + 1 || 99) - (order.indexOf(y) + 1 || 99));
    return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).flatMap((k) => line(`captions.${k}`, a[k], b[k]));
  }
  const fromText = valueText(from);
  const toText = valueText(to);
  const long = LONG_FIELDS.has(field) || (fromText?.length ?? 0) > 80 || (toText?.length ?? 0) > 80;
  return [{ kind: 'text', field, label: labelOf(field), from: fromText, to: toText, long }];
}

/** The lines for a review's `changes`; [] when there are none (or they are not an object). */
export function describeChanges(changes: unknown): ChangeLine[] {
  if (!isRecord(changes)) return [];
  const fields = Object.keys(changes).sort((x, y) => (FIELD_ORDER.indexOf(x) + 1 || 99) - (FIELD_ORDER.indexOf(y) + 1 || 99));
  return fields.flatMap((field) => {
    const c = changes[field];
    const { from, to } = isRecord(c) && ('from' in c || 'to' in c) ? c : { from: undefined, to: c };
    return line(field, from, to);
  });
}
