/**
 * SQLite file work that takes seconds on a big database, done on a worker thread so
 * the calling process (a worker, an API sharing its engine) keeps serving meanwhile
 * (better-sqlite3 is synchronous):
 *  - `snapshot`: `VACUUM INTO` a new file — one read transaction, so a consistent copy
 *    of everything committed when it began, whatever is written meanwhile (the online
 *    backup API would restart on every concurrent write) — then fsync it and check it;
 *  - `check`: `PRAGMA integrity_check`, the page size and the applied migrations.
 * The thread's code is plain CommonJS evaluated in place (no file to find under tsx,
 * vitest and dist alike); it loads better-sqlite3 from the path this module resolves.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface FileCheck {
  /** `['ok']` when the file is sound, else integrity_check's findings (at most 20). */
  integrity: string[];
  pageSize: number;
  /** Names in kysely_migration, or null when the file has no such table (not ours). */
  migrations: string[] | null;
}

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

const THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.sqlite);
function check(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.prepare('pragma integrity_check(20)').pluck().all();
    const pageSize = db.pragma('page_size', { simple: true });
    const hasTable = db.prepare("select count(*) from sqlite_master where type = 'table' and name = 'kysely_migration'").pluck().get();
    const migrations = hasTable ? db.prepare('select name from kysely_migration order by name').pluck().all() : null;
    return { integrity, pageSize, migrations };
  } finally {
    db.close();
  }
}
try {
  if (workerData.op === 'snapshot') {
    const db = new Database(workerData.source, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      db.prepare('vacuum into ?').run(workerData.target);
    } finally {
      db.close();
    }
    const fd = fs.openSync(workerData.target, 'r+');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  }
  parentPort.postMessage({ ok: true, check: check(workerData.op === 'snapshot' ? workerData.target : workerData.file) });
} catch (err) {
  parentPort.postMessage({ ok: false, message: String(err && err.message || err), code: err && err.code });
}
`;

function inThread(data: Record<string, string>): Promise<FileCheck> {
  return new Promise((resolve, reject) => {
    const w = new Worker(THREAD, { eval: true, workerData: { ...data, sqlite: SQLITE_MODULE } });
    w.once('message', (m: { ok: true; check: FileCheck } | { ok: false; message: string; code?: string }) => {
      if (m.ok) resolve(m.check);
      else reject(Object.assign(new Error(m.message), { code: m.code }));
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`sqlite thread exited (${code})`)));
  });
}

/** A consistent, fsynced copy of `source` at `target` (which must not exist), checked. */
export function snapshot(source: string, target: string): Promise<FileCheck> {
  return inThread({ op: 'snapshot', source, target });
}

export function checkFile(file: string): Promise<FileCheck> {
  return inThread({ op: 'check', file });
}
