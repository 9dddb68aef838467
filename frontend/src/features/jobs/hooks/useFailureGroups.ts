/** FAILED jobs grouped by what went wrong (the API's latest 10,000 failures), shaped for the Failures tab. */
import { useQuery, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling } from '../../../lib/useLive';
import { FailureGroupsQuery, JobRowQuery } from '../api';
import { shapeFailureGroups } from '../model/failureGroups';
import type { FailureSort } from '../search';

export function useFailureGroups(sort: FailureSort = 'recent') {
  const request = useGraphql();
  const query = useQuery({
    queryKey: queryKeys.jobs.failureGroups(),
    queryFn: async () => (await request(FailureGroupsQuery)).failureGroups ?? [],
    refetchInterval: useFallbackPolling(),
  });
  const shaped = useMemo(() => (query.data ? shapeFailureGroups(query.data, sort) : null), [query.data, sort]);
  return { ...query, shaped };
}

/** Some jobs by id, as rows (one request each, cached per job; refetched when the job changes). */
export function useJobRows(ids: readonly string[]) {
  const request = useGraphql();
  const refetchInterval = useFallbackPolling();
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.jobs.row(id),
      queryFn: async () => (await request(JobRowQuery, { id })).job ?? null,
      refetchInterval,
    })),
  });
}
