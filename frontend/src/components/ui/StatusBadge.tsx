/**
 * A file's or a job's state, in words people use ("Ready for review", not PROCESSED),
 * with a tone and, on hover or to a screen reader, what the state means.
 */
import { FILE_STATUS_LOOK, JOB_STATUS_LOOK, type FileStatus, type JobStatus, type StatusLook } from '../../lib/statuses';
import { Badge } from './Badge';

export type StatusBadgeProps = { kind: 'file'; status: FileStatus | string } | { kind: 'job'; status: JobStatus | string };

/** The look of a state; an unknown one (a newer API) is shown as it is, neutral. */
export function statusLook(kind: 'file' | 'job', status: string): StatusLook {
  const table: Record<string, StatusLook> = kind === 'file' ? FILE_STATUS_LOOK : JOB_STATUS_LOOK;
  const key = status.toUpperCase();
  if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  const label = status.replace(/_/g, ' ').toLowerCase();
  return { label: label.charAt(0).toUpperCase() + label.slice(1), tone: 'neutral', description: `State ${status}.` };
}

export function StatusBadge({ kind, status, className }: StatusBadgeProps & { className?: string }) {
  const look = statusLook(kind, status);
  return (
    <Badge tone={look.tone} dot title={look.description} data-status={status} className={className}>
      {look.label}
    </Badge>
  );
}
