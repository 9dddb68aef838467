/**
 * The artworks waiting for review (PROCESSED), in the API's order: newest first. Only
 * ids: each artwork is fetched, and the next one prefetched, on its own. Live: the
 * shell's overview tick (any change in the pipeline, at most once a second) refetches
 * it, so new artworks appear without a reload; it polls only while the stream is down.
 */
import { useQuery } from '@tanstack/react-query';
import { OverviewUpdated } from '../../../app/LiveBridge';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling, useInvalidateOn } from '../../../lib/useLive';
import { ReviewQueue } from '../api';

export const QUEUE_SIZE = 50;

export interface QueueData {
  ids: string[];
  /** More than QUEUE_SIZE wait. */
  hasMore: boolean;
  /** When the request left (ms): a decision made after it is not reflected in `ids` yet. */
  startedAt: number;
}

export function useReviewQueue() {
  const request = useGraphql();
  useInvalidateOn(OverviewUpdated, {}, [queryKeys.review.queue()]);
  return useQuery({
    queryKey: queryKeys.review.queue(),
    queryFn: async (): Promise<QueueData> => {
      const startedAt = Date.now();
      const data = await request(ReviewQueue, { first: QUEUE_SIZE });
      return { ids: data.files.edges.map((e) => e.node.id), hasMore: data.files.pageInfo.hasNextPage, startedAt };
    },
    staleTime: 5_000,
    refetchInterval: useFallbackPolling(),
  });
}
