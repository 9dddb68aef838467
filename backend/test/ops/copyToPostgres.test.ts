/**
 * `copy-to-postgres` (ops/copyToPostgres.ts): a SQLite database filled by the real
 * platform (jobs run through the API and a worker) and by the repositories (files with
 * thumbnails, listings, reviews, users, usage, runs) is copied into a fresh PostgreSQL
 * database: every row arrives (counts and a type-normalised checksum of every table), an
 * interrupted copy resumed ends the same, and the platform started on the copy finishes
 * the job that was PENDING in the source. Real SQLite, PostgreSQL and RabbitMQ.
 */
import { createHash, randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../src/db/connection.js';
import type { FilesTable } from '../../src/db/schema.js';
import { recordRuns } from '../../src/jobs/runs.js';
import { insertOutbox } from '../../src/jobs/outbox.js';
import { createUser } from '../../src/domain/users/service.js';
import { insertRefreshToken } from '../../src/domain/users/sessions.js';
import { setFileStatus } from '../../src/domain/files/repository.js';
import { upsertListing } from '../../src/domain/listings/repository.js';
import { insertReview } from '../../src/domain/reviews/repository.js';
import { insertPrediction } from '../../src/domain/predictions/repository.js';
import { copyToPostgres, CopyInterrupted, CopyRefused, PROGRESS_TABLE } from '../../src/ops/copyToPostgres.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BACKEND_DIR, call, cleanupBroker, exited, startApi, startWorker, testEnv, token, waitFor } from '../helpers/stack.js';
import { addFile, addJobs, at } from '../domain/rows.js';

const NOT_COPIED = ['kysely_migration', 'kysely_migration_lock'];
const JOBS = 2_400;

let source: TestDatabase;
let env: Record<string, string>;
let pendingJobId: string;
const targets: TestDatabase[] = [];

async function emptyPostgres(): Promise<TestDatabase> {
  const t = await createTestDatabase('postgres', false);
  targets.push(t);
  return t;
}

/** Jobs run by the real platform, then the rest of a working studio's rows through the repositories. */
async function fill(): Promise<void> {
  const api = await startApi(env);
  const worker = await startWorker(env, [], api);
  const admin = await token('admin');
  const ran: string[] = [];
  for (let i = 0; i < 20; i++) ran.push((await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload: i % 5 === 0 ? { fail_times: 1 } : {} } })).body.job_id);
  await waitFor(async () => {
    const done = await source.db.selectFrom('jobs').select('id').where('id', 'in', ran).where('status', '=', 'completed').execute();
    return done.length === ran.length;
  }, { what: 'the platform running 20 jobs' });
  // The job that is PENDING in the copy: accepted and announced while no worker runs,
  // so its message waits in the broker (the same broker the copy's platform will use).
  await worker.stop('test');
  const pending = await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload: {} } });
  expect(pending.status).toBe(201);
  pendingJobId = pending.body.job_id;
  await waitFor(async () => (await source.db.selectFrom('outbox').select('id').where('job_id', '=', pendingJobId).execute()).length === 0, {
    what: 'the pending job published',
  });
  await api.close();

  const db = source.db;
  const owner = await createUser(db, 'owner', 'owner-password-1', 'admin');
  await createUser(db, 'rita', 'reviewer-password-1', 'reviewer');
  await insertRefreshToken(db, owner.id, createHash('sha256').update('t1').digest('hex'), at(86_400));
  const files: FilesTable[] = [];
  for (let i = 0; i < 60; i++) {
    const f = await addFile(db, {
      species: i % 3 ? 'Barn Owl' : null,
      thumbnail: i % 4 ? randomBytes(300 + i) : null,
      width: 6000,
      height: 4000,
      aspect_ratio: 1.5,
      ratio_family: '2:3',
      metadata_json: JSON.stringify({ title: `Owl ${i} — “quoted” ünïcode`, hashtags: ['#owl'] }),
      drive_file_id: i % 2 ? `drive-${i}` : null,
      created_at: at(i),
      updated_at: at(i),
    });
    files.push(f);
    if (i % 2) await setFileStatus(db, f.id, 'processed', { reason: i % 6 === 1 ? 'METADATA_WARNINGS: 2' : null });
  }
  for (const f of files.slice(0, 20)) {
    await upsertListing(db, { fileId: f.id, platform: 'shopify', platformListingId: `gid://shopify/Product/${f.id.slice(0, 8)}`, url: null, status: 'ACTIVE', data: { variants: 3 } });
  }
  for (const [i, f] of files.slice(10, 40).entries()) {
    await insertReview(db, { fileId: f.id, decision: i % 3 ? 'approved' : 'rejected', reviewer: 'rita', reason: i % 3 ? null : 'blurred', changes: i % 2 ? { title: { from: 'a', to: 'b' } } : null });
  }
  const statuses = ['pending', 'running', 'completed', 'retrying', 'failed', 'cancelled'] as const;
  const jobs = await addJobs(
    db,
    ...Array.from({ length: JOBS }, (_, i) => ({
      status: statuses[i % statuses.length],
      file_id: i % 7 === 0 ? files[i % files.length].id : null,
      attempts: i % 4,
      last_error: i % 11 === 0 ? `boom ${i}\nsecond line` : null,
      payload_json: JSON.stringify({ i }),
      result_json: i % 6 === 2 ? JSON.stringify({ ok: true }) : null,
      run_after: i % 13 === 0 ? at(i + 60) : null,
      created_at: at(100 + i),
      updated_at: at(200 + i),
      completed_at: i % 6 === 2 ? at(300 + i) : null,
    })),
  );
  await db.transaction().execute((trx) =>
    recordRuns(
      trx,
      jobs.slice(0, 900).map((j, i) => ({ job_id: j.id, attempt: 1, outcome: i % 2 ? 'completed' : 'retry', error: i % 2 ? null : 'flaky', worker: 'box:1', started_at: at(i), ended_at: at(i + 1) })),
      at(1000),
    ),
  );
  for (let i = 0; i < 700; i += 100) {
    await db
      .insertInto('api_usage')
      .values(
        Array.from({ length: 100 }, (_, k) => ({
          service: ['replicate', 'shopify', 'google_drive'][(i + k) % 3],
          endpoint: '/v1/predictions',
          request_count: 1,
          status_code: k % 10 ? 200 : 429,
          duration_ms: 10 + k,
          rate_limit_remaining: k % 3 ? 0.1 * k : null,
          rate_limit_reset_at: k % 5 ? null : at(k),
          cost_usd: k % 2 ? 0.0023 * k : null,
          job_id: jobs[k].id,
          recorded_at: at(i + k),
        })),
      )
      .execute();
  }
  await insertPrediction(db, { id: 'pred-1', job_id: jobs[0].id, file_id: files[0].id, purpose: 'upscale', model: 'nightmareai/real-esrgan' });
  await db.insertInto('processed_hashes').values({ hash: 'h1', file_id: files[0].id, job_id: jobs[0].id, created_at: at(5) }).execute();
  await db.insertInto('settings').values({ key: 'price_table', value_json: '{"12x18":89}', updated_at: at(5) }).execute();
  // Scheduled far ahead: the copy's relay leaves them alone while the test runs.
  await insertOutbox(db, Array.from({ length: 30 }, (_, i) => ({ exchange: '', routing_key: 'never', body: '{}', job_id: null, available_at: '2100-01-01T00:00:00.000Z', created_at: at(i) })));
}

