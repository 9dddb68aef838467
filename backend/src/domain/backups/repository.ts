/** Backup rows: one per backup taken (CLI or schedule), written when it ends. */
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/connection.js';
import { paginate, type Page } from '../../db/pagination.js';
import type { BackupsTable } from '../../db/schema.js';

export type Backup = Selectable<BackupsTable>;
export type NewBackup = Insertable<BackupsTable>;

export async function insertBackup(db: Db, row: NewBackup): Promise<void> {
  await db.insertInto('backups').values(row).execute();
}

export async function listBackups(db: Db, limit: number, cursor?: string | null): Promise<Page<Backup>> {
  return paginate(db.selectFrom('backups').selectAll(), 'backups', limit, cursor);
}

/** Retention removed these files from disk: the rows keep their history, no longer a path. */
export async function forgetLocalPaths(db: Db, paths: string[]): Promise<void> {
  if (paths.length) await db.updateTable('backups').set({ local_path: null }).where('local_path', 'in', paths).execute();
}

/** Retention removed these Drive files. */
export async function forgetDriveFiles(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.updateTable('backups').set({ drive_file_id: null }).where('drive_file_id', 'in', ids).execute();
}
