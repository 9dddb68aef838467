/** Admin actions on a file: reprocess (a new upscale and draft) and archive. Each refreshes every files view and says how it went. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../../components/ui';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { ArchiveFile, ReprocessFile } from '../api';

export function useFileActions(id: string, name: string) {
  const request = useGraphql();
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.files.all }), queryClient.invalidateQueries({ queryKey: queryKeys.jobs.all })]);

  const reprocess = useMutation({
    mutationFn: () => request(ReprocessFile, { id }),
    onSuccess: async () => {
      toast({ title: 'Reprocessing started', description: `“${name}” is being upscaled and described again.` });
      await refresh();
    },
  });
  const archive = useMutation({
    mutationFn: (reason: string | undefined) => request(ArchiveFile, { id, reason }),
    onSuccess: async () => {
      toast({ title: 'Archiving', description: `“${name}” is being archived. Nothing is erased.` });
      await refresh();
    },
  });
  return { reprocess, archive };
}
