/** Usage stats per service per UTC day, with range totals, on both dialects. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { UsageService } from '../../src/domain/usage/service.js';
import { ValidationError } from '../../src/core/errors.js';
import { clear } from './rows.js';

const row = (service: string, recorded_at: string, o: { n?: number; status?: number | null; cost?: number | null; remaining?: number | null } = {}) => ({
  service, endpoint: 'x', request_count: o.n ?? 1, status_code: o.status === undefined ? 200 : o.status, duration_ms: 5,
  rate_limit_remaining: o.remaining ?? null, rate_limit_reset_at: null, cost_usd: o.cost ?? null, job_id: null, recorded_at,
});

for (const dialect of DIALECTS) {
  describe(`usage stats on ${dialect}`, () => {
    let t: TestDatabase;
    let usage: UsageService;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      usage = new UsageService(t.db);
    });
    afterAll(async () => t?.drop());
    beforeEach(async () => clear(t.db));

    it('sums calls, errors and cost and keeps the lowest rate-limit headroom per service per UTC day', async () => {
      await t.db.insertInto('api_usage').values([
        row('replicate', '2026-03-01T00:00:00.000Z', { cost: 0.5 }),
        row('replicate', '2026-03-01T23:59:59.999Z', { cost: 0.25, status: 500 }),
        row('replicate', '2026-03-02T10:00:00.000Z', { status: null }),
        row('shopify', '2026-03-01T12:00:00.000Z', { n: 3, remaining: 40 }),
        row('shopify', '2026-03-01T13:00:00.000Z', { n: 2, status: 429, remaining: 7.5 }),
        row('shopify', '2026-03-03T13:00:00.000Z', { remaining: 900 }),
        row('drive', '2026-02-28T23:59:59.999Z', { cost: 9 }), // before the range
        row('drive', '2026-03-04T00:00:00.000Z', { cost: 9 }), // at `to`: outside
      ]).execute();
      const s = await usage.stats({ from: '2026-03-01T00:00:00Z', to: '2026-03-04T00:00:00Z' });
      expect(s.from).toBe('2026-03-01T00:00:00.000Z');
      expect(s.days).toEqual([
        { day: '2026-03-01', service: 'replicate', calls: 2, errors: 1, costUsd: 0.75, minRateLimitRemaining: null },
        { day: '2026-03-01', service: 'shopify', calls: 5, errors: 2, costUsd: null, minRateLimitRemaining: 7.5 },
        { day: '2026-03-02', service: 'replicate', calls: 1, errors: 1, costUsd: null, minRateLimitRemaining: null },
        { day: '2026-03-03', service: 'shopify', calls: 1, errors: 0, costUsd: null, minRateLimitRemaining: 900 },
      ]);
      expect(s.totals).toEqual([
        { service: 'replicate', calls: 3, errors: 2, costUsd: 0.75, minRateLimitRemaining: null },
        { service: 'shopify', calls: 6, errors: 2, costUsd: null, minRateLimitRemaining: 7.5 },
      ]);

      const only = await usage.stats({ from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z', service: 'drive' });
      expect(only.days).toEqual([{ day: '2026-03-04', service: 'drive', calls: 1, errors: 0, costUsd: 9, minRateLimitRemaining: null }]);
      expect(only.totals).toEqual([{ service: 'drive', calls: 1, errors: 0, costUsd: 9, minRateLimitRemaining: null }]);

      expect((await usage.stats({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })).days).toEqual([]);
    });

    it('refuses a bad range', async () => {
      await expect(usage.stats({ from: 'yesterday', to: '2026-03-01T00:00:00Z' })).rejects.toBeInstanceOf(ValidationError);
      await expect(usage.stats({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
