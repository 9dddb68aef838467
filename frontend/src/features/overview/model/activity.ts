/**
 * The activity feed's lines, in words: "Red fox in bracken was approved by rita",
 * "UpscaleImage failed for Heron at dawn" (with the error beneath). Text only: file
 * names, reasons and errors are shown as text, never as HTML.
 */
import type { Tone } from '../../../lib/statuses';
import { statusLook } from '../../../components/ui';

/** One item of the API's `activity` (the fields the feed reads). */
export interface ActivityItem {
  id: string;
  kind: 'FILE_STATUS' | 'REVIEW' | 'JOB_FAILED' | (string & {});
  at: string;
  fileId: string | null;
  filename: string | null;
  jobId: string | null;
  status: string | null;
  decision: string | null;
  reviewer: string | null;
  reason: string | null;
  error: string | null;
  commandType: string | null;
}

/** The file a line is about (a link to it). */
export interface ActivityFile {
  fileId: string;
  /** The original filename, as stored (null when the file has none). */
  filename: string | null;
  /** The name shown in the sentence. */
  name: string;
}

export type ActivityPart = { type: 'text'; text: string } | { type: 'file'; file: ActivityFile } | { type: 'job'; jobId: string; text: string };

export interface ActivityLine {
  /** A stable key across refetches. */
  key: string;
  parts: ActivityPart[];
  /** A second line: the reason or the error (null when there is none). */
  detail: string | null;
  tone: Tone;
  /** The icon's meaning. */
  icon: 'arrived' | 'progress' | 'review' | 'approved' | 'published' | 'failed' | 'rejected' | 'archived' | 'edited' | 'other';
  file: ActivityFile | null;
}

/**
 * A filename as people say it: "red-fox-in-bracken.jpg" → "Red fox in bracken".
 * Keeps the name as it is when there is nothing left once tidied.
 */
export function displayName(filename: string): string {
  const stem = filename.replace(/\.[a-z0-9]{1,5}$/i, '');
  const words = stem.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!words) return filename;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fileOf(item: ActivityItem): ActivityFile | null {
  if (!item.fileId) return null;
  return { fileId: item.fileId, filename: item.filename, name: item.filename ? displayName(item.filename) : 'A file' };
}

const text = (t: string): ActivityPart => ({ type: 'text', text: t });
const fileOrText = (file: ActivityFile | null, fallback: string): ActivityPart => (file ? { type: 'file', file } : text(fallback));
const by = (reviewer: string | null) => (reviewer ? ` by ${reviewer}` : '');
const clean = (s: string | null): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

const FILE_STATUS_WORDS: Record<string, { after: string; tone: Tone; icon: ActivityLine['icon'] }> = {
  INGESTED: { after: ' arrived from Drive', tone: 'neutral', icon: 'arrived' },
  PROCESSING: { after: ' started processing', tone: 'progress', icon: 'progress' },
  PROCESSED: { after: ' is ready for review', tone: 'attention', icon: 'review' },
  APPROVED: { after: ' was approved', tone: 'info', icon: 'approved' },
  PUBLISHED: { after: ' was published to the shop', tone: 'success', icon: 'published' },
  FAILED: { after: ' failed', tone: 'danger', icon: 'failed' },
  REJECTED: { after: ' was rejected', tone: 'muted', icon: 'rejected' },
  ARCHIVED: { after: ' was archived', tone: 'muted', icon: 'archived' },
};

const REVIEW_WORDS: Record<string, { after: string; tone: Tone; icon: ActivityLine['icon'] }> = {
  APPROVED: { after: ' was approved', tone: 'info', icon: 'approved' },
  REJECTED: { after: ' was rejected', tone: 'muted', icon: 'rejected' },
  REPROCESS: { after: ' was sent back for reprocessing', tone: 'progress', icon: 'progress' },
  EDITED: { after: ' was edited', tone: 'info', icon: 'edited' },
};

export function describeActivity(item: ActivityItem): ActivityLine {
  const file = fileOf(item);
  const key = `${item.kind}:${item.id}`;
  switch (item.kind) {
    case 'FILE_STATUS': {
      const status = (item.status ?? '').toUpperCase();
      const words = FILE_STATUS_WORDS[status];
      if (words) return { key, file, parts: [fileOrText(file, 'A file'), text(words.after)], detail: clean(item.reason), tone: words.tone, icon: words.icon };
      const look = statusLook('file', status || 'unknown');
      return { key, file, parts: [fileOrText(file, 'A file'), text(` moved to ${look.label}`)], detail: clean(item.reason), tone: look.tone, icon: 'other' };
    }
    case 'REVIEW': {
      const decision = (item.decision ?? '').toUpperCase();
      const words = REVIEW_WORDS[decision];
      if (words) return { key, file, parts: [fileOrText(file, 'A file'), text(`${words.after}${by(item.reviewer)}`)], detail: clean(item.reason), tone: words.tone, icon: words.icon };
      const what = decision ? ` (${decision.toLowerCase()})` : '';
      return { key, file, parts: [fileOrText(file, 'A file'), text(` was reviewed${by(item.reviewer)}${what}`)], detail: clean(item.reason), tone: 'neutral', icon: 'other' };
    }
    case 'JOB_FAILED': {
      const command = clean(item.commandType) ?? 'A job';
      // The command names the job (a link to it, where the error and its attempts are).
      const parts: ActivityPart[] = item.jobId ? [{ type: 'job', jobId: item.jobId, text: command }, text(' failed')] : [text(`${command} failed`)];
      if (file) parts.push(text(' for '), { type: 'file', file });
      return { key, file, parts, detail: clean(item.error), tone: 'danger', icon: 'failed' };
    }
    default:
      return { key, file, parts: file ? [{ type: 'file', file }, text(' changed')] : [text('Something changed')], detail: clean(item.reason ?? item.error), tone: 'neutral', icon: 'other' };
  }
}

/** The line as plain text (for tests and titles): the sentence, then ": detail" when there is one. */
export function activityText(line: ActivityLine): string {
  const sentence = line.parts.map((p) => (p.type === 'file' ? p.file.name : p.text)).join('');
  return line.detail ? `${sentence}: ${line.detail}` : sentence;
}

/** How close a review and the file's own state change have to be to count as one event (ms). */
const SAME_EVENT_MS = 5_000;

/**
 * A review decision also moves the file (approved → APPROVED, rejected → REJECTED): the
 * feed shows that once, as the review (it names the reviewer), not twice.
 */
export function withoutEchoes(items: readonly ActivityItem[]): ActivityItem[] {
  const reviews = items.filter((i) => i.kind === 'REVIEW' && i.fileId);
  return items.filter((i) => {
    if (i.kind !== 'FILE_STATUS' || !i.fileId) return true;
    const status = (i.status ?? '').toUpperCase();
    if (status !== 'APPROVED' && status !== 'REJECTED') return true;
    const at = Date.parse(i.at);
    return !reviews.some((r) => r.fileId === i.fileId && (r.decision ?? '').toUpperCase() === status && Math.abs(Date.parse(r.at) - at) <= SAME_EVENT_MS);
  });
}
