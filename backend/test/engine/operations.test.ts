/**
 * Operations: the CLI (migrate, users, service tokens, dead letters) and `npm start`'s
 * supervisor, which restarts a worker that dies. Real processes, real services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BACKEND_DIR, call, cleanupBroker, exited, freePort, testEnv, waitFor } from '../helpers/stack.js';

let tdb: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite', false);
  env = testEnv({ DATABASE_URL: tdb.url });
});
afterAll(async () => {
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

function cli(args: string[], extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: BACKEND_DIR,
    env: { PATH: process.env.PATH, ...env, ...extra },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the CLI', () => {
  it('migrates, creates users, mints service tokens and lists dead letters', async () => {
    const up = cli(['migrate', 'up']);
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('applied 0001_initial');
    expect(cli(['migrate', 'up']).stdout).toContain('nothing to do');

    const user = cli(['user', 'create', 'rita', '--role', 'reviewer'], { FIELDFEN_PASSWORD: 'a long reviewer password' });
    expect(user.status).toBe(0);
    const row = await tdb.db.selectFrom('users').selectAll().where('username', '=', 'rita').executeTakeFirstOrThrow();
    expect(row.role).toBe('reviewer');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(cli(['user', 'create', 'bob', '--role', 'root'], { FIELDFEN_PASSWORD: 'whatever-long' }).status).toBe(2);

    const minted = cli(['token', 'mint', '--sub', 'zapier', '--days', '30']);
    expect(minted.status).toBe(0);
    const tokenText = minted.stdout.trim();
    const claims = JSON.parse(Buffer.from(tokenText.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'zapier', role: 'service' });
    expect(claims.exp - claims.iat).toBe(30 * 86_400);

    const dlq = cli(['dlq', 'list']);
    expect(dlq.status).toBe(0);
    expect(dlq.stdout).toMatch(/system\s+dead letters: 0/);
    expect(cli(['dlq', 'redrive', 'nope']).status).toBe(2);
    expect(cli(['bogus']).status).toBe(2);
  });

  it('read-only commands neither migrate the database nor start the outbox relay', async () => {
    const empty = await createTestDatabase('sqlite', false);
    try {
      const dlq = cli(['dlq', 'list'], { DATABASE_URL: empty.url });
      expect(dlq.status).toBe(0);
      expect(dlq.stdout).toMatch(/system\s+dead letters: 0/);
      const { sql } = await import('kysely');
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(empty.db);
      expect(tables.rows.map((t) => t.name)).toEqual([]); // no kysely_migration, no jobs: nothing was migrated
    } finally {
      await empty.drop();
    }
  });
});

describe('npm start', () => {
  let main: ChildProcess | null = null;
  let fresh: TestDatabase;
  beforeAll(async () => {
    fresh = await createTestDatabase('sqlite', false); // empty: the first admin comes from the environment
  });
  afterAll(async () => {
    if (main) {
      main.kill('SIGTERM');
      await exited(main);
    }
    await fresh?.drop();
  });

  it('runs the API and a worker, and restarts the worker when it dies', async () => {
    const port = await freePort();
    main = fork(path.join(BACKEND_DIR, 'src/bin/start.ts'), [], {
      cwd: BACKEND_DIR,
      env: { ...process.env, ...env, DATABASE_URL: fresh.url, PORT: String(port), ADMIN_USERNAME: 'owner', ADMIN_PASSWORD: 'owner-password' },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const url = `http://127.0.0.1:${port}`;
    const login = await waitFor(async () => {
      const r = await call(url, 'POST', '/auth/login', { body: { username: 'owner', password: 'owner-password' } }).catch(() => null);
      return r?.status === 200 ? r : null;
    }, { timeoutMs: 60_000, what: 'the API' });
    const token = login.body.access_token as string;
    const consumers = async () => {
      const r = await call(url, 'GET', '/api/queues', { token });
      return r.status === 200 ? (r.body.queues.find((q: { name: string }) => q.name === 'system').consumers as number) : -1;
    };
    await waitFor(async () => (await consumers()) === 1, { timeoutMs: 60_000, what: 'the worker consuming' });

    // Kill the worker process (the supervisor's only child).
    // The supervisor's worker child (tsx may run an esbuild helper process beside it).
    const workerPids = () => spawnSync('pgrep', ['-P', String(main!.pid), '-f', 'bin/worker'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    const pids = workerPids();
    expect(pids).toHaveLength(1);
    process.kill(Number(pids[0]), 'SIGKILL');
    await waitFor(async () => (await consumers()) === 0, { timeoutMs: 30_000, what: 'the worker gone' });
    await waitFor(async () => (await consumers()) === 1, { timeoutMs: 60_000, what: 'the worker restarted' });
    const after = workerPids();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(pids[0]);

    // And the restarted worker runs work.
    const job = await call(url, 'POST', '/api/jobs', { token, body: { command_type: 'Noop', payload: {} } });
    await waitFor(async () => (await call(url, 'GET', `/api/jobs/${job.body.job_id}`, { token })).body.status === 'COMPLETED', { what: 'a job after the restart' });
  }, 180_000);
});
