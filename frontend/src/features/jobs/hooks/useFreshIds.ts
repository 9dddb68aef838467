/**
 * Which rows just appeared or changed (by id and a version, e.g. the status), for a
 * short highlight: nothing on the first render (the whole list is new then); then the
 * rows new at the top (a newest-first list: rows added below, by "Load more", are not
 * news, nor a whole new list after a filter change) and every row whose version
 * changed, for `ms`.
 */
import { useEffect, useRef, useState } from 'react';

export function useFreshIds(rows: readonly { id: string; version: string }[], ms = 2500, enabled = true): ReadonlySet<string> {
  const seen = useRef<Map<string, string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  const signature = rows.map((r) => `${r.id}:${r.version}`).join('|');
  useEffect(() => {
    const before = seen.current;
    const now = new Map(rows.map((r) => [r.id, r.version]));
    seen.current = now;
    if (!before || rows.length === 0 || !enabled) return;
    const firstKnown = rows.findIndex((r) => before.has(r.id));
    const changed = rows
      .filter((r, i) => (before.has(r.id) ? before.get(r.id) !== r.version : firstKnown > 0 && i < firstKnown))
      .map((r) => r.id);
    if (changed.length === 0) return;
    setFresh(new Set(changed));
    const id = setTimeout(() => setFresh(new Set()), ms);
    return () => clearTimeout(id);
  }, [signature, ms, enabled]); // the signature stands for the rows
  return fresh;
}
