/**
 * The price table being edited: rows as typed (prices are text until saved), compared
 * with the table in force to say what changed, and turned into the mutation's input.
 */
import type { Price } from '../api';
import { compareRatios, compareSizes, parsePrice, ratioOf } from './priceTable';

export interface DraftRow {
  /** SHORTxLONG. */
  size: string;
  /** As typed. */
  price: string;
}

/** The table as rows, prices as text ("70", "70.5"). */
export const draftFrom = (prices: readonly Price[]): DraftRow[] => prices.map((p) => ({ size: p.size, price: String(p.price) }));

export interface DraftChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export function changesOf(rows: readonly DraftRow[], baseline: readonly Price[]): DraftChanges {
  const before = new Map(baseline.map((p) => [p.size, p.price]));
  const now = new Set(rows.map((r) => r.size));
  const added: string[] = [];
  const changed: string[] = [];
  for (const r of rows) {
    if (!before.has(r.size)) added.push(r.size);
    else {
      const parsed = parsePrice(r.price);
      if (!('value' in parsed) || parsed.value !== before.get(r.size)) changed.push(r.size);
    }
  }
  const removed = baseline.filter((p) => !now.has(p.size)).map((p) => p.size);
  return { added, removed, changed };
}

export const hasChanges = (c: DraftChanges): boolean => c.added.length + c.removed.length + c.changed.length > 0;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 prices changed, 1 size added, 1 size removed". */
export function describeChanges(c: DraftChanges): string {
  const parts: string[] = [];
  if (c.changed.length) parts.push(`${plural(c.changed.length, 'price', 'prices')} changed`);
  if (c.added.length) parts.push(`${plural(c.added.length, 'size', 'sizes')} added`);
  if (c.removed.length) parts.push(`${plural(c.removed.length, 'size', 'sizes')} removed`);
  return parts.join(', ');
}

/** Each row's problem, by size (only rows with one). */
export function rowErrors(rows: readonly DraftRow[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const r of rows) {
    const p = parsePrice(r.price);
    if ('error' in p) errors.set(r.size, p.error);
  }
  return errors;
}

/** The mutation's `prices`, smallest size first (call only when rowErrors is empty). */
export function toPayload(rows: readonly DraftRow[]): { size: string; price: number }[] {
  return [...rows]
    .sort((a, b) => compareSizes(a.size, b.size))
    .map((r) => {
      const p = parsePrice(r.price);
      return { size: r.size, price: 'value' in p ? p.value : NaN };
    });
}

/** Rows grouped by aspect ratio (common ratios first), each group smallest first. */
export function groupByRatio(rows: readonly DraftRow[]): { ratio: string; rows: DraftRow[] }[] {
  const groups = new Map<string, DraftRow[]>();
  for (const r of rows) {
    const ratio = ratioOf(r.size);
    groups.set(ratio, [...(groups.get(ratio) ?? []), r]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareRatios(a, b))
    .map(([ratio, list]) => ({ ratio, rows: list.sort((a, b) => compareSizes(a.size, b.size)) }));
}

/** A stable text of a table, to notice when the one in force changed. */
export const signatureOf = (prices: readonly Price[]): string =>
  prices
    .map((p) => `${p.size}=${p.price}`)
    .sort()
    .join(',');
