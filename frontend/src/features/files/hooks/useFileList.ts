/**
 * The files list: keyset pages of 50 (`pageInfo.endCursor` → "Load more"), refetched
 * when anything changes (the overview tick, at most once a second), polled only while
 * the live stream is down.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { OverviewUpdated } from '../../../app/LiveBridge';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling, useInvalidateOn } from '../../../lib/useLive';
import { FILES_PAGE_SIZE, FilesQuery, type FileRow } from '../api';
import type { FileFilterValues } from '../filters';

export function useFileList(filters: FileFilterValues) {
  const request = useGraphql();
  useInvalidateOn(OverviewUpdated, {}, [queryKeys.files.pages(filters)]);
  const query = useInfiniteQuery({
    queryKey: queryKeys.files.pages(filters),
    queryFn: async ({ pageParam }) => (await request(FilesQuery, { ...filters, first: FILES_PAGE_SIZE, after: pageParam })).files,
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.pageInfo.hasNextPage ? last.pageInfo.endCursor : null),
    refetchInterval: useFallbackPolling(),
    // Keep the rows on screen while a new filter loads (no flash of skeletons per keystroke).
    placeholderData: (prev) => prev,
  });
  const rows: FileRow[] = query.data?.pages.flatMap((p) => p.edges.map((e) => e.node)) ?? [];
  return { ...query, rows };
}
