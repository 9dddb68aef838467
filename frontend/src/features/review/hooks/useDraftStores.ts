/**
 * One DraftStore per artwork shown, kept while the desk is open: edits survive moving
 * to the next artwork and back. A store is made again when the artwork's stored text
 * changed (a new draft after reprocessing, or a save).
 */
import { useCallback, useRef } from 'react';
import type { ReviewFile } from '../api';
import { changedFields, draftFromMetadata } from '../logic/draft';
import { DraftStore } from '../logic/draftStore';

export function useDraftStores() {
  const stores = useRef(new Map<string, { source: string; store: DraftStore }>());
  /** Artworks whose store was replaced (new text from the API) while it held edits. */
  const replacedWithEdits = useRef(new Set<string>());
  const edited = (s: DraftStore) => changedFields(s.original, s.get().values).length > 0;

  const storeFor = useCallback((file: ReviewFile): DraftStore | null => {
    const source = JSON.stringify(file.metadata ?? null);
    const kept = stores.current.get(file.id);
    if (kept && kept.source === source) return kept.store;
    if (kept && edited(kept.store)) replacedWithEdits.current.add(file.id);
    const draft = draftFromMetadata(file.metadata);
    if (!draft) return null;
    const store = new DraftStore(draft);
    stores.current.set(file.id, { source, store });
    return store;
  }, []);

  /** The reviewer changed something here (also if the text was replaced since). */
  const hasEdits = useCallback((id: string): boolean => {
    const s = stores.current.get(id)?.store;
    return replacedWithEdits.current.has(id) || (s ? edited(s) : false);
  }, []);

  const drop = useCallback((id: string) => {
    stores.current.delete(id);
    replacedWithEdits.current.delete(id);
  }, []);

  return { storeFor, hasEdits, drop };
}
