/**
 * One artwork with everything the desk shows. Kept fresh by its `fileUpdated`
 * subscription while it is on screen (the event carries the whole file, written into
 * the cache). A cached artwork whose signed preview URL is about to expire (they last
 * 5 minutes) counts as stale, so showing it again fetches a fresh URL.
 */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Request } from '../../../lib/graphql';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling, useSubscription } from '../../../lib/useLive';
import { readReviewFile, ReviewFileQuery, ReviewFileUpdated, type ReviewFile } from '../api';
import { expiresSoon } from '../logic/preview';

export function reviewFileOptions(request: Request, id: string) {
  return queryOptions({
    queryKey: queryKeys.review.file(id),
    queryFn: async (): Promise<ReviewFile | null> => {
      const data = await request(ReviewFileQuery, { id });
      return data.file ? readReviewFile(data.file) : null;
    },
    staleTime: (query) => (expiresSoon((query.state.data as ReviewFile | null | undefined)?.previewUrl) ? 0 : 60_000),
  });
}

export function useReviewFile(id: string | null) {
  const request = useGraphql();
  const queryClient = useQueryClient();
  const polling = useFallbackPolling();
  useSubscription(
    ReviewFileUpdated,
    { id: id ?? '' },
    (data) => {
      if (id && data.fileUpdated) queryClient.setQueryData(queryKeys.review.file(id), readReviewFile(data.fileUpdated));
    },
    { enabled: Boolean(id) },
  );
  return useQuery({ ...reviewFileOptions(request, id ?? ''), enabled: Boolean(id), refetchInterval: polling });
}
