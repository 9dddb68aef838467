/**
 * The Settings page's data: the settings in force and the users (queries), and the
 * changes (mutations) with what they refresh. Settings change only from this page,
 * so nothing here listens to the live stream; the queries poll only while it is down.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling } from '../../../lib/useLive';
import { BackupsQuery, CreateUser, DeleteUser, SetPassword, SettingsQuery, TestConnection, UpdatePriceTable, UsersQuery, type SettingsData } from '../api';
import type { NewUser } from '../components/UserDialogs';

export function useSettings() {
  const request = useGraphql();
  return useQuery({
    queryKey: queryKeys.settings.current(),
    queryFn: async () => (await request(SettingsQuery)).settings,
    refetchInterval: useFallbackPolling(),
  });
}

/** The latest backups, asked for once the Backups tab is opened (and again each time it is, when older than a minute). */
export function useBackups(enabled: boolean) {
  const request = useGraphql();
  return useQuery({
    queryKey: queryKeys.settings.backups(),
    queryFn: async () => request(BackupsQuery, { first: BACKUPS_SHOWN }),
    enabled,
    staleTime: 60_000,
  });
}
export const BACKUPS_SHOWN = 20;

export function useUsers() {
  const request = useGraphql();
  return useQuery({
    queryKey: queryKeys.settings.users(),
    queryFn: async () => (await request(UsersQuery)).users,
    refetchInterval: useFallbackPolling(),
  });
}

export function useTestConnection() {
  const request = useGraphql();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (service: string) => (await request(TestConnection, { service })).testConnection,
    // The test is a metered call: the usage page's numbers moved.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.usage.all }),
  });
}

export function useUpdatePriceTable() {
  const request = useGraphql();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (v: { prices: { size: string; price: number }[]; applyToListed: boolean }) => (await request(UpdatePriceTable, v)).updatePriceTable,
    onSuccess: (res) => {
      queryClient.setQueryData<SettingsData>(queryKeys.settings.current(), (old) => old && { ...old, prices: res.prices });
      // A file's sizes show their prices.
      void queryClient.invalidateQueries({ queryKey: queryKeys.files.all });
    },
  });
}

export function useUserMutations() {
  const request = useGraphql();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.settings.users() });
  return {
    create: useMutation({ mutationFn: (u: NewUser) => request(CreateUser, u), onSuccess: refresh }),
    setPassword: useMutation({ mutationFn: (v: { id: string; password: string }) => request(SetPassword, v), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => request(DeleteUser, { id }), onSettled: refresh }),
  };
}
