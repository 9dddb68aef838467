/** Live jobs: which keys an event makes stale, and which rows are tinted as new or changed. */
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFreshIds } from '../../src/features/jobs/hooks/useFreshIds';
import { keysForJobEvent } from '../../src/features/jobs/hooks/useJobsLive';
import { queryKeys } from '../../src/lib/queryKeys';

describe('keysForJobEvent', () => {
  it('a job that changed: the lists, its row and its detail', () => {
    expect(keysForJobEvent({ id: 'j1', status: 'RUNNING' })).toEqual([queryKeys.jobs.consoleLists(), queryKeys.jobs.row('j1'), queryKeys.jobs.detail('j1')]);
  });

  it('the failure groups only when a job fails or goes back to the queue (a retry)', () => {
    expect(keysForJobEvent({ id: 'j1', status: 'FAILED' })).toContainEqual(queryKeys.jobs.failureGroups());
    expect(keysForJobEvent({ id: 'j1', status: 'PENDING' })).toContainEqual(queryKeys.jobs.failureGroups());
    expect(keysForJobEvent({ id: 'j1', status: 'COMPLETED' })).not.toContainEqual(queryKeys.jobs.failureGroups());
  });

  it('an event without a job (pruned meanwhile): the lists and the groups', () => {
    expect(keysForJobEvent(null)).toEqual([queryKeys.jobs.consoleLists(), queryKeys.jobs.failureGroups()]);
  });
});

describe('useFreshIds', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const rows = (...specs: string[]) => specs.map((s) => ({ id: s.split(':')[0], version: s.split(':')[1] ?? 'PENDING' }));

  it('nothing on the first list; then new rows at the top and changed rows, for a while', () => {
    const { result, rerender } = renderHook(({ r }) => useFreshIds(r, 1000), { initialProps: { r: rows('b', 'a') } });
    expect(result.current.size).toBe(0);
    rerender({ r: rows('c', 'b:RUNNING', 'a') });
    expect([...result.current].sort()).toEqual(['b', 'c']);
    act(() => void vi.advanceTimersByTime(1000));
    expect(result.current.size).toBe(0);
  });

  it('rows added at the bottom (Load more) and a whole new list (a filter) are not news', () => {
    const { result, rerender } = renderHook(({ r }) => useFreshIds(r, 1000), { initialProps: { r: rows('b', 'a') } });
    rerender({ r: rows('b', 'a', 'z', 'y') });
    expect(result.current.size).toBe(0);
    rerender({ r: rows('m', 'n') });
    expect(result.current.size).toBe(0);
  });

  it('off when disabled', () => {
    const { result, rerender } = renderHook(({ r }) => useFreshIds(r, 1000, false), { initialProps: { r: rows('b', 'a') } });
    rerender({ r: rows('c', 'b:FAILED', 'a') });
    expect(result.current.size).toBe(0);
  });
});
