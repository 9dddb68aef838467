/**
 * `restore FILE [--force]`: put a backup (fieldfen_….db.gz, or a plain .db) back as the
 * SQLite database of DATABASE_URL.
 *
 *  1. Verify first: gunzip to a temp file beside the database, PRAGMA integrity_check,
 *     and it must be ours (a kysely_migration table naming only migrations this build
 *     knows). Nothing is touched until it passes.
 *  2. Refuse while the database is in use, unless `force`: another process has the file
 *     open (SQLite will not leave WAL mode while another connection is open, so asking it
 *     to is the test, and leaves a free database as one file), or something answers on
 *     127.0.0.1:PORT (the platform's API).
 *  3. Keep the replaced database beside it: `VACUUM INTO <db>.replaced-<UTC time>`, one
 *     consistent file with whatever its WAL held.
 *  4. Write the backup into the database through SQLite's backup API, never by moving
 *     files: the -wal/-shm stay the database's own, so no stale WAL is ever applied to
 *     the restored pages, and processes that still have it open (`force`) read the
 *     restored data from their next transaction.
 * The caller then migrates and announces the waiting jobs again (jobs/reannounce.ts).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import SQLite from 'better-sqlite3';
import type { Config } from '../config/index.js';
import { backupName, fsyncDir } from './backup.js';
import { checkFile, snapshot } from './sqliteFile.js';

export class RestoreRefused extends Error {}

export interface RestoreOptions {
  config: Config;
  file: string;
  force?: boolean;
  /** Migration names this build knows (a backup from a newer build is refused). */
  knownMigrations: string[];
  say?: (line: string) => void;
}

export interface RestoreResult {
  /** The database as it was before, kept beside it (null when there was none). */
  replacedPath: string | null;
  /** What was found using the database (only with force). */
  inUse: string[];
}

export async function restoreDatabase(o: RestoreOptions): Promise<RestoreResult> {
  const { config } = o;
  const say = o.say ?? (() => {});
  if (config.database.dialect !== 'sqlite' || config.database.path === ':memory:') {
    throw new RestoreRefused('restore puts back a SQLite backup; a PostgreSQL database is restored with pg_restore (or by your provider)');
  }
  const live = config.database.path;
  const source = path.resolve(o.file);
  if (!(await exists(source))) throw new RestoreRefused(`${source} does not exist`);
  await fs.mkdir(path.dirname(live), { recursive: true });
  const temp = path.join(path.dirname(live), `.fieldfen-restore-${randomBytes(4).toString('hex')}.db`);
  try {
    await unpack(source, temp);
    const check = await checkFile(temp).catch((err: Error) => {
      throw new RestoreRefused(`${source} is not a SQLite database: ${err.message}`);
    });
    if (check.integrity.join() !== 'ok') throw new RestoreRefused(`${source} fails PRAGMA integrity_check: ${check.integrity.slice(0, 3).join('; ')}`);
    if (!check.migrations) throw new RestoreRefused(`${source} is not a Field & Fen database (it has no kysely_migration table)`);
    const unknown = check.migrations.filter((m) => !o.knownMigrations.includes(m));
    if (unknown.length) throw new RestoreRefused(`${source} was written by a newer build (migrations ${unknown.join(', ')} are unknown here): restore it with that build`);
    say(`verified ${source}: integrity ok, ${check.migrations.length} migrations`);

    const inUse = await whatUses(config, live);
    if (inUse.length && !o.force) {
      throw new RestoreRefused(`the database is in use: ${inUse.join('; ')}. Stop the platform first (or pass --force to restore into it while it runs)`);
    }
    if (inUse.length) say(`restoring although ${inUse.join('; ')} (--force)`);

    let replacedPath: string | null = null;
    if (await exists(live)) {
      replacedPath = `${live}.replaced-${backupName(new Date()).slice('fieldfen_'.length, -'.db.gz'.length)}`;
      await snapshot(live, replacedPath);
      say(`kept the replaced database as ${replacedPath}`);
    }
    await writeInto(temp, live, check.pageSize);
    await fsyncDir(path.dirname(live));
    say(`restored ${source} into ${live}`);
    return { replacedPath, inUse };
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** gunzip a .gz (by its magic bytes), or copy a plain file. */
async function unpack(source: string, target: string): Promise<void> {
  const fh = await fs.open(source, 'r');
  const magic = Buffer.alloc(2);
  await fh.read(magic, 0, 2, 0);
  await fh.close();
  const gz = magic[0] === 0x1f && magic[1] === 0x8b;
  const copy = gz ? pipeline(createReadStream(source), createGunzip(), createWriteStream(target, { flags: 'wx' })) : pipeline(createReadStream(source), createWriteStream(target, { flags: 'wx' }));
  await copy.catch((err: Error) => {
    throw new RestoreRefused(`${source} cannot be read: ${err.message}`);
  });
}

/** Who uses the database: another connection to the file, or a server on PORT. Empty when free. */
async function whatUses(config: Config, live: string): Promise<string[]> {
  const found: string[] = [];
  if (config.PORT > 0 && (await answers('127.0.0.1', config.PORT))) found.push(`something answers on 127.0.0.1:${config.PORT} (the platform's API?)`);
  if (await exists(live)) {
    const db = new SQLite(live, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 0');
      // Leaving WAL mode needs the only connection: the other processes' show up as SQLITE_BUSY.
      db.pragma('journal_mode = DELETE');
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      found.push(`another process has ${live} open (a worker, the API, a CLI)`);
    } finally {
      db.close();
    }
  }
  return found;
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/**
 * Copy every page of `from` into `live` with the backup API (one step: the write lock
 * is held once, for the whole copy). A page size that differs from a WAL-mode
 * database's cannot be copied in: said plainly.
 */
async function writeInto(from: string, live: string, pageSize: number): Promise<void> {
  if (await exists(live)) {
    const d = new SQLite(live, { fileMustExist: true });
    try {
      const [mode, size] = [d.pragma('journal_mode', { simple: true }), d.pragma('page_size', { simple: true })];
      if (mode === 'wal' && size !== pageSize) throw new RestoreRefused(`the backup's page size (${pageSize}) differs from the database's (${size}) while it is in WAL mode: stop the platform and restore again`);
    } finally {
      d.close();
    }
  }
  const src = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await src.backup(live, { progress: () => 1_000_000_000 });
        return;
      } catch (err) {
        // A live process holds the write lock for a moment (--force): try again.
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    src.close();
  }
}

const exists = (p: string) => fs.access(p).then(() => true, () => false);
