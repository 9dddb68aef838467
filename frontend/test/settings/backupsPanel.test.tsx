/**
 * The Backups tab's panel: the schedule (on/off, interval, Drive or disk only), each
 * backup with time, size, where its copies are and how it went, the empty state that
 * says how to turn the schedule on, and PostgreSQL said plainly.
 */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BackupsPanel, formatSize } from '../../src/features/settings/components/BackupsPanel';
import type { BackupRow, BackupSchedule } from '../../src/features/settings/api';

const schedule = (over: Partial<BackupSchedule> = {}): BackupSchedule => ({ supported: true, enabled: true, intervalHours: 6, driveFolderSet: true, retentionDays: 30, directory: '/app/data/backups', ...over });
const row = (over: Partial<BackupRow>): BackupRow => ({
  id: 'b', createdAt: new Date(Date.now() - 3_600_000).toISOString(), fileName: 'fieldfen_20261130_020000.db.gz', trigger: 'SCHEDULE', status: 'COMPLETED',
  error: null, sizeBytes: 1_234_567, durationMs: 900, localPath: '/app/data/backups/fieldfen_20261130_020000.db.gz', driveFileId: '1drive', ...over,
});

describe('the Backups panel', () => {
  it('shows the schedule and each backup: when, size, where, status', () => {
    render(
      <BackupsPanel
        schedule={schedule()}
        more={false}
        backups={[
          row({ id: 'a' }),
          row({ id: 'b', trigger: 'CLI', driveFileId: null, sizeBytes: 880 }),
          row({ id: 'c', status: 'FAILED', driveFileId: null, error: 'kept on disk; the Drive upload failed: Drive POST /upload/drive/v3/files → 403' }),
          row({ id: 'd', localPath: null, driveFileId: null }),
        ]}
      />,
    );
    expect(screen.getByText('On')).toBeInTheDocument();
    expect(screen.getByText('The platform backs the database up every 6 hours, however many workers run.')).toBeInTheDocument();
    expect(screen.getByText('Each scheduled backup is copied to the Drive folder, kept as long')).toBeInTheDocument();
    const items = within(screen.getByRole('list', { name: 'Backups' })).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent('1 hour ago');
    expect(within(items[0]).getByText('1.2 MB')).toBeInTheDocument();
    expect(within(items[0]).getByText('Disk')).toBeInTheDocument();
    expect(within(items[0]).getByText('Drive')).toBeInTheDocument();
    expect(within(items[0]).getByText('Completed')).toBeInTheDocument();
    expect(items[1]).toHaveTextContent('by hand (CLI)');
    expect(within(items[1]).getByText('880 B')).toBeInTheDocument();
    expect(within(items[1]).queryByText('Drive')).toBeNull();
    expect(within(items[2]).getByText('Failed')).toBeInTheDocument();
    expect(items[2]).toHaveTextContent('the Drive upload failed');
    expect(within(items[3]).getByText('Removed (retention)')).toBeInTheDocument();
  });

  it('with no schedule and no backups: says it is off, that nothing leaves the machine, and how to turn it on', () => {
    render(<BackupsPanel schedule={schedule({ enabled: false, intervalHours: null, driveFolderSet: false })} backups={[]} more={false} />);
    expect(screen.getByText('Off')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'No backups yet' })).toBeInTheDocument();
    expect(screen.getByText('BACKUP_INTERVAL_HOURS=24')).toBeInTheDocument();
    expect(screen.getByText(/No copy off this machine/)).toBeInTheDocument();
    expect(screen.getByText('npm run cli -- backup')).toBeInTheDocument();
  });

  it('on PostgreSQL: backups are pg_dump’s or the provider’s job, and no list', () => {
    render(<BackupsPanel schedule={schedule({ supported: false, enabled: false })} backups={[]} more={false} />);
    expect(screen.getByText(/pg_dump’s job/)).toBeInTheDocument();
    expect(screen.queryByRole('list')).toBeNull();
    expect(screen.queryByText('No backups yet')).toBeNull();
  });

  it('formats sizes in decimal units', () => {
    expect([formatSize(null), formatSize(999), formatSize(48_200_000), formatSize(1_500_000_000)]).toEqual(['—', '999 B', '48 MB', '1.5 GB']);
  });
});
