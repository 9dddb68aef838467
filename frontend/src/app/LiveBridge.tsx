/**
 * Keeps the live stream open while someone is logged in (one subscription the shell
 * always holds: the overview tick, at most one a second for any change) and, after the
 * stream comes back from a break, refetches what is on screen: events may have been
 * missed while it was down.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { graphql } from '../lib/graphql';
import { queryKeys } from '../lib/queryKeys';
import { useServices } from '../lib/services';
import { useInvalidateOn } from '../lib/useLive';

export const OverviewUpdated = graphql(`
  subscription OverviewUpdated {
    overviewUpdated {
      at
    }
  }
`);

export function LiveBridge() {
  const { live } = useServices();
  const queryClient = useQueryClient();
  useInvalidateOn(OverviewUpdated, {}, [queryKeys.overview.all]);
  useEffect(() => live.onReconnected(() => void queryClient.invalidateQueries({ type: 'active' })), [live, queryClient]);
  return null;
}
