/**
 * A word-level diff (longest common subsequence) between the AI's draft and the edited
 * text, for the "changed from draft" view: kept, removed and added runs, whitespace kept.
 */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

const tokens = (s: string): string[] => s.match(/\s+|[^\s]+/g) ?? [];

/** Above this many tokens per side, a plain "before / after" is shown instead (no table blow-up). */
const MAX_TOKENS = 1500;

export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) return merge([...(before ? [{ kind: 'removed' as const, text: before }] : []), ...(after ? [{ kind: 'added' as const, text: after }] : [])]);
  // lcs[i][j] = length of the LCS of a[i:] and b[j:]
  const lcs: Uint16Array[] = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: 'removed', text: a[i++] });
    else out.push({ kind: 'added', text: b[j++] });
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++] });
  while (j < b.length) out.push({ kind: 'added', text: b[j++] });
  return merge(out);
}

/** Consecutive parts of one kind as one (whitespace between two changes joins them). */
function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

/** Hashtags: which were taken out and which were put in. */
export function diffTags(before: readonly string[], after: readonly string[]): { removed: string[]; added: string[] } {
  const lower = (xs: readonly string[]) => new Set(xs.map((t) => t.toLowerCase()));
  const a = lower(before);
  const b = lower(after);
  return { removed: before.filter((t) => !b.has(t.toLowerCase())), added: after.filter((t) => !a.has(t.toLowerCase())) };
}
