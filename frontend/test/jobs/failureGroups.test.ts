/** Failure groups as the Failures tab shows them: order, seen-times, commands, the error text. */
import { describe, expect, it } from 'vitest';
import { shapeFailureGroups, type FailureGroupInput } from '../../src/features/jobs/model/failureGroups';

const group = (over: Partial<FailureGroupInput>): FailureGroupInput => ({
  fingerprint: 'f',
  count: 1,
  firstSeen: '2026-11-01T10:00:00.000Z',
  lastSeen: '2026-12-01T10:00:00.000Z',
  normalisedError: 'timeout after <duration>',
  sampleError: 'timeout after 30 s',
  commandTypes: ['UpscaleImage'],
  jobIds: ['j1'],
  fileIds: [],
  ...over,
});

const groups = [
  group({ fingerprint: 'a', count: 3, lastSeen: '2026-12-01T09:00:00.000Z', firstSeen: '2026-11-30T09:00:00.000Z' }),
  group({ fingerprint: 'b', count: 12, lastSeen: '2026-12-01T08:00:00.000Z' }),
  group({ fingerprint: 'c', count: 3, lastSeen: '2026-12-01T11:00:00.000Z' }),
  group({ fingerprint: 'd', count: 12, lastSeen: '2026-12-01T08:00:00.000Z' }),
];

describe('shapeFailureGroups', () => {
  it('orders by the most recent failure first, then the bigger group, then the fingerprint (stable)', () => {
    expect(shapeFailureGroups(groups, 'recent').groups.map((g) => g.fingerprint)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('orders by size when asked, the most recent first among equals', () => {
    expect(shapeFailureGroups(groups, 'count').groups.map((g) => g.fingerprint)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('defaults to the most recent first and does not change its input', () => {
    const input = [...groups];
    expect(shapeFailureGroups(input).groups[0].fingerprint).toBe('c');
    expect(input.map((g) => g.fingerprint)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('totals the failed jobs of every group', () => {
    expect(shapeFailureGroups(groups).total).toBe(30);
    expect(shapeFailureGroups([])).toEqual({ groups: [], total: 0 });
  });

  it('turns first and last seen into dates, swapping them when reversed and filling one from the other', () => {
    const [g] = shapeFailureGroups([group({ firstSeen: '2026-12-01T12:00:00.000Z', lastSeen: '2026-12-01T10:00:00.000Z' })]).groups;
    expect(g.firstSeen?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(g.lastSeen?.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    const [only] = shapeFailureGroups([group({ firstSeen: null, lastSeen: '2026-12-01T10:00:00.000Z' })]).groups;
    expect(only.firstSeen?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    const [none] = shapeFailureGroups([group({ firstSeen: null, lastSeen: 'not a date' })]).groups;
    expect(none.firstSeen).toBeNull();
    expect(none.lastSeen).toBeNull();
  });

  it('puts groups with no seen-time last when ordering by recency', () => {
    const shaped = shapeFailureGroups([group({ fingerprint: 'x', firstSeen: null, lastSeen: null, count: 99 }), group({ fingerprint: 'y' })], 'recent');
    expect(shaped.groups.map((g) => g.fingerprint)).toEqual(['y', 'x']);
  });

  it('names the commands in words, once each, alphabetically', () => {
    const [g] = shapeFailureGroups([group({ commandTypes: ['UpscaleImage', 'CreateListing', 'UpscaleImage', 'SomethingNew'] })]).groups;
    expect(g.commands).toEqual([
      { type: 'CreateListing', label: 'Create Shopify listing' },
      { type: 'SomethingNew', label: 'Something new' },
      { type: 'UpscaleImage', label: 'Upscale image' },
    ]);
  });

  it('shows the newest failure’s own text, else the normalised one', () => {
    expect(shapeFailureGroups([group({})]).groups[0].error).toBe('timeout after 30 s');
    expect(shapeFailureGroups([group({ sampleError: null })]).groups[0].error).toBe('timeout after <duration>');
    expect(shapeFailureGroups([group({ sampleError: '   ' })]).groups[0].error).toBe('timeout after <duration>');
  });
});
