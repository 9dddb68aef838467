/**
 * Backups: whether the platform takes them by itself (BACKUP_INTERVAL_HOURS) and where
 * they go (this machine's disk, and the Drive folder DRIVE_BACKUP_FOLDER_ID), then the
 * latest backups with when, how big, where each copy is now, and how it went. An
 * empty list says how to turn the schedule on or take one by hand. Read-only: the
 * schedule is configuration, restoring is a CLI step on the server.
 */
import type { ReactNode } from 'react';
import { CalendarClock, DatabaseBackup, HardDrive, Server } from 'lucide-react';
import { Badge, Card, CardBody, CardHeader, EmptyState, RelativeTime } from '../../../components/ui';
import { formatDateTime } from '../../../lib/time';
import type { BackupRow, BackupSchedule } from '../api';

export function formatSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toLocaleString(undefined, { maximumFractionDigits: v < 10 ? 1 : 0 })} ${units[i]}`;
}

const hours = (h: number) => (h === 1 ? 'every hour' : h % 24 === 0 ? (h === 24 ? 'every day' : `every ${h / 24} days`) : `every ${h.toLocaleString()} hours`);

export function BackupsPanel({ schedule, backups, more }: { schedule: BackupSchedule; backups: readonly BackupRow[]; more: boolean }) {
  return (
    <div className="space-y-4">
      <ScheduleCard schedule={schedule} />
      {schedule.supported && (
        <Card>
          <CardHeader title="Latest backups" description={more ? `The newest ${backups.length}; older ones are in GET /api/backups.` : 'Newest first.'} />
          {backups.length === 0 ? (
            <EmptyState icon={DatabaseBackup} title="No backups yet">
              {schedule.enabled ? (
                <p>The first scheduled backup is taken when a worker starts, then {hours(schedule.intervalHours ?? 24)}.</p>
              ) : (
                <p>
                  Turn the schedule on with <code className="font-mono text-[13px]">BACKUP_INTERVAL_HOURS=24</code> (and{' '}
                  <code className="font-mono text-[13px]">DRIVE_BACKUP_FOLDER_ID</code> to keep a copy in a Shared Drive folder), or take one now on the server
                  with <code className="font-mono text-[13px]">npm run cli -- backup</code>.
                </p>
              )}
            </EmptyState>
          ) : (
            <ul className="mt-3 divide-y divide-border border-t border-border" aria-label="Backups">
              {backups.map((b) => (
                <BackupItem key={b.id} backup={b} />
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}

function ScheduleCard({ schedule }: { schedule: BackupSchedule }) {
  if (!schedule.supported) {
    return (
      <Card>
        <CardHeader title="Backups" description="This server runs on PostgreSQL: its backups are pg_dump’s job, or your database provider’s (managed PostgreSQL takes them for you). The platform takes none itself." />
        <CardBody />
      </Card>
    );
  }
  return (
    <Card>
      <CardHeader
        title="Schedule"
        description={schedule.enabled ? `The platform backs the database up ${hours(schedule.intervalHours!)}, however many workers run.` : 'Off: backups are taken only when someone runs npm run cli -- backup on the server.'}
        actions={
          <Badge tone={schedule.enabled ? 'success' : 'muted'} dot>
            {schedule.enabled ? 'On' : 'Off'}
          </Badge>
        }
      />
      <CardBody>
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          <Fact icon={CalendarClock} term="How often">
            {schedule.enabled ? hours(schedule.intervalHours!).replace(/^e/, 'E') : (
              <>
                Not scheduled — set <code className="font-mono text-[13px]">BACKUP_INTERVAL_HOURS</code>
              </>
            )}
          </Fact>
          <Fact icon={Server} term="On this machine">
            <span className="break-all">{schedule.directory}</span>, kept {schedule.retentionDays} days
          </Fact>
          <Fact icon={HardDrive} term="Google Drive">
            {schedule.driveFolderSet ? (
              schedule.enabled ? 'Each scheduled backup is copied to the Drive folder, kept as long' : 'A folder is set; copies start with the schedule'
            ) : (
              <span className="text-amber-800 dark:text-amber-300">
                No copy off this machine — set <code className="font-mono text-[13px]">DRIVE_BACKUP_FOLDER_ID</code>
              </span>
            )}
          </Fact>
        </dl>
      </CardBody>
    </Card>
  );
}

function Fact({ icon: Icon, term, children }: { icon: typeof Server; term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="flex items-center gap-2 font-medium text-fg">
        <Icon aria-hidden="true" className="size-4 shrink-0 text-muted" />
        {term}
      </dt>
      <dd className="mt-0.5 pl-6 text-muted">{children}</dd>
    </div>
  );
}

function BackupItem({ backup: b }: { backup: BackupRow }) {
  const failed = b.status === 'FAILED';
  const gone = !b.localPath && !b.driveFileId;
  return (
    <li className="flex flex-wrap items-start gap-x-6 gap-y-2 px-5 py-3.5 sm:px-6">
      <div className="min-w-0 flex-1 basis-56">
        <p className="font-medium text-fg">
          <RelativeTime value={b.createdAt} /> <span className="font-normal text-muted">· {formatDateTime(b.createdAt)}</span>
        </p>
        <p className="mt-0.5 truncate font-mono text-xs text-muted" title={b.fileName}>
          {b.fileName} · {b.trigger === 'SCHEDULE' ? 'scheduled' : 'by hand (CLI)'}
        </p>
        {b.error && <p className={failed ? 'mt-1 text-sm text-red-700 dark:text-red-300' : 'mt-1 text-sm text-muted'}>{b.error}</p>}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <span className="w-16 text-right text-sm tabular-nums text-fg">{formatSize(b.sizeBytes)}</span>
        {b.localPath && <Badge tone="neutral" title={b.localPath}>Disk</Badge>}
        {b.driveFileId && <Badge tone="info">Drive</Badge>}
        {gone && !failed && <Badge tone="muted">Removed (retention)</Badge>}
        <Badge tone={failed ? 'danger' : 'success'} dot>
          {failed ? 'Failed' : 'Completed'}
        </Badge>
      </div>
    </li>
  );
}
