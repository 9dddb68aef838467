/** The review form's values for one artwork (a DraftStore), re-rendering on each change. */
import { useSyncExternalStore } from 'react';
import type { DraftState, DraftStore } from '../logic/draftStore';

export function useDraft(store: DraftStore): DraftState {
  return useSyncExternalStore(store.subscribe, store.get);
}

const none = () => () => {};
const nothing = () => null;

/** The same for a store that may not be there (no draft yet). */
export function useDraftOrNull(store: DraftStore | null): DraftState | null {
  return useSyncExternalStore(store ? store.subscribe : none, store ? store.get : nothing);
}
