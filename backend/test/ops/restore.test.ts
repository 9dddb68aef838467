/**
 * `restore FILE [--force]` as a real child process on real SQLite and RabbitMQ: the file
 * is verified before anything is touched, a database in use is refused, --force
 * restores into the running platform, which then finishes a job that was PENDING in the
 * backup (its message was never in this broker), and the replaced database is kept
 * beside it with what its WAL held.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { createEngine } from '../../src/engine.js';
import { createLogger } from '../../src/logger.js';
import { fieldFenPipeline } from '../../src/pipeline/index.js';
import { takeBackup } from '../../src/ops/backup.js';
import { BACKEND_DIR, call, cleanupBroker, exited, freePort, spawnApi, spawnWorker, testConfig, testEnv, token, waitFor } from '../helpers/stack.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const envs: Record<string, string>[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  for (const c of children) await exited(c);
  for (const e of envs) await cleanupBroker(e);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ff-restore-'));
  dirs.push(d);
  return d;
}
function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: BACKEND_DIR, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 120_000 });
}
const settingKeys = (file: string) => {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare('select key from settings order by key').pluck().all();
  } finally {
    db.close();
  }
};

describe('restore', () => {
  it('verifies the file first: not SQLite, not ours, or unreadable gzip is refused and nothing changes', () => {
    const dir = tempDir();
    const env = testEnv({ DATABASE_URL: path.join(dir, 'ff.db'), PORT: '0' });
    expect(cli(['migrate', 'up'], env).status).toBe(0);
    const before = statSync(path.join(dir, 'ff.db')).mtimeMs;

    const junk = path.join(dir, 'junk.db');
    writeFileSync(junk, randomBytes(8192));
    const notOurs = path.join(dir, 'other.db');
    new SQLite(notOurs).exec('create table t(x)');
    const badGz = path.join(dir, 'fieldfen_20260101_000000.db.gz');
    writeFileSync(badGz, gzipSync(randomBytes(4096)).subarray(0, 1000));

    for (const [file, why] of [[junk, /not a SQLite database|integrity_check/], [notOurs, /not a Field & Fen database/], [badGz, /cannot be read/], [path.join(dir, 'nope.gz'), /does not exist/]] as const) {
      const r = cli(['restore', file], env);
      expect(r.status).toBe(3);
      expect(r.stderr).toMatch(why);
    }
    expect(statSync(path.join(dir, 'ff.db')).mtimeMs).toBe(before);
    expect(readdirSync(dir).filter((n) => n.includes('replaced') || n.startsWith('.fieldfen-restore'))).toEqual([]);
  });

  it('keeps the replaced database beside it with what its WAL held, and restores the backup exactly', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'ff.db');
    const env = testEnv({ DATABASE_URL: dbFile, PORT: String(await freePort()) });
    expect(cli(['migrate', 'up'], env).status).toBe(0);
    const put = (key: string) => {
      const db = new SQLite(dbFile);
      db.prepare("insert into settings (key, value_json, updated_at) values (?, '1', '2026-01-01T00:00:00.000Z')").run(key);
      db.close();
    };
    put('in-backup');
    const b = cli(['backup', '--out', path.join(dir, 'backups')], env);
    expect(b.status).toBe(0);
    const backup = b.stdout.trim().split('\n').pop()!;

    // A process commits a row and dies before any checkpoint: the row is only in the -wal.
    const killed = spawn(process.execPath, ['-e', `
      const D = require('better-sqlite3'); const db = new D(${JSON.stringify(dbFile)});
      db.pragma('journal_mode = WAL'); db.pragma('wal_autocheckpoint = 0');
      db.prepare("insert into settings (key, value_json, updated_at) values ('only-in-wal', '1', '2026-01-01T00:00:00.000Z')").run();
      process.kill(process.pid, 'SIGKILL');`], { cwd: BACKEND_DIR });
    await new Promise((r) => killed.once('exit', r));
    expect(statSync(`${dbFile}-wal`).size).toBeGreaterThan(0);

    const r = cli(['restore', backup], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('integrity ok');
    const replaced = readdirSync(dir).filter((n) => /^ff\.db\.replaced-\d{8}_\d{6}$/.test(n));
    expect(replaced).toHaveLength(1);
    expect(settingKeys(path.join(dir, replaced[0]))).toEqual(['in-backup', 'only-in-wal']);
    expect(settingKeys(dbFile)).toEqual(['in-backup']); // no stale WAL applied to the restored pages
    const live = new SQLite(dbFile, { readonly: true });
    expect(live.pragma('integrity_check', { simple: true })).toBe('ok');
    live.close();
    expect(readdirSync(dir).filter((n) => n.startsWith('.fieldfen-restore'))).toEqual([]);
  });

  it('refuses a database in use; with --force the running platform comes back on the backup and finishes a job that was PENDING in it', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'ff.db');
    const log = createLogger('test', 'silent');

    // Before: a PENDING job in the backup; afterwards it is cancelled, and its message dies with that broker's queues.
    const envBefore = testEnv({ DATABASE_URL: dbFile });
    envs.push(envBefore);
    const engine = await createEngine(testConfig(envBefore), log, { app: fieldFenPipeline() });
    const job = await engine.jobs.enqueue({ commandType: 'Noop', payload: {} });
    // And one that was RUNNING when the backup was taken (its worker is long gone after a restore).
    const running = await engine.jobs.enqueue({ commandType: 'Noop', payload: { sleep_ms: 1 } });
    await engine.db.updateTable('jobs').set({ status: 'running', attempts: 1, run_id: 'run-of-the-old-box', started_at: new Date().toISOString() }).where('id', '=', running.id).execute();
    const backup = await takeBackup({ config: engine.config, db: engine.db, outDir: path.join(dir, 'backups'), trigger: 'cli' });
    await engine.jobs.cancel(job.id);
    await engine.close();
    await cleanupBroker(envBefore);

    // The platform on another broker prefix: API and worker as child processes.
    const port = await freePort();
    const env = testEnv({ DATABASE_URL: dbFile, PORT: String(port) });
    envs.push(env);
    const api = await spawnApi(env, port);
    children.push(api.child);
    const worker = spawnWorker(env);
    children.push(worker);
    const admin = await token('admin');
    const status = async () => (await call(api.url, 'GET', `/api/jobs/${job.id}`, { token: admin })).body.status;
    expect(await status()).toBe('CANCELLED');
    await waitFor(async () => (await call(api.url, 'GET', '/api/queues', { token: admin })).body.queues?.find((q: { name: string }) => q.name === 'system')?.consumers > 0, { what: 'the worker to consume' });

    const refused = cli(['restore', backup.path], env);
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('in use');
    expect(refused.stderr).toContain(`127.0.0.1:${port}`);
    expect(refused.stderr).toContain('another process has');
    expect(await status()).toBe('CANCELLED');
    expect(readdirSync(dir).filter((n) => n.includes('.replaced-'))).toEqual([]);

    const forced = cli(['restore', backup.path, '--force'], env);
    expect(forced.stderr).toBe('');
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/announced 1 waiting jobs again; 1 that were running set to retry/);
    await waitFor(async () => (await status()) === 'COMPLETED', { timeoutMs: 30_000, what: 'the restored PENDING job to complete' });
    // The RUNNING one was ended as the stale-run sweep ends one (`lost`, attempt kept) and ran again.
    const r = await waitFor(async () => {
      const b = (await call(api.url, 'GET', `/api/jobs/${running.id}`, { token: admin })).body;
      return b.status === 'COMPLETED' && b;
    }, { timeoutMs: 30_000, what: 'the restored RUNNING job to run again' });
    expect(r.attempts).toBe(2);
    expect(r.runs.map((x: { outcome: string }) => x.outcome)).toEqual(['COMPLETED', 'LOST']);
    const replaced = readdirSync(dir).find((n) => n.startsWith('ff.db.replaced-'))!;
    const old = new SQLite(path.join(dir, replaced), { readonly: true });
    expect(old.prepare('select status from jobs where id = ?').pluck().get(job.id)).toBe('cancelled');
    old.close();
    expect(existsSync(`${dbFile}`)).toBe(true);
  });
});
