/**
 * The work queues (RabbitMQ): depth, consumers, dead letters. Refetched on the shell's
 * overview tick (any change); the API answers SERVICE_UNAVAILABLE while RabbitMQ is away.
 */
import { useQuery } from '@tanstack/react-query';
import { OverviewUpdated } from '../../../app/LiveBridge';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling, useInvalidateOn } from '../../../lib/useLive';
import { QueuesQuery } from '../api';

export function useQueues() {
  const request = useGraphql();
  useInvalidateOn(OverviewUpdated, {}, [queryKeys.queues.all]);
  return useQuery({
    queryKey: queryKeys.queues.all,
    queryFn: async () => (await request(QueuesQuery)).queues ?? [],
    refetchInterval: useFallbackPolling(),
    retry: 1,
  });
}