beforeAll(async () => {
  source = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: source.url });
  await fill();
}, 120_000);

afterAll(async () => {
  for (const t of targets) await t.drop();
  if (env) await cleanupBroker(env);
  await source?.drop();
});

/** The tables the copy must carry: every table of the source but the migrations' own. */
async function sourceTables(): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(source.db);
  return rows.rows.map((r) => r.name).filter((n) => !NOT_COPIED.includes(n));
}

/** A value in one form whichever database it came from, by the PostgreSQL column's type. */
function normalise(v: unknown, pgType: string): unknown {
  if (v === null || v === undefined) return null;
  if (pgType.startsWith('timestamp')) return new Date(v as string).toISOString();
  if (pgType === 'bytea') return Buffer.from(v as Uint8Array).toString('hex');
  if (pgType === 'boolean') return Boolean(v);
  if (['integer', 'bigint', 'smallint', 'double precision', 'real', 'numeric'].includes(pgType)) return Number(v);
  return String(v);
}

/** Row count and an order-independent checksum of each table (sorted row hashes). */
async function checksums(db: Kysely<any>, pg: Db, tables: string[]): Promise<Record<string, { rows: number; sum: string }>> {
  const out: Record<string, { rows: number; sum: string }> = {};
  for (const table of tables) {
    const cols = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by column_name`.execute(pg);
    const rows = await db.selectFrom(table).select(cols.rows.map((c) => c.column_name)).execute();
    const hashes = rows.map((r) => createHash('sha256').update(JSON.stringify(cols.rows.map((c) => normalise(r[c.column_name], c.data_type)))).digest('hex')).sort();
    out[table] = { rows: rows.length, sum: createHash('sha256').update(hashes.join()).digest('hex') };
  }
  return out;
}

describe('copy-to-postgres', () => {
  let copy: TestDatabase;
  let tables: string[];

  it('copies every row of every table, parents first, with types converted and sequences reset', async () => {
    tables = await sourceTables();
    for (const t of ['jobs', 'job_runs', 'files', 'file_events', 'listings', 'reviews', 'users', 'refresh_tokens', 'api_usage', 'outbox', 'leases']) {
      expect(tables).toContain(t);
    }
    copy = await emptyPostgres();
    const batches: string[] = [];
    const report = await copyToPostgres({ source: source.target, to: copy.url, batchSize: 500, onBatch: (t) => void batches.push(t) });
    expect(report.ok).toBe(true);
    expect(report.resumed).toBe(false);
    expect(report.sourceChanged).toBe(false);
    expect(report.tables.map((t) => t.table).sort()).toEqual(tables);
    const jobs = report.tables.find((t) => t.table === 'jobs')!;
    expect(jobs).toEqual({ table: 'jobs', source: JOBS + 21, target: JOBS + 21 });
    expect(batches.filter((t) => t === 'jobs')).toHaveLength(Math.ceil((JOBS + 21) / 500));
    // Parents before children (foreign keys hold in PostgreSQL).
    expect(batches.indexOf('files')).toBeLessThan(batches.indexOf('jobs'));
    expect(batches.indexOf('users')).toBeLessThan(batches.indexOf('refresh_tokens'));

    const before = await checksums(source.db, copy.db, tables);
    const after = await checksums(copy.db, copy.db, tables);
    expect(after).toEqual(before);
    for (const t of ['jobs', 'job_runs', 'files', 'listings', 'reviews', 'users', 'api_usage']) expect(before[t].rows).toBeGreaterThan(0);

    // Real PostgreSQL types hold the values: a timestamptz compares as time, bytea as bytes.
    const file = await copy.db.selectFrom('files').select(['id', 'thumbnail']).where('thumbnail', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const orig = await source.db.selectFrom('files').select('thumbnail').where('id', '=', file.id).executeTakeFirstOrThrow();
    expect(Buffer.from(file.thumbnail!).equals(Buffer.from(orig.thumbnail!))).toBe(true);
    const late = await sql<{ n: number }>`select count(*)::int as n from jobs where created_at > ${at(100 + JOBS - 10)}::timestamptz`.execute(copy.db);
    expect(late.rows[0].n).toBe(9 + 21); // the platform's 21 jobs were created today, after 2026-01-01

    // Sequences follow the copied ids: a new row gets the next id, not a conflict.
    const maxRun = (await copy.db.selectFrom('job_runs').select((e) => e.fn.max('id').as('m')).executeTakeFirstOrThrow()).m as number;
    const inserted = await copy.db
      .insertInto('job_runs')
      .values({ job_id: pendingJobId, attempt: 1, outcome: 'lost', error: null, worker: null, started_at: at(0), ended_at: at(1) })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBe(maxRun + 1);
    await copy.db.deleteFrom('job_runs').where('id', '=', inserted.id).execute();
  });

  it('resumes an interrupted copy where it stopped and ends with the same rows', async () => {
    const target = await emptyPostgres();
    const abort = new AbortController();
    let jobBatches = 0;
    await expect(
      copyToPostgres({
        source: source.target,
        to: target.url,
        batchSize: 500,
        signal: abort.signal,
        onBatch: (t) => {
          if (t === 'jobs' && ++jobBatches === 2) abort.abort(); // mid-table
        },
      }),
    ).rejects.toThrow(CopyInterrupted);
    expect(Number((await sql<{ n: number }>`select count(*) as n from jobs`.execute(target.db)).rows[0].n)).toBe(1000);
    const progress = await target.db.selectFrom(PROGRESS_TABLE as never).selectAll().where('table_name' as never, '=', 'jobs' as never).executeTakeFirstOrThrow();
    expect(progress).toMatchObject({ copied_rows: 1000 });

    const batches: string[] = [];
    const report = await copyToPostgres({ source: source.target, to: target.url, batchSize: 500, onBatch: (t) => void batches.push(t) });
    expect(report.ok).toBe(true);
    expect(report.resumed).toBe(true);
    // Only what was left: the jobs after the first 1,000, none of the tables finished before.
    expect(batches.filter((t) => t === 'jobs')).toHaveLength(Math.ceil((JOBS + 21 - 1000) / 500));
    expect(batches).not.toContain('files');
    expect(await checksums(target.db, target.db, tables)).toEqual(await checksums(source.db, target.db, tables));

    // A third run finds nothing left and changes nothing.
    const again = await copyToPostgres({ source: source.target, to: target.url });
    expect(again).toMatchObject({ ok: true, resumed: true, copied: 0 });
  });

  it('refuses a PostgreSQL source, and a target holding other data, before touching it', async () => {
    await expect(copyToPostgres({ source: { dialect: 'postgres', url: copy.url }, to: copy.url })).rejects.toThrow(/already points at PostgreSQL/);

    const live = await createTestDatabase('postgres'); // migrated, with a user of its own
    targets.push(live);
    await createUser(live.db, 'someone', 'someone-password', 'admin');
    await expect(copyToPostgres({ source: source.target, to: live.url })).rejects.toThrow(CopyRefused);
    await expect(copyToPostgres({ source: source.target, to: live.url })).rejects.toThrow(/already holds data \(users\)/);
    const progress = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = ${PROGRESS_TABLE}`.execute(live.db);
    expect(progress.rows[0].n).toBe(0);

    // Another SQLite database into the first copy: its progress names a different source.
    const other = await createTestDatabase('sqlite');
    try {
      await expect(copyToPostgres({ source: other.target, to: copy.url })).rejects.toThrow(/a copy of another database/);
    } finally {
      await other.drop();
    }
  });

  it('says so (ok: false) when the SQLite database is written during the copy', async () => {
    const target = await emptyPostgres();
    let written: string | null = null;
    try {
      const report = await copyToPostgres({
        source: source.target,
        to: target.url,
        batchSize: 500,
        onBatch: async () => {
          if (written) return;
          written = (await addJobs(source.db, { created_at: at(0) }))[0].id!; // another connection commits
        },
      });
      expect(report.sourceChanged).toBe(true);
      expect(report.ok).toBe(false);
      // The copy is of the snapshot it started from: the new job is not in it.
      expect(report.tables.find((t) => t.table === 'jobs')).toEqual({ table: 'jobs', source: JOBS + 21, target: JOBS + 21 });
      const progress = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(PROGRESS_TABLE)} where finished_at is not null`.execute(target.db);
      expect(progress.rows[0].n).toBe(0); // not recorded as finished
    } finally {
      if (written) await source.db.deleteFrom('jobs').where('id', '=', written).execute();
    }
  });

  it('the platform started on the copy finishes the job that was PENDING in the source', async () => {
    const onCopy = { ...env, DATABASE_URL: copy.url };
    const api = await startApi(onCopy);
    const worker = await startWorker(onCopy, [], api);
    try {
      const admin = await token('admin');
      expect((await call(api.url, 'GET', `/api/jobs/${pendingJobId}`, { token: admin })).body.status).toMatch(/PENDING|RUNNING|COMPLETED/);
      await waitFor(async () => (await call(api.url, 'GET', `/api/jobs/${pendingJobId}`, { token: admin })).body.status === 'COMPLETED', {
        what: 'the pending job completed on PostgreSQL',
      });
      // And new work: ids from the reset sequences (outbox, job_runs) collide with nothing copied.
      const fresh = await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload: {} } });
      expect(fresh.status).toBe(201);
      await waitFor(async () => (await call(api.url, 'GET', `/api/jobs/${fresh.body.job_id}`, { token: admin })).body.status === 'COMPLETED', { what: 'a new job on the copy' });
      const runs = (await call(api.url, 'GET', `/api/jobs/${fresh.body.job_id}`, { token: admin })).body.runs;
      expect(runs).toHaveLength(1);
    } finally {
      await worker.stop('test');
      await api.close();
    }
  });

  it('the CLI prints each table on both sides and exits 0, continues after being killed mid-copy, and exits 2 with the reason when refused', async () => {
    const target = await emptyPostgres();
    const cli = (extra: Record<string, string>, args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'copy-to-postgres', ...args], {
        cwd: BACKEND_DIR,
        env: { PATH: process.env.PATH, ...env, ...extra },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const run = cli({}, ['--to', target.url]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^jobs\\s+${JOBS + 21}\\s+${JOBS + 21}$`, 'm'));
    expect(run.stdout).toMatch(/^users\s+2\s+2$/m);
    expect(run.stdout).toContain('every table matches');
    expect(run.stdout).not.toContain('DIFFERENT');

    // Killed outright mid-table (no chance to stop between batches), then run again.
    const killed = await emptyPostgres();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'copy-to-postgres', '--to', killed.url, '--batch-size', '20'], {
      cwd: BACKEND_DIR,
      env: { PATH: process.env.PATH, ...env },
      stdio: 'ignore',
    });
    const jobsCopied = async () =>
      Number(
        (await sql<{ n: number }>`select copied_rows as n from ${sql.table(PROGRESS_TABLE)} where table_name = 'jobs'`.execute(killed.db).catch(() => null))?.rows[0]?.n ?? 0,
      );
    await waitFor(async () => (await jobsCopied()) >= 200, { timeoutMs: 60_000, intervalMs: 20, what: 'the CLI copying jobs' });
    child.kill('SIGKILL');
    await exited(child);
    const partial = Number((await sql<{ n: number }>`select count(*) as n from jobs`.execute(killed.db)).rows[0].n);
    expect(partial).toBeLessThan(JOBS + 21);
    expect(partial).toBe(await jobsCopied()); // the committed batches and the progress agree
    const resumed = cli({}, ['--to', killed.url]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('continuing an interrupted copy');
    expect(resumed.stdout).toMatch(new RegExp(`^jobs\\s+${JOBS + 21}\\s+${JOBS + 21}$`, 'm'));
    expect(await checksums(killed.db, killed.db, tables)).toEqual(await checksums(source.db, killed.db, tables));

    const refused = cli({ DATABASE_URL: target.url }, ['--to', target.url]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/already points at PostgreSQL/);
    expect(cli({}, []).status).toBe(2); // --to is required
  }, 180_000);
});

