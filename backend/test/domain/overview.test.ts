/** The overview: every state counted (zeros included) and the last hour's completions per minute, on both dialects. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { OverviewService } from '../../src/domain/overview/service.js';
import { FILE_STATES, JOB_STATES } from '../../src/db/schema.js';
import * as m0004 from '../../src/db/migrations/0004_read_models.js';
import { addFile, addJobs, clear } from './rows.js';

const NOW = Date.UTC(2026, 4, 1, 12, 30, 20); // 12:30:20 UTC
const ago = (minutes: number, seconds = 0) => new Date(NOW - minutes * 60_000 - seconds * 1000).toISOString();

for (const dialect of DIALECTS) {
  describe(`overview on ${dialect}`, () => {
    let t: TestDatabase;
    let overview: OverviewService;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      overview = new OverviewService(t.db);
    });
    afterAll(async () => t?.drop());
    beforeEach(async () => clear(t.db));

    it('is all zeros on an empty database, with 60 minute buckets', async () => {
      const o = await overview.overview(NOW);
      expect(o.filesByStatus).toEqual(Object.fromEntries(FILE_STATES.map((s) => [s, 0])));
      expect(o.jobsByStatus).toEqual(Object.fromEntries(JOB_STATES.map((s) => [s, 0])));
      expect(o.awaitingReview).toBe(0);
      expect(o.completedPerMinute).toHaveLength(60);
      expect(o.completedPerMinute[0]).toEqual({ minute: '2026-05-01T11:31:00.000Z', count: 0 });
      expect(o.completedPerMinute[59]).toEqual({ minute: '2026-05-01T12:30:00.000Z', count: 0 });
      expect(o.at).toBe(new Date(NOW).toISOString());
    });

    it('counts files and jobs by status and buckets completions by completed_at', async () => {
      for (const status of ['processed', 'processed', 'processed', 'published', 'failed'] as const) await addFile(t.db, { status });
      await addJobs(
        t.db,
        { status: 'completed', completed_at: ago(0, 1) }, // 12:30:19 → last bucket
        { status: 'completed', completed_at: ago(0, 20) }, // 12:30:00 → last bucket
        { status: 'completed', completed_at: ago(0, 21) }, // 12:29:59
        { status: 'completed', completed_at: ago(59, 20) }, // 11:31:00 → first bucket
        { status: 'completed', completed_at: ago(59, 21) }, // 11:30:59: outside the hour
        { status: 'completed', completed_at: ago(600) },
        { status: 'failed', completed_at: ago(1), last_error: 'x' }, // not a completion
        { status: 'cancelled', completed_at: ago(1) },
        { status: 'pending' },
        { status: 'pending' },
        { status: 'running' },
        { status: 'retrying' },
      );
      const o = await overview.overview(NOW);
      expect(o.filesByStatus).toEqual({ ingested: 0, processing: 0, processed: 3, approved: 0, published: 1, failed: 1, rejected: 0, archived: 0 });
      expect(o.jobsByStatus).toEqual({ pending: 2, running: 1, completed: 6, retrying: 1, failed: 1, cancelled: 1 });
      expect(o.awaitingReview).toBe(3);
      const buckets = o.completedPerMinute;
      expect(buckets).toHaveLength(60);
      const minutes = buckets.map((b) => Date.parse(b.minute));
      expect(minutes.every((m, i) => i === 0 || m - minutes[i - 1] === 60_000)).toBe(true);
      expect(buckets.map((b) => b.count)).toEqual([1, ...Array(57).fill(0), 1, 2]);
      expect(buckets[58]).toEqual({ minute: '2026-05-01T12:29:00.000Z', count: 1 });
    });

    it('migration 0004 adds its three indexes, and takes them away again', async () => {
      const indexes = async () => {
        const r = dialect === 'sqlite'
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(t.db)
          : await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(t.db);
        return r.rows.map((x) => x.name).filter((n) => ['jobs_completed_at', 'jobs_failed_completed', 'reviews_created'].includes(n)).sort();
      };
      expect(await indexes()).toEqual(['jobs_completed_at', 'jobs_failed_completed', 'reviews_created']);
      await m0004.down(t.db);
      expect(await indexes()).toEqual([]);
      await m0004.up(t.db);
      expect(await indexes()).toHaveLength(3);
    });

    it('reads the partial index for the last hour (query plan)', async () => {
      if (dialect !== 'sqlite') return; // PostgreSQL's plan depends on its statistics
      const start = ago(60);
      const plan = await sql<{ detail: string }>`explain query plan select count(*) from jobs where status = ${'completed'} and completed_at >= ${start}`.execute(t.db);
      expect(plan.rows.map((r) => r.detail).join(' ')).toContain('jobs_completed_at');
    });
  });
}
