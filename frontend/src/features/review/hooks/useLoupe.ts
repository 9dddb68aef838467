/**
 * The 100 % loupe's state: where it looks (0–1 across and down the image) and whether
 * it shows. A mouse shows it while hovering (and dragging); a touch toggles it with a
 * tap and moves it with a drag; the "Zoom 100 %" button pins it on, and while that
 * button has focus the arrow keys move it (Shift: further) and Escape puts it away.
 */
import { useCallback, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';

export interface LoupeState {
  /** Showing. */
  on: boolean;
  /** Kept on without hovering (the button, or a tap). */
  pinned: boolean;
  x: number;
  y: number;
  /** The last pointer that moved it was a finger or a pen (the lens is drawn above it). */
  touch: boolean;
}

const clamp = (n: number) => Math.min(1, Math.max(0, n));
const TAP_SLOP_PX = 8;

export function useLoupe() {
  const [state, setState] = useState<LoupeState>({ on: false, pinned: false, x: 0.5, y: 0.5, touch: false });
  const down = useRef<{ x: number; y: number; wasOn: boolean; moved: boolean } | null>(null);

  const at = (e: PointerEvent<HTMLElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: clamp((e.clientX - r.left) / (r.width || 1)), y: clamp((e.clientY - r.top) / (r.height || 1)) };
  };

  const onPointerMove = useCallback((e: PointerEvent<HTMLElement>) => {
    if (e.pointerType === 'mouse') {
      const p = at(e);
      setState((s) => ({ ...s, ...p, on: true, touch: false }));
      return;
    }
    const d = down.current;
    if (!d) return;
    if (Math.hypot(e.clientX - d.x, e.clientY - d.y) > TAP_SLOP_PX) d.moved = true;
    const p = at(e);
    setState((s) => (s.on ? { ...s, ...p, touch: true } : s));
  }, []);

  const onPointerLeave = useCallback((e: PointerEvent<HTMLElement>) => {
    if (e.pointerType === 'mouse') setState((s) => (s.pinned ? s : { ...s, on: false }));
  }, []);

  const onPointerDown = useCallback(
    (e: PointerEvent<HTMLElement>) => {
      if (e.pointerType === 'mouse') return;
      down.current = { x: e.clientX, y: e.clientY, wasOn: state.on, moved: false };
      e.currentTarget.setPointerCapture?.(e.pointerId);
      if (!state.on) {
        const p = at(e);
        setState((s) => ({ ...s, ...p, on: true, pinned: true, touch: true }));
      }
    },
    [state.on],
  );

  const onPointerUp = useCallback((e: PointerEvent<HTMLElement>) => {
    const d = down.current;
    down.current = null;
    if (e.pointerType === 'mouse' || !d) return;
    // A tap on a showing loupe puts it away; a drag leaves it where it is.
    if (d.wasOn && !d.moved) setState((s) => ({ ...s, on: false, pinned: false }));
  }, []);

  const toggle = useCallback(() => setState((s) => (s.pinned ? { ...s, on: false, pinned: false } : { ...s, on: true, pinned: true, touch: false })), []);
  const hide = useCallback(() => setState((s) => ({ ...s, on: false, pinned: false })), []);

  /** For the toggle button: arrows move a showing loupe, Escape hides it. */
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (!state.on) return;
      const step = e.shiftKey ? 0.2 : 0.05;
      const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const m = moves[e.key];
      if (m) {
        e.preventDefault();
        setState((s) => ({ ...s, x: clamp(s.x + m[0]), y: clamp(s.y + m[1]), touch: false }));
      } else if (e.key === 'Escape') {
        e.preventDefault();
        hide();
      }
    },
    [state.on, hide],
  );

  return { state, toggle, hide, onKeyDown, surface: { onPointerMove, onPointerLeave, onPointerDown, onPointerUp, onPointerCancel: onPointerUp } };
}
