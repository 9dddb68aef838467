/**
 * Failure groups as the Failures tab shows them: ordered (the most recent failure first,
 * or the biggest group first), each with its seen-times as dates, its commands in words,
 * and the text to show (the newest failure's own error, else the normalised one).
 */
import { commandLabel } from './commands';
import type { FailureSort } from '../search';

export interface FailureGroupInput {
  fingerprint: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
  normalisedError: string;
  sampleError: string | null;
  commandTypes: readonly string[];
  jobIds: readonly string[];
  fileIds: readonly string[];
}

export interface ShapedFailureGroup {
  fingerprint: string;
  count: number;
  firstSeen: Date | null;
  lastSeen: Date | null;
  /** The error to show: the newest failure's text as stored, else the normalised text. */
  error: string;
  normalisedError: string;
  commands: { type: string; label: string }[];
  jobIds: readonly string[];
  fileIds: readonly string[];
}

export interface ShapedFailures {
  groups: ShapedFailureGroup[];
  /** FAILED jobs in all groups. */
  total: number;
}

const toDate = (s: string | null): Date | null => {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
};
const time = (d: Date | null) => (d ? d.getTime() : -Infinity);

export function shapeFailureGroups(groups: readonly FailureGroupInput[], sort: FailureSort = 'recent'): ShapedFailures {
  const shaped = groups.map((g): ShapedFailureGroup => {
    let first = toDate(g.firstSeen);
    let last = toDate(g.lastSeen);
    if (first && last && first > last) [first, last] = [last, first];
    const types = [...new Set(g.commandTypes)];
    const commands = types.map((type) => ({ type, label: commandLabel(type) })).sort((a, b) => a.label.localeCompare(b.label));
    const sample = g.sampleError?.trim();
    return {
      fingerprint: g.fingerprint,
      count: g.count,
      firstSeen: first ?? last,
      lastSeen: last ?? first,
      error: sample || g.normalisedError,
      normalisedError: g.normalisedError,
      commands,
      jobIds: g.jobIds,
      fileIds: g.fileIds,
    };
  });
  const byRecent = (a: ShapedFailureGroup, b: ShapedFailureGroup) => {
    const x = time(a.lastSeen);
    const y = time(b.lastSeen);
    return x === y ? 0 : x > y ? -1 : 1;
  };
  const byCount = (a: ShapedFailureGroup, b: ShapedFailureGroup) => b.count - a.count;
  const byFingerprint = (a: ShapedFailureGroup, b: ShapedFailureGroup) => a.fingerprint.localeCompare(b.fingerprint);
  const order = sort === 'count' ? [byCount, byRecent, byFingerprint] : [byRecent, byCount, byFingerprint];
  shaped.sort((a, b) => {
    for (const cmp of order) {
      const c = cmp(a, b);
      if (c !== 0) return c;
    }
    return 0;
  });
  return { groups: shaped, total: shaped.reduce((n, g) => n + g.count, 0) };
}
