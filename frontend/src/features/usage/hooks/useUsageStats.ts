/** The usage numbers of a range (one query), kept fresh by the live stream while the range includes today. */
import { useEffect, useRef } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { OverviewUpdated } from '../../../app/LiveBridge';
import { graphql, type ResultOf } from '../../../lib/graphql';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling, useSubscription } from '../../../lib/useLive';
import type { UsageRange } from '../range';

export const UsageStatsQuery = graphql(`
  query UsageStats($from: DateTime!, $to: DateTime!) {
    apiUsageStats(from: $from, to: $to) {
      from
      to
      days {
        day
        service
        calls
        errors
        costUsd
        lowestRateLimitRemaining
      }
      totals {
        service
        calls
        errors
        costUsd
        lowestRateLimitRemaining
      }
    }
  }
`);
export type UsageStats = ResultOf<typeof UsageStatsQuery>['apiUsageStats'];
export type UsageTotal = UsageStats['totals'][number];

export function useUsageStats(range: Pick<UsageRange, 'from' | 'to'>) {
  const request = useGraphql();
  const { from, to } = range;
  return useQuery({
    queryKey: queryKeys.usage.stats({ from, to }),
    queryFn: () => request(UsageStatsQuery, { from, to }).then((d) => d.apiUsageStats),
    // Another range keeps the numbers on screen until its own arrive (no flash of skeletons).
    placeholderData: keepPreviousData,
    refetchInterval: useFallbackPolling(),
  });
}

/** At most one refetch per this many ms while the pipeline is busy (usage is a daily view). */
export const LIVE_REFRESH_MS = 10_000;

/**
 * Refetch the usage while calls can still be added to the range (it reaches into now):
 * the overview tick (any job or file change, at most once a second) says the pipeline
 * moved; the refetch follows at most every LIVE_REFRESH_MS (the first at once).
 */
export function useUsageLive(range: Pick<UsageRange, 'to'>, minIntervalMs: number = LIVE_REFRESH_MS) {
  const queryClient = useQueryClient();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  const open = Date.parse(range.to) > Date.now();
  useSubscription(
    OverviewUpdated,
    {},
    () => {
      if (timer.current) return;
      const run = () => {
        timer.current = null;
        last.current = Date.now();
        void queryClient.invalidateQueries({ queryKey: queryKeys.usage.all });
      };
      const wait = last.current + minIntervalMs - Date.now();
      if (wait <= 0) run();
      else timer.current = setTimeout(run, wait);
    },
    { enabled: open },
  );
}
