/**
 * The review decisions as plain async calls (the desk sequences them: decide, then
 * move on). After each, the lists that show files refetch in the background.
 */
import { useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { ApproveFile, readReviewFile, RejectFile, ReprocessFile, UpdateFile } from '../api';
import type { MetadataEdits } from '../logic/draft';

export function useDecisions() {
  const request = useGraphql();
  const queryClient = useQueryClient();
  return useMemo(() => {
    const refresh = (id: string) => {
      for (const queryKey of [queryKeys.review.queue(), queryKeys.files.all, queryKeys.overview.all]) void queryClient.invalidateQueries({ queryKey });
      // Not refetched now (it has left the screen); fresh when shown again.
      void queryClient.invalidateQueries({ queryKey: queryKeys.review.file(id), refetchType: 'none' });
    };
    return {
      /** Only the changed fields go (`edits` null: approved as drafted). */
      async approve(id: string, edits: MetadataEdits | null) {
        const data = await request(ApproveFile, { id, edits: edits ?? undefined });
        refresh(id);
        return data.approveFile;
      },
      async reject(id: string, reason: string) {
        const data = await request(RejectFile, { id, reason });
        refresh(id);
        return data.rejectFile;
      },
      async reprocess(id: string) {
        const data = await request(ReprocessFile, { id });
        refresh(id);
        return data.reprocessFile;
      },
      /** An APPROVED or PUBLISHED file: the answer is the saved file (a published product follows through a job). */
      async save(id: string, edits: MetadataEdits) {
        const data = await request(UpdateFile, { id, edits });
        const file = readReviewFile(data.updateFile.file);
        queryClient.setQueryData(queryKeys.review.file(id), file);
        for (const queryKey of [queryKeys.files.all, queryKeys.overview.all]) void queryClient.invalidateQueries({ queryKey });
        return { file, jobId: data.updateFile.jobId };
      },
    };
  }, [request, queryClient]);
}
