/**
 * Backups of the SQLite database (issue 10), taken while the API and workers write:
 *
 *   VACUUM INTO  .fieldfen_…db.tmp-<rand>   (in DIR; a consistent snapshot, fsynced, see sqliteFile.ts)
 *   PRAGMA integrity_check on the copy      (a copy that is not sound never counts)
 *   gzip → .fieldfen_…db.gz.tmp-<rand>, fsync, rename to fieldfen_YYYYMMDD_HHMMSS.db.gz, fsync DIR
 *   retention: fieldfen_*.db.gz named more than BACKUP_RETENTION_DAYS ago are removed
 *              (by the time in the name, never by mtime; only names of that pattern)
 *
 * A scheduled backup (housekeeping, once per BACKUP_INTERVAL_HOURS across processes)
 * is also uploaded to the Shared Drive folder DRIVE_BACKUP_FOLDER_ID, where the same
 * retention applies. Each backup is recorded in `backups` when it ends.
 * On PostgreSQL backups are pg_dump's job (or the provider's): `BackupNotSupported`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGzip } from 'node:zlib';
import type { Config } from '../config/index.js';
import type { Db } from '../db/connection.js';
import { BackupService } from '../domain/backups/service.js';
import type { Logger } from '../logger.js';
import type { DriveClient } from '../integrations/googleDrive.js';
import { snapshot } from './sqliteFile.js';

/** fieldfen_YYYYMMDD_HHMMSS.db.gz (UTC): the only names retention ever removes. */
export const BACKUP_NAME = /^fieldfen_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})\.db\.gz$/;
const DAY_MS = 86_400_000;

export class BackupNotSupported extends Error {
  constructor() {
    super('backups of a PostgreSQL database are pg_dump\'s job (or your provider\'s: managed PostgreSQL takes them for you); `backup` only copies a SQLite database');
  }
}

export function backupName(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `fieldfen_${at.getUTCFullYear()}${p(at.getUTCMonth() + 1)}${p(at.getUTCDate())}_${p(at.getUTCHours())}${p(at.getUTCMinutes())}${p(at.getUTCSeconds())}.db.gz`;
}

/** The time in a backup's name, or null for any other name. */
export function backupTime(name: string): Date | null {
  const m = BACKUP_NAME.exec(name);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : null;
}

/** Names past retention: older than `days` before `now`, never `keep` (the backup just written). */
export function pastRetention(names: string[], days: number, now: Date, keep: string): string[] {
  const cutoff = now.getTime() - days * DAY_MS;
  return names.filter((n) => n !== keep && (backupTime(n)?.getTime() ?? Infinity) < cutoff);
}

/** Where a copy goes besides the disk (Drive): upload, list, remove by id. */
export interface Offsite {
  upload(file: string, name: string): Promise<string>;
  list(): Promise<{ id: string; name: string }[]>;
  remove(id: string): Promise<void>;
}

/**
 * A Shared Drive folder. Old backups are trashed, not deleted: in a Shared Drive
 * only a Manager may delete for good, a Content manager may trash (and Drive empties a
 * Shared Drive's trash after 30 days by itself).
 */
export function driveOffsite(drive: DriveClient, folderId: string): Offsite {
  return {
    upload: async (file, name) => (await drive.upload({ name, mimeType: 'application/gzip', parents: [folderId], body: file })).id,
    list: async () => (await drive.listAllFiles(folderId, { nameContains: 'fieldfen_' })).filter((f) => BACKUP_NAME.test(f.name)),
    remove: async (id) => void (await drive.trashFile(id)),
  };
}

export interface BackupOptions {
  config: Config;
  /** Where the record goes (the database being backed up). */
  db: Db;
  /** Default BACKUP_DIR. */
  outDir?: string;
  trigger: 'cli' | 'schedule';
  offsite?: Offsite | null;
  log?: Logger;
  now?: () => Date;
}

export interface BackupResult {
  path: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  durationMs: number;
  driveFileId: string | null;
  /** Set when the copy is on disk but the upload (or Drive's retention) failed. */
  offsiteError: string | null;
  removedLocal: string[];
  removedOffsite: string[];
}

