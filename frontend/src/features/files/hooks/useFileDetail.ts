/** One file with everything around it; follows `fileUpdated(id)` (its state, metadata and jobs). */
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling, useInvalidateOn } from '../../../lib/useLive';
import { FileQuery, FileUpdated } from '../api';

export function useFileDetail(id: string) {
  const request = useGraphql();
  useInvalidateOn(FileUpdated, { id }, [queryKeys.files.detail(id)]);
  return useQuery({
    queryKey: queryKeys.files.detail(id),
    queryFn: async () => (await request(FileQuery, { id })).file,
    refetchInterval: useFallbackPolling(),
  });
}
