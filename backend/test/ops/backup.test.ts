/**
 * Backups (issue 10) on the real SQLite file, RabbitMQ and the Drive stand-in: a CLI
 * backup (a child process) taken while the API commits 2,000+ jobs, the scheduled
 * backup once across two workers with its Drive upload, retention on disk and in Drive
 * by name only, and PostgreSQL said plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { BACKEND_DIR, call, cleanupBroker, startApi, startWorker, testEnv, token, waitFor, type Api, type InProcessWorker } from '../helpers/stack.js';
import { makeServiceAccount, startFakeDrive, type FakeDrive } from '../../src/standins/googleDrive.js';
import { backupName, backupTime, pastRetention } from '../../src/ops/backup.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ff-backup-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: BACKEND_DIR, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 120_000 });
}

/** The database inside a .db.gz, written out and opened read-only. */
function openBackup(gz: string): SQLite.Database {
  const file = path.join(tempDir(), 'restored.db');
  writeFileSync(file, gunzipSync(readFileSync(gz)));
  return new SQLite(file, { readonly: true });
}

const DAY = 86_400_000;

describe('backup names and retention', () => {
  it('names in UTC and removes only fieldfen_YYYYMMDD_HHMMSS.db.gz older than the retention, never the newest', () => {
    const now = new Date('2026-03-31T02:00:00Z');
    expect(backupName(now)).toBe('fieldfen_20260331_020000.db.gz');
    expect(backupTime('fieldfen_20260301_020000.db.gz')?.toISOString()).toBe('2026-03-01T02:00:00.000Z');
    const names = ['fieldfen_20260301_015959.db.gz', 'fieldfen_20260301_020001.db.gz', 'fieldfen_manual.db.gz', 'fieldfen_20200101_000000.db', 'notes.txt', backupName(now)];
    expect(pastRetention(names, 30, now, backupName(now))).toEqual(['fieldfen_20260301_015959.db.gz']);
  });
});

describe('backup under load (CLI, SQLite)', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let api: Api & { url: string };
  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    env = testEnv({ DATABASE_URL: tdb.url });
    api = await startApi(env);
  });
  afterAll(async () => {
    await api?.close();
    await cleanupBroker(env);
    await tdb?.drop();
  });

  it('is consistent while the API commits jobs: the copy passes integrity_check and holds every job committed before it began', async () => {
    const admin = await token('admin');
    const out = tempDir();
    const committed: { id: string; at: number }[] = [];
    let backupDone = false;
    // 20 writers through the real API until 2,000 jobs are in and the backup has ended.
    const writer = async () => {
      while (!(backupDone && committed.length >= 2000)) {
        const r = await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload: {} } });
        expect(r.status).toBe(201);
        committed.push({ id: r.body.job_id, at: Date.now() });
      }
    };
    const writers = Array.from({ length: 20 }, writer);
    await waitFor(() => committed.length >= 300, { what: '300 jobs committed' });

    const startedAt = Date.now();
    const before = new Set(committed.map((c) => c.id));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'backup', '--out', out], { cwd: BACKEND_DIR, env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    const endedAt = Date.now();
    backupDone = true;
    await Promise.all(writers);

    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    const written = lines[lines.length - 1];
    expect(path.dirname(written)).toBe(out);
    expect(path.basename(written)).toMatch(/^fieldfen_\d{8}_\d{6}\.db\.gz$/);
    expect(readdirSync(out)).toEqual([path.basename(written)]); // no temp files left
    // The writes really overlapped the backup.
    expect(committed.filter((c) => c.at > startedAt && c.at < endedAt).length).toBeGreaterThan(50);
    expect(committed.length).toBeGreaterThanOrEqual(2000);

    const copy = openBackup(written);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = new Set(copy.prepare('select id from jobs').pluck().all() as string[]);
    copy.close();
    const missing = [...before].filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
    expect(ids.size).toBeLessThan(committed.length); // a snapshot, not the end state

    // Recorded, with the file's own hash.
    const row = await tdb.db.selectFrom('backups').selectAll().where('file_name', '=', path.basename(written)).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ trigger: 'cli', status: 'completed', local_path: written, drive_file_id: null, error: null });
    expect(row.sha256).toBe(createHash('sha256').update(readFileSync(written)).digest('hex'));
    expect(row.size_bytes).toBe(readFileSync(written).length);
  });

  it('applies the retention to its own names only and prints the file on its last line', async () => {
    const out = tempDir();
    const old = backupName(new Date(Date.now() - 31 * DAY));
    const recent = backupName(new Date(Date.now() - 29 * DAY));
    for (const n of [old, recent, 'fieldfen_manual.db.gz', 'keep-me.db.gz']) writeFileSync(path.join(out, n), 'x');
    const r = cli(['backup', '--out', out], { ...env, BACKUP_RETENTION_DAYS: '30' });
    expect(r.status).toBe(0);
    const last = r.stdout.trim().split('\n').pop()!;
    expect(existsSync(last)).toBe(true);
    expect(r.stdout).toContain(`removed ${path.join(out, old)}`);
    expect(readdirSync(out).sort()).toEqual([path.basename(last), recent, 'fieldfen_manual.db.gz', 'keep-me.db.gz'].sort());
  });

  it('lists backups to admins only, newest first and paginated, with the schedule (REST and GraphQL)', async () => {
    const admin = await token('admin');
    const reviewer = await token('reviewer');
    expect((await call(api.url, 'GET', '/api/backups', { token: reviewer })).status).toBe(403);
    expect((await call(api.url, 'GET', '/api/backups')).status).toBe(401);
    expect((await call(api.url, 'GET', '/api/backups?limit=0', { token: admin })).body.error_code).toBe('VALIDATION_ERROR');

    const all = await call(api.url, 'GET', '/api/backups', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2); // the two CLI backups above
    expect(all.body.items[0].created_at >= all.body.items[1].created_at).toBe(true);
    expect(all.body.items[0]).toMatchObject({ trigger: 'cli', status: 'COMPLETED', drive_file_id: null });
    expect(all.body.schedule).toMatchObject({ supported: true, enabled: false, intervalHours: null, driveFolderSet: false, retentionDays: 30 });
    const first = await call(api.url, 'GET', '/api/backups?limit=1', { token: admin });
    expect(first.body.items).toHaveLength(1);
    const second = await call(api.url, 'GET', `/api/backups?limit=1&cursor=${first.body.next_cursor}`, { token: admin });
    expect(second.body.items.map((b: { id: string }) => b.id)).toEqual([all.body.items[1].id]);
    expect(second.body.next_cursor).toBeNull();

    const query = '{ backupSchedule { enabled supported driveFolderSet retentionDays } backups(first: 5) { edges { node { fileName status trigger sizeBytes localPath } } } }';
    const gql = await call(api.url, 'POST', '/graphql', { token: admin, body: { query } });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.backupSchedule).toEqual({ enabled: false, supported: true, driveFolderSet: false, retentionDays: 30 });
    expect(gql.body.data.backups.edges[0].node).toMatchObject({ fileName: all.body.items[0].file_name, status: 'COMPLETED', trigger: 'CLI', sizeBytes: all.body.items[0].size_bytes });
    const denied = await call(api.url, 'POST', '/graphql', { token: reviewer, body: { query } });
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('backup on PostgreSQL', () => {
  it('says plainly that backups are pg_dump\'s job and exits non-zero', async () => {
    const tdb = await createTestDatabase('postgres', false);
    try {
      const r = cli(['backup'], testEnv({ DATABASE_URL: tdb.url }));
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/pg_dump/);
      expect(r.stdout).toBe('');
    } finally {
      await tdb.drop();
    }
  });
});

