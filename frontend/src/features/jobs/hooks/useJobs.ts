/** The jobs list, newest first, 50 at a time ("Load more" reads the next page by its keyset cursor). */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling } from '../../../lib/useLive';
import type { JobStatus } from '../../../lib/statuses';
import { JOBS_PAGE_SIZE, JobsQuery, type JobRow } from '../api';

export interface JobFilters {
  status?: JobStatus;
  command?: string;
  search?: string;
}

export function useJobs(filters: JobFilters) {
  const request = useGraphql();
  const query = useInfiniteQuery({
    queryKey: queryKeys.jobs.consoleList(filters),
    queryFn: ({ pageParam }) =>
      request(JobsQuery, { status: filters.status, commandType: filters.command, search: filters.search, first: JOBS_PAGE_SIZE, after: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.jobs?.pageInfo?.hasNextPage ? (last.jobs.pageInfo.endCursor ?? undefined) : undefined),
    placeholderData: keepPreviousData,
    refetchInterval: useFallbackPolling(),
  });
  // A job can move between pages while they are refetched one after another: show it once.
  const jobs = useMemo(() => {
    const seen = new Set<string>();
    const out: JobRow[] = [];
    for (const page of query.data?.pages ?? []) {
      for (const edge of page.jobs?.edges ?? []) {
        if (seen.has(edge.node.id)) continue;
        seen.add(edge.node.id);
        out.push(edge.node);
      }
    }
    return out;
  }, [query.data]);
  return { ...query, jobs };
}
