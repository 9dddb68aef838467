/**
 * Backups as the API and the dashboard see them: the record of each one taken and
 * whether the schedule is on. Taking them is `ops/backup.ts`; this is the data.
 */
import type { Config } from '../../config/index.js';
import type { Db } from '../../db/connection.js';
import type { Page } from '../../db/pagination.js';
import { uuidv7 } from '../../core/ids.js';
import { forgetDriveFiles, forgetLocalPaths, insertBackup, listBackups, type Backup, type NewBackup } from './repository.js';

export type { Backup };

export interface BackupSchedule {
  /** Backups of this database are ours to take (SQLite); on PostgreSQL they are pg_dump's or the provider's. */
  supported: boolean;
  /** BACKUP_INTERVAL_HOURS, null when no schedule is set. */
  intervalHours: number | null;
  /** On: an interval is set and the database is SQLite. */
  enabled: boolean;
  /** DRIVE_BACKUP_FOLDER_ID is set (its value is not shown). */
  driveFolderSet: boolean;
  retentionDays: number;
  directory: string;
}

export class BackupService {
  constructor(private readonly db: Db) {}

  record(row: Omit<NewBackup, 'id'>): Promise<void> {
    return insertBackup(this.db, { id: uuidv7(), ...row });
  }

  list(p: { limit: number; cursor?: string | null }): Promise<Page<Backup>> {
    return listBackups(this.db, p.limit, p.cursor);
  }

  forgetLocal(paths: string[]): Promise<void> {
    return forgetLocalPaths(this.db, paths);
  }

  forgetDrive(ids: string[]): Promise<void> {
    return forgetDriveFiles(this.db, ids);
  }

  schedule(config: Config): BackupSchedule {
    const supported = config.database.dialect === 'sqlite' && config.database.path !== ':memory:';
    const intervalHours = config.BACKUP_INTERVAL_HOURS ?? null;
    return {
      supported,
      intervalHours,
      enabled: supported && intervalHours !== null,
      driveFolderSet: Boolean(config.DRIVE_BACKUP_FOLDER_ID),
      retentionDays: config.BACKUP_RETENTION_DAYS,
      directory: config.BACKUP_DIR,
    };
  }
}
