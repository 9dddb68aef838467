/** The usage page's date ranges: presets → [from, to) on UTC day boundaries, custom ranges, and the URL's search params. */
import { describe, expect, it } from 'vitest';
import { addDays, customRange, dayCount, daysOf, isIsoDay, MAX_RANGE_DAYS, presetRange, resolveRange, utcDay } from '../../src/features/usage/range';
import { usageSearch } from '../../src/features/usage/search';

// 1 Dec 2026, 23:30 UTC: still 1 Dec in UTC (in Tokyo it is already 2 Dec, in New York still 1 Dec).
const NOW = Date.parse('2026-12-01T23:30:00.000Z');

describe('presets', () => {
  it('7 days: the last seven UTC days including today, [midnight of the first, midnight after today)', () => {
    expect(presetRange('7d', NOW)).toEqual({
      kind: '7d',
      fromDay: '2026-11-25',
      toDay: '2026-12-01',
      from: '2026-11-25T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
      days: 7,
    });
  });

  it('30 and 90 days, across months', () => {
    expect(presetRange('30d', NOW)).toMatchObject({ fromDay: '2026-11-02', toDay: '2026-12-01', from: '2026-11-02T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', days: 30 });
    expect(presetRange('90d', NOW)).toMatchObject({ fromDay: '2026-09-03', toDay: '2026-12-01', from: '2026-09-03T00:00:00.000Z', days: 90 });
  });

  it('the day is the UTC day: one minute after midnight UTC is a new day', () => {
    expect(presetRange('7d', Date.parse('2026-12-02T00:01:00.000Z'))).toMatchObject({ fromDay: '2026-11-26', toDay: '2026-12-02', to: '2026-12-03T00:00:00.000Z' });
    expect(presetRange('7d', Date.parse('2026-12-01T23:59:59.999Z')).toDay).toBe('2026-12-01');
  });

  it('crosses a year and a leap day', () => {
    expect(presetRange('7d', Date.parse('2027-01-03T12:00:00Z'))).toMatchObject({ fromDay: '2026-12-28', toDay: '2027-01-03' });
    expect(presetRange('7d', Date.parse('2028-03-02T12:00:00Z'))).toMatchObject({ fromDay: '2028-02-25', days: 7 });
    expect(daysOf('2028-02-27', '2028-03-01')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
  });
});

describe('custom ranges', () => {
  it('both days included: to is the midnight after the last day', () => {
    expect(customRange('2026-11-01', '2026-11-30')).toEqual({ kind: 'custom', fromDay: '2026-11-01', toDay: '2026-11-30', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', days: 30 });
    expect(customRange('2026-11-05', '2026-11-05')).toMatchObject({ from: '2026-11-05T00:00:00.000Z', to: '2026-11-06T00:00:00.000Z', days: 1 });
  });

  it('puts reversed dates in order and caps the length at a year', () => {
    expect(customRange('2026-11-30', '2026-11-01')).toMatchObject({ fromDay: '2026-11-01', toDay: '2026-11-30' });
    const long = customRange('2020-01-01', '2026-12-01');
    expect(long.days).toBe(MAX_RANGE_DAYS);
    expect(long.toDay).toBe('2026-12-01');
  });

  it('resolveRange: both dates → custom; else the preset; else 30 days', () => {
    expect(resolveRange({ from: '2026-10-01', to: '2026-10-31', range: '7d' }, NOW)).toMatchObject({ kind: 'custom', days: 31 });
    expect(resolveRange({ range: '90d' }, NOW)).toMatchObject({ kind: '90d', days: 90 });
    expect(resolveRange({ from: '2026-10-01' }, NOW)).toMatchObject({ kind: '30d', days: 30, toDay: '2026-12-01' });
    expect(resolveRange({}, NOW).kind).toBe('30d');
  });
});

describe('day helpers', () => {
  it('utcDay, addDays, dayCount, isIsoDay', () => {
    expect(utcDay(NOW)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dayCount('2026-01-01', '2026-12-31')).toBe(365);
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('2026-2-3')).toBe(false);
    expect(isIsoDay(20261201)).toBe(false);
  });
});

describe('search params', () => {
  it('keeps a preset or two real dates, drops the rest', () => {
    expect(usageSearch({ range: '7d' })).toEqual({ range: '7d' });
    expect(usageSearch({ range: '365d' })).toEqual({});
    expect(usageSearch({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(usageSearch({ from: '2026-13-01', to: 'yesterday' })).toEqual({});
  });
});
