/** The small pure helpers: search params, redirects, runtime config, waits, batched invalidation. */
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/lib/config';
import { formatWait } from '../../src/lib/http';
import { safeRedirect } from '../../src/lib/redirect';
import { createInvalidator } from '../../src/lib/useLive';
import { queryKeys } from '../../src/lib/queryKeys';
import { filesSearch } from '../../src/features/files/search';
import { jobsSearch } from '../../src/features/jobs/search';

describe('typed search params', () => {
  it('keep good values, drop bad ones (a hand-edited link falls back to no filter)', () => {
    expect(filesSearch({ status: 'FAILED', search: '  heron ' })).toEqual({ status: 'FAILED', search: 'heron' });
    expect(filesSearch({ status: 'failed', search: '', extra: 1 })).toEqual({});
    expect(jobsSearch({ tab: 'queues', status: 'RETRYING', command: 'UpscaleImage', search: 42 })).toEqual({ tab: 'queues', status: 'RETRYING', command: 'UpscaleImage', search: '42' });
    expect(jobsSearch({ tab: 'nope', status: 'DONE' })).toEqual({});
  });
});

describe('safeRedirect', () => {
  it('returns to a page of this app only', () => {
    expect(safeRedirect('/files?status=FAILED')).toBe('/files?status=FAILED');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', 'files', '/login?redirect=/', undefined, 3]) expect(safeRedirect(bad)).toBe('/');
  });
});

describe('runtime config', () => {
  it('takes what /config.json says over the defaults, ignoring the wrong types', () => {
    expect(parseConfig({ apiBase: 'https://api.example/', appName: 'Studio', publicBaseUrl: 'https://studio.example' })).toEqual({ apiBase: 'https://api.example', appName: 'Studio', publicBaseUrl: 'https://studio.example' });
    expect(parseConfig({ apiBase: 5, appName: ' ' })).toEqual({ apiBase: '', appName: 'Field & Fen', publicBaseUrl: null });
    expect(parseConfig(null)).toEqual({ apiBase: '', appName: 'Field & Fen', publicBaseUrl: null });
  });
});

describe('formatWait', () => {
  it.each([
    [9, '9 seconds'],
    [1, '1 second'],
    [60, '1 minute'],
    [75, '1 minute 15 seconds'],
    [840, '14 minutes'],
    [899, '15 minutes'],
  ])('%i s → %s', (s, text) => expect(formatWait(s)).toBe(text));
});

describe('createInvalidator', () => {
  it('turns a burst of events into one invalidation per key', async () => {
    vi.useFakeTimers();
    const qc = new QueryClient();
    const spy = vi.spyOn(qc, 'invalidateQueries');
    const inv = createInvalidator(qc, 250);
    for (let i = 0; i < 500; i++) inv.invalidate([queryKeys.jobs.all, queryKeys.overview.all]);
    expect(spy).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(250);
    expect(spy.mock.calls.map((c) => c[0])).toEqual([{ queryKey: ['jobs'] }, { queryKey: ['overview'] }]);
    vi.useRealTimers();
  });
});
