/**
 * Jobs as a dense table (from 768 px) or a list of compact rows (phones). A row is one
 * link to the job (the whole row is the target); rows that just appeared or changed
 * state are tinted for a moment.
 */
import { Link } from '@tanstack/react-router';
import { CircleAlert } from 'lucide-react';
import { RelativeTime, StatusBadge, Table, TBody, Td, Th, THead, Tr } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import type { JobRow } from '../api';
import { useFreshIds } from '../hooks/useFreshIds';
import { commandLabel } from '../model/commands';
import { lastActivity, shortId } from '../model/format';
import type { JobsSearch } from '../search';

export type JobLike = Pick<JobRow, 'id' | 'commandType' | 'status' | 'queue' | 'attempts' | 'maxAttempts' | 'lastError' | 'createdAt' | 'startedAt' | 'completedAt' | 'runAfter'>;

const errorTone = (status: string) => (status === 'FAILED' || status === 'RETRYING' ? 'text-fg' : 'text-muted');

function NextTry({ job }: { job: JobLike }) {
  if (job.status !== 'RETRYING' || !job.runAfter) return null;
  return (
    <div className="mt-1 text-xs text-muted">
      next try <RelativeTime value={job.runAfter} />
    </div>
  );
}

function Attempts({ job }: { job: JobLike }) {
  const exhausted = job.attempts >= job.maxAttempts && job.status === 'FAILED';
  return (
    <span className={cn('tabular-nums', exhausted ? 'font-medium text-danger' : 'text-fg')} title={`${job.attempts} of ${job.maxAttempts} attempts used`}>
      {job.attempts}
      <span className="text-muted"> / {job.maxAttempts}</span>
    </span>
  );
}

export function JobsTable({ jobs, caption, search, highlight = true }: { jobs: readonly JobLike[]; caption: string; search?: JobsSearch; highlight?: boolean }) {
  const fresh = useFreshIds(
    jobs.map((j) => ({ id: j.id, version: `${j.status}:${j.attempts}` })),
    2500,
    highlight,
  );
  const freshClass = (id: string) => (fresh.has(id) ? 'bg-accent-soft/70' : '');
  return (
    <>
      <div className="hidden md:block">
        <Table caption={caption} className="table-fixed">
          <colgroup>
            <col className="w-[8.5rem]" />
            <col className="w-[13.5rem]" />
            <col className="w-[6rem]" />
            <col />
            <col className="w-[8.5rem]" />
            <col className="w-[8.5rem]" />
          </colgroup>
          <THead>
            <tr>
              <Th>Status</Th>
              <Th>Job</Th>
              <Th>Attempts</Th>
              <Th>Last error</Th>
              <Th>Created</Th>
              <Th>Updated</Th>
            </tr>
          </THead>
          <TBody>
            {jobs.map((job) => (
              <Tr key={job.id} className={cn('relative transition-colors duration-700', freshClass(job.id))}>
                <Td className="py-2.5 align-top">
                  <StatusBadge kind="job" status={job.status} />
                  <NextTry job={job} />
                </Td>
                <Td className="py-2.5 align-top">
                  <Link
                    to="/jobs/$jobId"
                    params={{ jobId: job.id }}
                    search={search ?? {}}
                    className="block truncate rounded font-medium text-fg before:absolute before:inset-0 before:content-[''] hover:text-accent"
                  >
                    {commandLabel(job.commandType)}
                  </Link>
                  <div className="mt-0.5 truncate text-xs text-muted">
                    <span className="font-mono" title={job.id}>
                      {shortId(job.id)}
                    </span>
                    <span aria-hidden="true"> · </span>
                    {job.queue}
                  </div>
                </Td>
                <Td className="py-2.5 align-top">
                  <Attempts job={job} />
                </Td>
                <Td className="py-2.5 align-top">
                  {job.lastError ? (
                    <span className={cn('line-clamp-2 text-[13px] break-words', errorTone(job.status))} title={job.lastError}>
                      {job.lastError}
                    </span>
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </Td>
                <Td className="py-2.5 align-top whitespace-nowrap text-muted">
                  <RelativeTime value={job.createdAt} />
                </Td>
                <Td className="py-2.5 align-top whitespace-nowrap text-muted">
                  <RelativeTime value={lastActivity(job)} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </div>

      <ul className="divide-y divide-border md:hidden" aria-label={caption}>
        {jobs.map((job) => (
          <li key={job.id} className={cn('relative px-4 py-3 transition-colors duration-700', freshClass(job.id))}>
            <div className="flex items-center justify-between gap-3">
              <StatusBadge kind="job" status={job.status} />
              <span className="shrink-0 text-xs text-muted">
                <RelativeTime value={lastActivity(job)} />
              </span>
            </div>
            <Link
              to="/jobs/$jobId"
              params={{ jobId: job.id }}
              search={search ?? {}}
              className="mt-1.5 block truncate rounded font-medium text-fg before:absolute before:inset-0 before:content-['']"
            >
              {commandLabel(job.commandType)}
            </Link>
            {job.lastError && (
              <p className={cn('mt-1 flex items-start gap-1.5 text-[13px]', errorTone(job.status))}>
                <CircleAlert aria-hidden="true" className="mt-0.5 size-3.5 shrink-0 text-danger" />
                <span className="line-clamp-2 break-words">{job.lastError}</span>
              </p>
            )}
            <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-muted">
              <span>
                <Attempts job={job} /> attempts
              </span>
              <span className="font-mono">{shortId(job.id)}</span>
              <span>{job.queue}</span>
            </div>
            <NextTry job={job} />
          </li>
        ))}
      </ul>
    </>
  );
}
