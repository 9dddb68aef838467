/** Backup and BackupSchedule (admin only): the Settings page's Backups tab. */
import type { Backup, BackupSchedule } from '../../domain/backups/service.js';
import { builder } from '../builder.js';
import { connection } from './common.js';

export const BackupStatus = builder.enumType('BackupStatus', { values: ['COMPLETED', 'FAILED'] as const });
export const BackupTrigger = builder.enumType('BackupTrigger', { values: ['CLI', 'SCHEDULE'] as const });

export const BackupRef = builder.objectRef<Backup>('Backup').implement({
  description: 'One backup (fieldfen_YYYYMMDD_HHMMSS.db.gz). `localPath` and `driveFileId` are null once retention removed that copy.',
  fields: (t) => ({
    id: t.exposeID('id'),
    createdAt: t.field({ type: 'DateTime', resolve: (b) => b.created_at }),
    fileName: t.exposeString('file_name'),
    trigger: t.field({ type: BackupTrigger, resolve: (b) => b.trigger.toUpperCase() as never }),
    status: t.field({ type: BackupStatus, resolve: (b) => b.status.toUpperCase() as never }),
    error: t.exposeString('error', { nullable: true }),
    sizeBytes: t.float({ nullable: true, description: 'The gzip file (a Float: it may pass 2^31)', resolve: (b) => b.size_bytes }),
    sha256: t.exposeString('sha256', { nullable: true }),
    durationMs: t.exposeInt('duration_ms'),
    localPath: t.exposeString('local_path', { nullable: true }),
    driveFileId: t.exposeString('drive_file_id', { nullable: true }),
  }),
});

export const BackupConnection = connection('Backup', BackupRef);

export const BackupScheduleRef = builder.objectRef<BackupSchedule>('BackupSchedule').implement({
  fields: (t) => ({
    supported: t.exposeBoolean('supported', { description: 'False on PostgreSQL: backups are pg_dump\'s or the provider\'s job' }),
    enabled: t.exposeBoolean('enabled', { description: 'BACKUP_INTERVAL_HOURS is set (and the database is SQLite)' }),
    intervalHours: t.exposeFloat('intervalHours', { nullable: true }),
    driveFolderSet: t.exposeBoolean('driveFolderSet', { description: 'DRIVE_BACKUP_FOLDER_ID is set' }),
    retentionDays: t.exposeInt('retentionDays'),
    directory: t.exposeString('directory'),
  }),
});
