/**
 * A file's `metadata` JSON (the draft or approved product text) read defensively: the
 * API types it as any JSON, so each field is taken only when it has the expected shape.
 */

export interface FileMetadata {
  title?: string;
  description?: string;
  hashtags: string[];
  captions: { instagram?: string; tiktok?: string; pinterest?: string };
  species?: string;
  filename?: string;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export function readMetadata(raw: unknown): FileMetadata | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const m = raw as Record<string, unknown>;
  const caps = typeof m.captions === 'object' && m.captions !== null ? (m.captions as Record<string, unknown>) : {};
  return {
    title: str(m.title),
    description: str(m.description),
    hashtags: Array.isArray(m.hashtags) ? m.hashtags.filter((t): t is string => typeof t === 'string') : [],
    captions: { instagram: str(caps.instagram), tiktok: str(caps.tiktok), pinterest: str(caps.pinterest) },
    species: str(m.species),
    filename: str(m.filename),
  };
}

/** A signed image URL (`?exp=<unix seconds>&sig=`) whose time is up: reload the data for a fresh one. */
export function signedUrlExpired(url: string | null | undefined, now = Date.now()): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  if (q < 0) return false;
  const exp = Number(new URLSearchParams(url.slice(q + 1)).get('exp'));
  return Number.isFinite(exp) && exp > 0 && exp * 1000 <= now;
}

/** A status reason for people: "UNSUPPORTED_RATIO: 2300×2000 is …" → code UNSUPPORTED_RATIO, text "2300×2000 is …". */
export function readableReason(reason: string | null | undefined): { code: string | null; text: string } | null {
  const r = reason?.trim();
  if (!r) return null;
  const m = /^([A-Z][A-Z0-9_]+):\s*(.+)$/s.exec(r);
  const text = m ? m[2] : r;
  return { code: m ? m[1] : null, text: text.charAt(0).toUpperCase() + text.slice(1) };
}
