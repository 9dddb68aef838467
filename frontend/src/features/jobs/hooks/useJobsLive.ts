/**
 * Live jobs: one subscription to every job's changes (`jobUpdated` without an id) that
 * refetches what the page shows, at most once a second however many jobs change (a
 * burst of 500 events is one refetch). The failure groups only change when a job fails
 * or leaves FAILED (a retry makes it PENDING), so other events leave them alone.
 */
import { useEffect, useRef } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/queryKeys';
import { createInvalidator, useSubscription } from '../../../lib/useLive';
import { JobUpdated } from '../api';

export const LIVE_WINDOW_MS = 1000;

/** The keys one job event makes stale. */
export function keysForJobEvent(event: { id: string; status: string } | null | undefined): QueryKey[] {
  const keys: QueryKey[] = [queryKeys.jobs.consoleLists()];
  if (!event) return [...keys, queryKeys.jobs.failureGroups()];
  keys.push(queryKeys.jobs.row(event.id), queryKeys.jobs.detail(event.id));
  if (event.status === 'FAILED' || event.status === 'PENDING') keys.push(queryKeys.jobs.failureGroups());
  return keys;
}

/** Every job (no id), or one job. */
export function useJobsLive(id?: string): void {
  const queryClient = useQueryClient();
  const invalidator = useRef<ReturnType<typeof createInvalidator> | null>(null);
  useEffect(() => {
    const inv = createInvalidator(queryClient, LIVE_WINDOW_MS);
    invalidator.current = inv;
    return () => inv.cancel();
  }, [queryClient]);
  useSubscription(JobUpdated, id ? { id } : {}, (data) => invalidator.current?.invalidate(keysForJobEvent(data?.jobUpdated)));
}
