/**
 * Live data for pages: subscribe to a GraphQL subscription, or let events invalidate
 * query keys so the page refetches on change, and poll only while the stream is down.
 *
 *   // refetch the files lists whenever a file changes
 *   useInvalidateOn(FileUpdated, { id }, [queryKeys.files.all]);
 *   // and in the query: poll only while there is no stream
 *   useQuery({ queryKey, queryFn, refetchInterval: useFallbackPolling() });
 */
import { useEffect, useRef } from 'react';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { TadaDocumentNode } from 'gql.tada';
import { useLiveState, useServices } from './services';

/** While the stream is down, poll this often (ms) by default. */
export const FALLBACK_POLL_MS = 15_000;

/**
 * Subscribe while mounted; re-subscribes when `variables` change (compared as JSON).
 * `onData` may change between renders (the latest one is called).
 */
export function useSubscription<R, V>(document: TadaDocumentNode<R, V>, variables: V, onData: (data: R) => void, options: { enabled?: boolean } = {}): void {
  const { live } = useServices();
  const handler = useRef(onData);
  handler.current = onData;
  const key = JSON.stringify(variables ?? {});
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    return live.subscribe(document, JSON.parse(key) as V, { next: (d) => handler.current(d) });
  }, [live, document, key, enabled]);
}

/**
 * Invalidate many keys, at most once per `windowMs` (a burst of 500 job events is one
 * refetch, not 500).
 */
export function createInvalidator(queryClient: QueryClient, windowMs = 250) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const keys = [...pending.values()];
    pending.clear();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
  return {
    invalidate(keys: readonly QueryKey[]) {
      for (const k of keys) pending.set(JSON.stringify(k), k);
      if (!timer) timer = setTimeout(flush, windowMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}

/**
 * On each event of `document`, invalidate `keys` (or the keys `keys(data)` names), so
 * the queries on screen refetch. Batched (see createInvalidator).
 */
export function useInvalidateOn<R, V>(document: TadaDocumentNode<R, V>, variables: V, keys: readonly QueryKey[] | ((data: R) => readonly QueryKey[]), options: { enabled?: boolean } = {}): void {
  const queryClient = useQueryClient();
  const invalidator = useRef<ReturnType<typeof createInvalidator> | null>(null);
  useEffect(() => {
    const inv = createInvalidator(queryClient);
    invalidator.current = inv;
    return () => inv.cancel();
  }, [queryClient]);
  useSubscription(document, variables, (data) => invalidator.current?.invalidate(typeof keys === 'function' ? keys(data) : keys), options);
}

/** `refetchInterval` for a query: false while the stream is up, `ms` while it is not. */
export function useFallbackPolling(ms: number = FALLBACK_POLL_MS): number | false {
  return useLiveState() === 'connected' ? false : ms;
}
