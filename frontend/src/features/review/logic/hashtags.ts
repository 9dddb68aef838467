/**
 * Hashtags as the API accepts them: `#` then letters, digits or `_`, no repeats (case
 * does not matter). What a reviewer types is tidied first: "  red fox" → "#redfox".
 */

const TAG = /^#[\p{L}\p{N}_]+$/u;

/** "#Red Fox", "red fox", "##redfox" → "#RedFox"-style: one leading #, no spaces. */
export function normaliseHashtag(raw: string): string {
  const body = raw.trim().replace(/^#+/, '').replace(/\s+/g, '');
  return body ? `#${body}` : '';
}

export type AddResult = { ok: true; tags: string[]; added: string[] } | { ok: false; tags: string[]; added: string[]; refused: string; message: string };

/**
 * Add what was typed (possibly several, comma-separated) to `tags`. Stops at the first
 * refusal (a repeat or an invalid tag) and says why; the ones before it are added.
 */
export function addHashtags(tags: readonly string[], typed: string): AddResult {
  const next = [...tags];
  const added: string[] = [];
  for (const part of typed.split(',')) {
    const tag = normaliseHashtag(part);
    if (!tag) continue;
    if (!TAG.test(tag)) return { ok: false, tags: next, added, refused: part.trim(), message: `${tag} can’t be a hashtag: use only letters, digits or _.` };
    const lower = tag.toLowerCase();
    if (next.some((t) => t.toLowerCase() === lower)) return { ok: false, tags: next, added, refused: part.trim(), message: `${tag} is already there.` };
    next.push(tag);
    added.push(tag);
  }
  return { ok: true, tags: next, added };
}
