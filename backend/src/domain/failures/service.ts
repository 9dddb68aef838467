/**
 * Failure groups: FAILED jobs grouped by what went wrong, so the dashboard shows "37 ×
 * Replicate timeout after <duration>" instead of 37 rows, and one click retries them.
 *
 * A group is a fingerprint: sha1 (hex, first 16) of the command type and the job's
 * `last_error` normalised — UUIDs, hex ids (≥ 8 characters), opaque ids (≥ 16),
 * timestamps, IP addresses, quoted strings, durations, numbers and the finisher's "(attempt N of M…)" suffix replaced by
 * placeholders, whitespace collapsed, cut at 200 characters — so "timeout after 30 s"
 * and "timeout after 31 s" of one command are one group, and the same text from two
 * commands is two.
 *
 * Computed in JS over a bounded scan: the SCAN_LIMIT (10,000) most recently finished
 * FAILED jobs. Older failures beyond that are not grouped (`truncated` says so); the
 * cost is one index range read and a regex pass, whatever the size of the jobs table.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { recentFailedJobs, type FailedJobRow } from './repository.js';

/** How many of the most recent FAILED jobs are grouped. */
export const SCAN_LIMIT = 10_000;
const MAX_NORMALISED = 200;

export interface FailureGroup {
  fingerprint: string;
  count: number;
  /** completed_at of the oldest and newest failure of the group (within the scan). */
  firstSeen: string | null;
  lastSeen: string | null;
  /** The newest failure's error, as stored. */
  sampleError: string | null;
  /** The normalised text the fingerprint is computed from. */
  normalisedError: string;
  /** The group's command types (one: the command type is part of the fingerprint). */
  commandTypes: string[];
  /** The group's FAILED job ids within the scan, newest first. */
  jobIds: string[];
  /** Files those jobs worked on (distinct, newest first). */
  fileIds: string[];
}

export interface FailureGroups {
  /** Newest groups first (by lastSeen). */
  groups: FailureGroup[];
  /** FAILED jobs read (≤ SCAN_LIMIT). */
  scanned: number;
  /** True when there may be older FAILED jobs the scan did not reach. */
  truncated: boolean;
}

const REPLACEMENTS: [RegExp, string][] = [
  // The finisher's suffix: "(attempt 3 of 5; no attempts left)".
  [/\(\s*attempts?\s+\d+\s+of\s+\d+[^)]*\)/gi, '(attempt <n>)'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // Quoted strings; a quote must not sit inside a word ("can't" is not a quote).
  [/"(?:[^"\\]|\\.)*"/g, '<str>'],
  [/(?<![\w])'[^'\n]*'(?![\w])/g, '<str>'],
  [/`[^`\n]*`/g, '<str>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>'],
  // Opaque ids (Drive file ids, tokens): 16+ letters, digits, _ or -, with letters and digits.
  [/(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{16,}(?![\w-])/gi, '<id>'],
  // Hex ids: 8+ hex digits with a letter among them (an all-digit run is a number: one
  // placeholder for 7 and 8 digits alike) and a digit (so "deadbeef"-like words stay).
  [/\b(?:0x)?(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\b\d+(?:\.\d+)?\s?(?:ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b/gi, '<duration>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/** The error text with its variable parts replaced by placeholders (see the header). */
export function normaliseError(error: string | null): string {
  let text = error ?? '';
  for (const [re, placeholder] of REPLACEMENTS) text = text.replace(re, placeholder);
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_NORMALISED);
}

/** The group of a failure: sha1 hex (first 16) of its command type and normalised error. */
export function failureFingerprint(commandType: string, error: string | null): string {
  return createHash('sha1').update(`${commandType}\n${normaliseError(error)}`).digest('hex').slice(0, 16);
}

export function groupFailures(rows: readonly FailedJobRow[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup & { files: Set<string> }>();
  const fingerprints = new Map<string, string>(); // command + normalised text → fingerprint (one sha1 per shape)
  // Rows come newest first: the first row of a group is its sample and lastSeen.
  for (const r of rows) {
    const normalised = normaliseError(r.last_error);
    const key = `${r.command_type}\n${normalised}`;
    let fingerprint = fingerprints.get(key);
    if (!fingerprint) {
      fingerprint = createHash('sha1').update(key).digest('hex').slice(0, 16);
      fingerprints.set(key, fingerprint);
    }
    let g = groups.get(fingerprint);
    if (!g) {
      g = {
        fingerprint,
        count: 0,
        firstSeen: r.completed_at,
        lastSeen: r.completed_at,
        sampleError: r.last_error,
        normalisedError: normalised,
        commandTypes: [r.command_type],
        jobIds: [],
        fileIds: [],
        files: new Set(),
      };
      groups.set(fingerprint, g);
    }
    g.count += 1;
    g.jobIds.push(r.id);
    if (r.file_id && !g.files.has(r.file_id)) {
      g.files.add(r.file_id);
      g.fileIds.push(r.file_id);
    }
    if (r.completed_at && (!g.firstSeen || r.completed_at < g.firstSeen)) g.firstSeen = r.completed_at;
    if (r.completed_at && (!g.lastSeen || r.completed_at > g.lastSeen)) g.lastSeen = r.completed_at;
  }
  return [...groups.values()]
    .map(({ files: _files, ...g }) => g)
    .sort((a, b) => cmp(b.lastSeen ?? '', a.lastSeen ?? '') || b.count - a.count || cmp(a.fingerprint, b.fingerprint));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class FailureService {
  constructor(
    private readonly db: Db,
    private readonly scanLimit = SCAN_LIMIT,
  ) {}

  /** FAILED jobs grouped by fingerprint, newest groups first (over the most recent `scanLimit` failures). */
  async failureGroups(): Promise<FailureGroups> {
    const rows = await recentFailedJobs(this.db, this.scanLimit);
    return { groups: groupFailures(rows), scanned: rows.length, truncated: rows.length >= this.scanLimit };
  }

  /** The FAILED job ids of one group, newest first ([] for an unknown fingerprint); retry them through JobService.retry. */
  async retryGroup(fingerprint: string): Promise<string[]> {
    const rows = await recentFailedJobs(this.db, this.scanLimit);
    return groupFailures(rows).find((g) => g.fingerprint === fingerprint)?.jobIds ?? [];
  }
}
