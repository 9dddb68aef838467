/** The desk's keyboard map (logic/keys.ts) on the document, while `enabled` (off while a dialog is open). */
import { useEffect, useRef } from 'react';
import { keyAction, type KeyAction } from '../logic/keys';

export type KeyHandlers = Partial<Record<KeyAction, () => void>>;

export function useReviewKeys(handlers: KeyHandlers, enabled = true): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const action = keyAction(e);
      const run = action ? latest.current[action] : undefined;
      if (!run) return;
      e.preventDefault();
      run();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
