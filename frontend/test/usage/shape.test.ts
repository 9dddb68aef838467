/** The API's usage rows shaped for the charts and tables: every day × every service, zeros filled, in order. */
import { describe, expect, it } from 'vitest';
import { servicesWith, shapeUsage, type UsageDayRow } from '../../src/features/usage/shape';
import { orderServices } from '../../src/features/usage/services';

const row = (day: string, service: string, calls: number, extra: Partial<UsageDayRow> = {}): UsageDayRow => ({ day, service, calls, errors: 0, costUsd: null, lowestRateLimitRemaining: null, ...extra });

describe('shapeUsage', () => {
  it('fills the days without calls and the services without calls with zeros', () => {
    const s = shapeUsage([row('2026-11-28', 'replicate', 4, { costUsd: 0.0092 }), row('2026-11-30', 'shopify', 7, { errors: 1, lowestRateLimitRemaining: 1960 })], '2026-11-27', '2026-12-01');
    expect(s.days).toEqual(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
    expect(s.services).toEqual(['google_drive', 'replicate', 'shopify']);
    const [drive, replicate, shopify] = s.series;
    expect(drive.calls).toEqual([0, 0, 0, 0, 0]);
    expect(replicate.calls).toEqual([0, 4, 0, 0, 0]);
    expect(replicate.cost).toEqual([null, 0.0092, null, null, null]);
    expect(shopify.calls).toEqual([0, 0, 0, 7, 0]);
    expect(shopify.errors).toEqual([0, 0, 0, 1, 0]);
    expect(shopify.headroom).toEqual([null, null, null, 1960, null]);
    expect(s.dayCalls).toEqual([0, 4, 0, 7, 0]);
    expect(s.dayErrors).toEqual([0, 0, 0, 1, 0]);
    expect(s.dayCost).toEqual([null, 0.0092, null, null, null]);
  });

  it('orders days oldest first and services known-first whatever order the rows come in', () => {
    const s = shapeUsage([row('2026-12-01', 'shopify', 1), row('2026-11-30', 'zapier', 2), row('2026-11-30', 'google_drive', 3), row('2026-11-30', 'airtable', 5)], '2026-11-30', '2026-12-01');
    expect(s.services).toEqual(['google_drive', 'replicate', 'shopify', 'airtable', 'zapier']);
    expect(s.series.map((x) => x.calls)).toEqual([[3, 0], [0, 0], [0, 1], [5, 0], [2, 0]]);
  });

  it('keeps the API’s values: a day’s cost is the sum of the services’ costs, null only when none had one', () => {
    const s = shapeUsage([row('2026-12-01', 'replicate', 2, { costUsd: 0.1 }), row('2026-12-01', 'shopify', 3, { costUsd: 0.2 }), row('2026-12-01', 'google_drive', 9)], '2026-12-01', '2026-12-01');
    expect(s.dayCalls).toEqual([14]);
    expect(s.dayCost[0]).toBeCloseTo(0.3, 10);
    expect(servicesWith(s, 'cost').map((x) => x.service)).toEqual(['replicate', 'shopify']);
    expect(servicesWith(s, 'headroom')).toEqual([]);
  });

  it('an empty answer: every day zero, every known service present', () => {
    const s = shapeUsage([], '2026-11-25', '2026-12-01');
    expect(s.days).toHaveLength(7);
    expect(s.series.map((x) => x.service)).toEqual(['google_drive', 'replicate', 'shopify']);
    expect(s.dayCalls.every((n) => n === 0)).toBe(true);
  });

  it('ignores a row outside the range', () => {
    const s = shapeUsage([row('2026-11-01', 'replicate', 5), row('2026-12-01', 'replicate', 1)], '2026-11-30', '2026-12-01');
    expect(s.series[1].calls).toEqual([0, 1]);
  });

  it('orderServices de-duplicates', () => {
    expect(orderServices(['shopify', 'shopify', 'x'])).toEqual(['google_drive', 'replicate', 'shopify', 'x']);
  });
});
