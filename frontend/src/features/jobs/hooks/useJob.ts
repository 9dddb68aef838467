/** One job with its attempts, payload, result and checkpoint; live while it is on screen. */
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling } from '../../../lib/useLive';
import { JobDetailQuery } from '../api';
import { useJobsLive } from './useJobsLive';

export function useJob(id: string) {
  const request = useGraphql();
  useJobsLive(id);
  return useQuery({
    queryKey: queryKeys.jobs.detail(id),
    queryFn: async () => (await request(JobDetailQuery, { id })).job ?? null,
    refetchInterval: useFallbackPolling(),
  });
}
