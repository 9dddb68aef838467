/** The loupe from the keyboard: the Zoom 100 % button pins it, arrow keys move it, Escape puts it away. */
import { act, renderHook } from '@testing-library/react';
import type { KeyboardEvent } from 'react';
import { describe, expect, it } from 'vitest';
import { useLoupe } from '../../src/features/review/hooks/useLoupe';

const key = (k: string, shiftKey = false) => ({ key: k, shiftKey, preventDefault: () => {} }) as unknown as KeyboardEvent<HTMLElement>;

describe('useLoupe', () => {
  it('toggles, moves with the arrows (Shift: further), stays inside the picture, and closes with Escape', () => {
    const { result } = renderHook(() => useLoupe());
    expect(result.current.state.on).toBe(false);
    act(() => result.current.onKeyDown(key('ArrowRight')));
    expect(result.current.state.x).toBe(0.5); // off: the arrows are the page's

    act(() => result.current.toggle());
    expect(result.current.state).toMatchObject({ on: true, pinned: true, x: 0.5, y: 0.5 });
    act(() => result.current.onKeyDown(key('ArrowRight')));
    expect(result.current.state.x).toBeCloseTo(0.55);
    act(() => result.current.onKeyDown(key('ArrowUp', true)));
    expect(result.current.state.y).toBeCloseTo(0.3);
    for (let i = 0; i < 5; i++) act(() => result.current.onKeyDown(key('ArrowUp', true)));
    expect(result.current.state.y).toBe(0);

    act(() => result.current.onKeyDown(key('Escape')));
    expect(result.current.state).toMatchObject({ on: false, pinned: false });
    act(() => result.current.toggle());
    act(() => result.current.toggle());
    expect(result.current.state.on).toBe(false);
  });
});