describe('scheduled backups', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let drive: FakeDrive;
  let workers: InProcessWorker[] = [];
  let folder: string;
  let backupDir: string;

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    drive = await startFakeDrive();
    folder = drive.createFolder('Backups').id;
    backupDir = tempDir();
    const creds = path.join(tempDir(), 'sa.json');
    writeFileSync(creds, JSON.stringify(makeServiceAccount(drive)));
    env = testEnv({
      DATABASE_URL: tdb.url,
      GOOGLE_DRIVE_CREDENTIALS_PATH: creds,
      GOOGLE_API_BASE_URL: drive.baseUrl,
      BACKUP_INTERVAL_HOURS: '1',
      BACKUP_RETENTION_DAYS: '30',
      BACKUP_DIR: backupDir,
      DRIVE_BACKUP_FOLDER_ID: folder,
    });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop('test');
    await cleanupBroker(env);
    await drive?.close();
    await tdb?.drop();
  });

  it('runs once across two workers, lands in the Drive folder, and keeps the retention there and on disk', async () => {
    const old = backupName(new Date(Date.now() - 40 * DAY));
    const recent = backupName(new Date(Date.now() - 2 * DAY));
    for (const n of [old, recent, 'notes.txt']) writeFileSync(path.join(backupDir, n), 'old');
    const oldInDrive = drive.addFile(folder, old, Buffer.from('old'), 'application/gzip');
    const recentInDrive = drive.addFile(folder, recent, Buffer.from('recent'), 'application/gzip');
    const otherInDrive = drive.addFile(folder, 'fieldfen_manual.db.gz', Buffer.from('mine'), 'application/gzip');

    // Two workers (two engines, two SQLite connections) on one database: one lease.
    workers = [await startWorker(env), await startWorker(env)];
    const row = await waitFor(() => tdb.db.selectFrom('backups').selectAll().executeTakeFirst(), { what: 'the scheduled backup' });
    // Both housekeepers try again now: the lease holds for the interval.
    await Promise.all(workers.map((w) => w.housekeeper.tick()));
    const runs = workers.map((w) => w.housekeeper.runs.get('backup') ?? 0);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await tdb.db.selectFrom('backups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 1 });

    expect(row).toMatchObject({ trigger: 'schedule', status: 'completed', error: null });
    expect(row.drive_file_id).toBeTruthy();
    const local = readFileSync(row.local_path!);
    const uploaded = drive.state.files.get(row.drive_file_id!)!;
    expect(uploaded).toMatchObject({ name: row.file_name, parents: [folder], mimeType: 'application/gzip', trashed: false });
    expect(uploaded.bytes.equals(local)).toBe(true);
    expect(createHash('sha256').update(uploaded.bytes).digest('hex')).toBe(row.sha256);
    const copy = openBackup(row.local_path!);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    // Retention: the oldest of ours is gone from both places; other names and recent ones stay.
    expect(readdirSync(backupDir).sort()).toEqual([row.file_name, recent, 'notes.txt'].sort());
    expect(drive.state.files.get(oldInDrive.id)!.trashed).toBe(true);
    expect(drive.state.files.get(recentInDrive.id)!.trashed).toBe(false);
    expect(drive.state.files.get(otherInDrive.id)!.trashed).toBe(false);
    expect(drive.filesIn(folder).map((f) => f.name).sort()).toEqual([row.file_name, recent, 'fieldfen_manual.db.gz'].sort());
    // Every Drive call named the Shared Drive (the stand-in answers 404 otherwise).
    const driveCalls = drive.state.requests.filter((r) => r.path.startsWith('/drive/') || r.path.startsWith('/upload/'));
    expect(driveCalls.length).toBeGreaterThan(0);
    expect(driveCalls.every((r) => r.query.supportsAllDrives === 'true' || r.query.upload_id)).toBe(true);
  });
});
