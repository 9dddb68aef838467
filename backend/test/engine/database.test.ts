/** The data layer, on SQLite and on the local PostgreSQL (same code, same tests). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { migrateDown, migrateDownAll, migrateUp } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { paginate } from '../../src/db/pagination.js';
import { acquireLease } from '../../src/worker/housekeeping.js';
import { claimFresh, insertJobs, markCompleted, reclaim } from '../../src/jobs/repository.js';
import { claimBatch } from '../../src/worker/claim.js';
import { insertOutbox, outboxAt, outboxNow } from '../../src/jobs/outbox.js';
import { isoAfter, nowIso } from '../../src/time.js';
import { pruneOldRows } from '../../src/worker/sweep.js';
import { pruneIngestHashes } from '../../src/domain/files/repository.js';
import { pruneUsage } from '../../src/domain/usage/repository.js';
import type { NewJob } from '../../src/db/schema.js';

const TABLES_0001 = ['files', 'jobs', 'processed_hashes', 'api_usage', 'listings', 'social_posts', 'reviews', 'users', 'settings', 'outbox', 'leases'];
const TABLES = [...TABLES_0001, 'job_runs', 'predictions', 'refresh_tokens', 'file_events'];
const MIGRATIONS = Object.keys(migrations);

function newJob(i: number, overrides: Partial<NewJob> = {}): NewJob {
  const t = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  return {
    id: randomUUID(), file_id: null, command_type: 'Noop', queue: 'system', status: 'pending', attempts: 0, max_attempts: 3,
    last_error: null, payload_json: '{}', result_json: null, checkpoint_json: null, run_id: null, run_after: null,
    created_at: t, started_at: null, completed_at: null, updated_at: t, ...overrides,
  };
}

for (const dialect of DIALECTS) {
  describe(`data layer on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect, false);
    });
    afterAll(async () => t?.drop());

    async function tables(): Promise<string[]> {
      const all = await t.db.introspection.getTables();
      return all.map((x) => x.name).filter((n) => TABLES.includes(n)).sort();
    }

    it('migrates up, down and up again', async () => {
      expect(await migrateUp(t.db, t.target)).toEqual(MIGRATIONS.map((m) => `applied ${m}`));
      expect(await tables()).toEqual([...TABLES].sort());
      expect(await migrateUp(t.db, t.target)).toEqual([]); // idempotent
      expect(await migrateDown(t.db, t.target)).toEqual([`reverted ${MIGRATIONS.at(-1)}`]);
      expect(await tables()).toEqual([...TABLES].sort()); // the last migration (0004) adds indexes only
      await migrateDownAll(t.db, t.target);
      expect(await tables()).toEqual([]);
      await migrateUp(t.db, t.target);
      expect(await tables()).toEqual([...TABLES].sort());
      await migrateDownAll(t.db, t.target);
      await migrateUp(t.db, t.target);
    });

    it('two processes migrating at once do not race', async () => {
      const other = await import('../../src/db/connection.js').then((m) => m.openDatabase(t.target));
      await migrateDownAll(t.db, t.target);
      const results = await Promise.all([migrateUp(t.db, t.target), migrateUp(other, t.target)]);
      expect(results.flat()).toEqual(MIGRATIONS.map((m) => `applied ${m}`));
      await other.destroy();
    });

    it('keeps the seed operational queries working (lower-case states)', async () => {
      await insertJobs(t.db, [newJob(1, { status: 'failed', last_error: 'boom' }), newJob(2, { status: 'completed' })]);
      const r = await sql<{ status: string; n: number }>`SELECT status, COUNT(*) AS n FROM jobs GROUP BY status ORDER BY status`.execute(t.db);
      expect(r.rows.map((x) => [x.status, Number(x.n)])).toEqual([['completed', 1], ['failed', 1]]);
      const f = await sql<{ last_error: string }>`SELECT id, command_type, last_error, created_at FROM jobs WHERE status = 'failed' ORDER BY created_at DESC LIMIT 10`.execute(t.db);
      expect(f.rows[0].last_error).toBe('boom');
      await t.db.insertInto('api_usage').values({ service: 'replicate', endpoint: 'x', request_count: 1, status_code: 200, duration_ms: 5, rate_limit_remaining: null, rate_limit_reset_at: null, cost_usd: 0.01, job_id: null, recorded_at: nowIso() }).execute();
      const u = await sql<{ service: string }>`SELECT service, SUM(request_count) AS n, DATE(recorded_at) AS d FROM api_usage GROUP BY service, DATE(recorded_at)`.execute(t.db);
      expect(u.rows[0].service).toBe('replicate');
      await t.db.deleteFrom('jobs').execute();
    });

    it('pages newest first with a keyset cursor, stable under inserts', async () => {
      const jobs = Array.from({ length: 7 }, (_, i) => newJob(i));
      await insertJobs(t.db, jobs);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const p: { items: { id: string }[]; next_cursor: string | null } = await paginate(t.db.selectFrom('jobs').selectAll(), 'jobs', 3, cursor);
        seen.push(...p.items.map((j) => j.id));
        if (page === 0) await insertJobs(t.db, [newJob(100)]); // newer: must not shift later pages
        cursor = p.next_cursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(jobs.map((j) => j.id).reverse());
      await t.db.deleteFrom('jobs').execute();
    });

    it('claims a job for exactly one of many concurrent claimers', async () => {
      const job = newJob(1);
      await insertJobs(t.db, [job]);
      const claims = await Promise.all(Array.from({ length: 8 }, () => claimFresh(t.db, [job.id], randomUUID())));
      expect(claims.flat()).toHaveLength(1);
      const row = await t.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
      expect(row.status).toBe('running');
      expect(row.attempts).toBe(1);
      // A redelivery takes over a running job once; a plain duplicate delivery does not.
      const dup = await claimBatch(t.db, [{ jobId: job.id, redelivered: false }]);
      expect(dup[0].kind).toBe('duplicate');
      const take = await claimBatch(t.db, [{ jobId: job.id, redelivered: true }, { jobId: job.id, redelivered: true }]);
      expect(take.map((c) => c.kind)).toEqual(['claimed', 'duplicate']);
      // The superseded run can no longer complete it; the new one can.
      const stale = await markCompleted(t.db, [{ id: job.id, runId: row.run_id!, resultJson: null }]);
      expect(stale.size).toBe(0);
      const fresh = take[0].kind === 'claimed' ? take[0].runId : '';
      expect((await markCompleted(t.db, [{ id: job.id, runId: fresh, resultJson: '{"ok":true}' }])).size).toBe(1);
      expect(await reclaim(t.db, row, randomUUID())).toBeUndefined();
      await t.db.deleteFrom('jobs').execute();
    });

    it('gives a housekeeping lease to one process per interval', async () => {
      const wins = await Promise.all(Array.from({ length: 6 }, (_, i) => acquireLease(t.db, 'sweep', `p${i}`, 60_000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await acquireLease(t.db, 'sweep', 'late', 60_000)).toBe(false);
      await t.db.updateTable('leases').set({ expires_at: isoAfter(-1) }).where('name', '=', 'sweep').execute();
      expect(await acquireLease(t.db, 'sweep', 'next', 60_000)).toBe(true);
    });

    it('prunes finished jobs and usage past retention, and webhook hashes after 24 h', async () => {
      const old = isoAfter(-40 * 86_400_000);
      const recent = isoAfter(-3_600_000);
      await insertJobs(t.db, [
        newJob(1, { status: 'completed', completed_at: old }),
        newJob(2, { status: 'failed', completed_at: recent }),
        newJob(3, { status: 'pending' }),
      ]);
      await t.db.insertInto('processed_hashes').values([
        { hash: 'old', file_id: null, job_id: null, created_at: isoAfter(-25 * 3_600_000) },
        { hash: 'new', file_id: null, job_id: null, created_at: recent },
      ]).execute();
      const usage = (at: string) => ({ service: 'drive', endpoint: 'x', request_count: 1, status_code: 200, duration_ms: 1, rate_limit_remaining: null, rate_limit_reset_at: null, cost_usd: null, job_id: null, recorded_at: at });
      await t.db.insertInto('api_usage').values([usage(isoAfter(-100 * 86_400_000)), usage(recent)]).execute();
      const before = await t.db.selectFrom('api_usage').select('id').execute();
      await pruneOldRows(t.db, 30);
      await pruneIngestHashes(t.db);
      await pruneUsage(t.db, 90);
      expect((await t.db.selectFrom('jobs').select('status').execute()).map((j) => j.status).sort()).toEqual(['failed', 'pending']);
      expect((await t.db.selectFrom('processed_hashes').select('hash').execute()).map((h) => h.hash)).toEqual(['new']);
      expect(await t.db.selectFrom('api_usage').select('id').execute()).toHaveLength(before.length - 1);
      await t.db.deleteFrom('jobs').execute();
    });

    it('hands each due outbox row to one relay, and holds scheduled rows until due', async () => {
      const { OutboxRelay } = await import('../../src/jobs/outbox.js');
      await insertOutbox(t.db, [
        outboxAt(isoAfter(-1000), '', 'q', '{}', null),
        outboxAt(isoAfter(-1000), '', 'q', '{}', null),
        outboxAt(isoAfter(60_000), '', 'q', '{}', null),
      ]);
      const claimed = await insertOutbox(t.db, [outboxNow('', 'q', '{}', null)]);
      expect(claimed).toHaveLength(1); // the writer's own claim for the fast path
      const fakeBroker = { connection: { on() {} }, connected: true } as never;
      const relays = Array.from({ length: 4 }, () => new OutboxRelay(t.db, fakeBroker, console as never));
      const got = await Promise.all(relays.map((r) => r.claimDue(10)));
      expect(got.flat()).toHaveLength(2); // not the scheduled one, not the writer's
      expect(new Set(got.flat().map((r) => r.id)).size).toBe(2);
    });
  });
}