export async function takeBackup(o: BackupOptions): Promise<BackupResult> {
  const { config } = o;
  if (config.database.dialect !== 'sqlite' || config.database.path === ':memory:') throw new BackupNotSupported();
  const now = o.now ?? (() => new Date());
  const started = Date.now();
  const createdAt = now();
  const dir = path.resolve(o.outDir ?? config.BACKUP_DIR);
  const service = new BackupService(o.db);
  let fileName = backupName(createdAt);
  try {
    await fs.mkdir(dir, { recursive: true });
    fileName = await freeName(dir, now);
    const final = path.join(dir, fileName);
    const tag = randomBytes(4).toString('hex');
    const raw = path.join(dir, `.${fileName.replace(/\.gz$/, '')}.tmp-${tag}`);
    const gz = path.join(dir, `.${fileName}.tmp-${tag}`);
    let sha256: string;
    try {
      const check = await snapshot(config.database.path, raw);
      if (check.integrity.join() !== 'ok') throw new Error(`the copy failed PRAGMA integrity_check: ${check.integrity.slice(0, 3).join('; ')}`);
      sha256 = await gzipFile(raw, gz);
      await fs.rename(gz, final);
      await fsyncDir(dir);
    } finally {
      await fs.rm(raw, { force: true });
      await fs.rm(gz, { force: true });
    }
    const sizeBytes = (await fs.stat(final)).size;

    const removedLocal = pastRetention(await fs.readdir(dir), config.BACKUP_RETENTION_DAYS, createdAt, fileName).map((n) => path.join(dir, n));
    for (const p of removedLocal) await fs.rm(p, { force: true });
    await service.forgetLocal(removedLocal);

    let driveFileId: string | null = null;
    let offsiteError: string | null = null;
    const removedOffsite: string[] = [];
    if (o.offsite) {
      try {
        driveFileId = await o.offsite.upload(final, fileName);
        const old = await o.offsite.list();
        const gone = new Set(pastRetention(old.map((f) => f.name), config.BACKUP_RETENTION_DAYS, createdAt, fileName));
        for (const f of old) {
          if (!gone.has(f.name) || f.id === driveFileId) continue;
          await o.offsite.remove(f.id);
          removedOffsite.push(f.id);
        }
        await service.forgetDrive(removedOffsite);
      } catch (err) {
        offsiteError = `kept on disk; ${driveFileId ? "Drive's retention" : 'the Drive upload'} failed: ${(err as Error).message}`;
        o.log?.warn({ backup: fileName, err: (err as Error).message }, 'backup: offsite copy failed');
      }
    }
    const durationMs = Date.now() - started;
    await service.record({
      created_at: createdAt.toISOString(), file_name: fileName, trigger: o.trigger,
      status: offsiteError ? 'failed' : 'completed', error: offsiteError,
      size_bytes: sizeBytes, sha256, local_path: final, drive_file_id: driveFileId, duration_ms: durationMs,
    });
    o.log?.info({ backup: final, size_bytes: sizeBytes, duration_ms: durationMs, drive_file_id: driveFileId, removed: removedLocal.length + removedOffsite.length }, 'backup written');
    return { path: final, fileName, sizeBytes, sha256, durationMs, driveFileId, offsiteError, removedLocal, removedOffsite };
  } catch (err) {
    const message = (err as Error).message;
    await service
      .record({ created_at: createdAt.toISOString(), file_name: fileName, trigger: o.trigger, status: 'failed', error: message, size_bytes: null, sha256: null, local_path: null, drive_file_id: null, duration_ms: Date.now() - started })
      .catch(() => {}); // the database itself may be what failed
    throw err;
  }
}

/** The scheduled backup: to disk, and to DRIVE_BACKUP_FOLDER_ID when it is set. */
export async function scheduledBackup(p: { config: Config; db: Db; log: Logger; drive: DriveClient | null }): Promise<BackupResult> {
  const folder = p.config.DRIVE_BACKUP_FOLDER_ID;
  const offsite: Offsite | null = !folder
    ? null
    : p.drive
      ? driveOffsite(p.drive, folder)
      : { upload: () => Promise.reject(new Error('DRIVE_BACKUP_FOLDER_ID is set but Google Drive is not configured (GOOGLE_DRIVE_CREDENTIALS_PATH)')), list: async () => [], remove: async () => {} };
  return takeBackup({ config: p.config, db: p.db, trigger: 'schedule', offsite, log: p.log });
}

/** This second's name, or the next second's when a backup of this second exists already. */
async function freeName(dir: string, now: () => Date): Promise<string> {
  for (;;) {
    const name = backupName(now());
    if (!(await exists(path.join(dir, name)))) return name;
    await sleep(1000 - (now().getTime() % 1000) + 5);
  }
}

/** gzip `from` into `to` (fsynced); returns the SHA-256 of the gzip file. */
async function gzipFile(from: string, to: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(createReadStream(from), createGzip({ level: 6 }), tap, createWriteStream(to, { flags: 'wx' }));
  const fh = await fs.open(to, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const exists = (p: string) => fs.access(p).then(() => true, () => false);
