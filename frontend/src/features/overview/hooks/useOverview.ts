/**
 * The overview's figures and its activity feed. Both keys sit under
 * `queryKeys.overview.all`, which the shell's LiveBridge invalidates on every
 * `overviewUpdated` tick (the API sends one, at most a second apart, whenever any job
 * or file changes: state changes, reviews and failures all count). So the page
 * refetches on change without a subscription of its own, and polls only while the
 * live stream is down.
 */
import { useQuery } from '@tanstack/react-query';
import { graphql, type ResultOf } from '../../../lib/graphql';
import { queryKeys } from '../../../lib/queryKeys';
import { useGraphql } from '../../../lib/services';
import { useFallbackPolling } from '../../../lib/useLive';

const OverviewQuery = graphql(`
  query Overview {
    overview {
      at
      awaitingReview
      deadLetters
      filesByStatus {
        status
        count
      }
      jobsByStatus {
        status
        count
      }
      completedPerMinute {
        minute
        count
      }
      queues {
        name
        depth
        consumers
        deadLetters
      }
    }
  }
`);
export type OverviewData = ResultOf<typeof OverviewQuery>['overview'];
export type QueueRow = NonNullable<OverviewData['queues']>[number];

export function useOverview() {
  const request = useGraphql();
  return useQuery({
    queryKey: queryKeys.overview.summary(),
    queryFn: async () => (await request(OverviewQuery)).overview,
    refetchInterval: useFallbackPolling(),
  });
}

const ActivityQuery = graphql(`
  query Activity($first: Int!) {
    activity(first: $first) {
      edges {
        node {
          id
          kind
          at
          fileId
          filename
          jobId
          status
          decision
          reviewer
          reason
          error
          commandType
        }
      }
    }
  }
`);
export type ActivityNode = ResultOf<typeof ActivityQuery>['activity']['edges'][number]['node'];

/** The newest `first` events, newest first. */
export function useActivity(first = 20) {
  const request = useGraphql();
  return useQuery({
    queryKey: queryKeys.overview.activity(first),
    queryFn: async () => (await request(ActivityQuery, { first })).activity.edges.map((e) => e.node),
    refetchInterval: useFallbackPolling(),
  });
}
