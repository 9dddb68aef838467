/**
 * Migration 0007's lean job indexes: every state but COMPLETED in one partial index.
 * The reads that filter on a state must still find the same rows on both dialects, and
 * on SQLite reach an index rather than scan (SQLite uses a partial index only when the
 * query repeats its predicate: jobs/statusIndex.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { uuidv7 } from '../../src/core/ids.js';
import { migrateDown, migrateUp } from '../../src/db/migrate.js';
import type { JobState, NewJob } from '../../src/db/schema.js';
import { jobsByStatus } from '../../src/domain/overview/repository.js';
import { Subscriptions } from '../../src/jobs/events.js';
import type { OutboxRelay } from '../../src/jobs/outbox.js';
import { CommandRegistry } from '../../src/jobs/registry.js';
import { hasQueuedJob, insertJobs, staleRuns } from '../../src/jobs/repository.js';
import { JobService } from '../../src/jobs/service.js';
import { topology } from '../../src/queue/topology.js';

const STATES: JobState[] = ['completed', 'completed', 'completed', 'pending', 'running', 'retrying', 'failed', 'cancelled'];

function job(i: number, status: JobState, commandType = i % 2 ? 'Noop' : 'ScanDriveFolder'): NewJob {
  const t = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString();
  return {
    id: uuidv7(), file_id: null, command_type: commandType, queue: 'system', status, attempts: status === 'pending' ? 0 : 1, max_attempts: 3,
    last_error: null, payload_json: '{}', result_json: null, checkpoint_json: null, run_id: null, run_after: null,
    created_at: t, started_at: status === 'pending' ? null : t, completed_at: ['completed', 'failed', 'cancelled'].includes(status) ? t : null, updated_at: t,
  };
}

for (const dialect of DIALECTS) {
  describe(`job state reads on the lean indexes (${dialect})`, () => {
    let t: TestDatabase;
    let rows: NewJob[];
    let jobs: JobService;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      rows = Array.from({ length: 400 }, (_, i) => job(i, STATES[i % STATES.length]));
      await insertJobs(t.db, rows);
      jobs = new JobService(t.db, new CommandRegistry([]), topology('', 'classic'), {} as OutboxRelay, 3, new Subscriptions());
    });
    afterAll(async () => t?.drop());

    const expected = (status: JobState) => rows.filter((r) => r.status === status).map((r) => r.id).reverse();

    it('lists each state newest first, page after page, the same rows as a filter over all jobs', async () => {
      for (const status of new Set(STATES)) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await jobs.list({ status, limit: 40, cursor });
          seen.push(...page.items.map((j) => j.id));
          expect(page.items.every((j) => j.status === status)).toBe(true);
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        expect(seen, status).toEqual(expected(status));
      }
    });

    it('counts every state, the stale-run sweep finds RUNNING jobs, and a queued scan is seen', async () => {
      const counts = await jobsByStatus(t.db);
      for (const s of new Set(STATES)) expect(counts[s], s).toBe(rows.filter((r) => r.status === s).length);
      const stale = await staleRuns(t.db, 'Noop', '2027-01-01T00:00:00.000Z');
      expect(stale.map((j) => j.id).sort()).toEqual(rows.filter((r) => r.status === 'running' && r.command_type === 'Noop').map((r) => r.id).sort());
      expect(await hasQueuedJob(t.db, 'ScanDriveFolder')).toBe(true);
      expect(await hasQueuedJob(t.db, 'NeverEnqueued')).toBe(false);
    });

    it('goes down to the indexes it replaced and up again', async () => {
      const names = async () =>
        dialect === 'sqlite'
          ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'jobs' and name like 'jobs_%'`.execute(t.db)).rows.map((r) => r.name)
          : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'jobs' and indexname like 'jobs_%'`.execute(t.db)).rows.map((r) => r.name);
      expect(await names()).toContain('jobs_open_status_created');
      expect(await names()).not.toContain('jobs_status_created');
      await migrateDown(t.db, t.target);
      expect(await names()).toEqual(expect.arrayContaining(['jobs_status_created', 'jobs_running_started']));
      expect(await names()).not.toContain('jobs_open_status_created');
      await migrateUp(t.db, t.target);
      expect(await names()).toContain('jobs_open_status_created');
      expect(await names()).not.toContain('jobs_running_started');
    });

    it('reaches an index for every state read (SQLite query plans)', async () => {
      if (dialect !== 'sqlite') return; // PostgreSQL's plans depend on its statistics
      const plans: string[] = [];
      const { openDatabase } = await import('../../src/db/connection.js');
      const traced = openDatabase(t.target, {
        onQuery: (text) => void (text.startsWith('select') && plans.push(text)),
      });
      const tracedJobs = new JobService(traced, new CommandRegistry([]), topology('', 'classic'), {} as OutboxRelay, 3, new Subscriptions());
      const planOf = async (run: () => Promise<unknown>): Promise<string> => {
        plans.length = 0;
        await run();
        expect(plans.length).toBeGreaterThan(0);
        // explain each statement with the parameters it ran with is not possible from
        // the log; the statements bind only values, so explain with literals in their place.
        const text = plans[plans.length - 1];
        return text;
      };
      const explain = async (text: string, params: unknown[]) =>
        (await sql<{ detail: string }>`explain query plan ${sql.raw(text.replace(/\?/g, () => `'${String(params.shift())}'`))}`.execute(traced)).rows.map((r) => r.detail).join(' | ');
      try {
        const pending = await planOf(() => tracedJobs.list({ status: 'pending', limit: 10 }));
        expect(await explain(pending, ['pending', 11])).toContain('jobs_open_status_created');
        const completed = await planOf(() => tracedJobs.list({ status: 'completed', limit: 10 }));
        const completedPlan = await explain(completed, ['completed', 11]);
        expect(completedPlan).toContain('jobs_created');
        expect(completedPlan).not.toContain('TEMP B-TREE'); // no sort of every COMPLETED job
        const sweep = await planOf(() => staleRuns(traced, 'Noop', '2027-01-01T00:00:00.000Z'));
        expect(await explain(sweep, ['running', 'Noop', '2027-01-01T00:00:00.000Z', 200])).toContain('jobs_open_status_created');
        const counts = await planOf(() => jobsByStatus(traced));
        const countsPlan = await explain(counts, []);
        expect(countsPlan).toContain('jobs_open_status_created');
        expect(countsPlan.match(/SCAN jobs(?! USING)/g) ?? []).toHaveLength(0); // each open state counted on the index, no table walk per state
      } finally {
        await traced.destroy();
      }
    });
  });
}
