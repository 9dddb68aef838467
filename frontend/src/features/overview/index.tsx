/**
 * / — what the owner sees first: is anything stuck, what waits for me. A dead-letter
 * alarm when there is one, the review queue, the completions of the last hour, files
 * through the pipeline, jobs by state, the queues, and the recent activity, all
 * refetched live (see hooks/useOverview.ts). Numbers are the API's: skeletons until
 * they arrive, never placeholder zeros.
 */
import { Card, ErrorState, PageHeader } from '../../components/ui';
import { ActivityCard } from './components/ActivityCard';
import { DeadLetterBanner } from './components/DeadLetterBanner';
import { JobsByStatusCard } from './components/JobsByStatusCard';
import { PipelineCard } from './components/PipelineCard';
import { QueuesCard } from './components/QueuesCard';
import { ReviewCallout } from './components/ReviewCallout';
import { ThroughputCard } from './components/ThroughputCard';
import { useActivity, useOverview } from './hooks/useOverview';

export default function OverviewPage() {
  const overview = useOverview();
  const activity = useActivity(20);
  const o = overview.data;
  return (
    <>
      <PageHeader title="Overview" description="How the pipeline is doing, and what waits for you." />
      <div className="space-y-4 sm:space-y-5">
        {o && <DeadLetterBanner count={o.deadLetters} />}
        {overview.isError && !o ? (
          <Card>
            <ErrorState error={overview.error} title="The overview didn’t load" onRetry={() => void overview.refetch()} />
          </Card>
        ) : (
          <>
            <div className="grid gap-4 sm:gap-5 lg:grid-cols-3">
              <ReviewCallout count={o?.awaitingReview} />
              <ThroughputCard buckets={o?.completedPerMinute} className="lg:col-span-2" />
            </div>
            <PipelineCard counts={o?.filesByStatus} />
          </>
        )}
        <div className="grid items-start gap-4 sm:gap-5 lg:grid-cols-3">
          {/* The compact figures come first (before the long feed) on a phone; beside it on a wide screen. */}
          {!(overview.isError && !o) && (
            <div className="grid gap-4 sm:gap-5 lg:col-start-3 lg:row-start-1">
              <JobsByStatusCard counts={o?.jobsByStatus} />
              <QueuesCard queues={o?.queues} loading={!o} />
            </div>
          )}
          <ActivityCard items={activity.data} error={activity.error} onRetry={() => void activity.refetch()} className={overview.isError && !o ? 'lg:col-span-3' : 'lg:col-span-2 lg:col-start-1 lg:row-start-1'} />
        </div>
      </div>
    </>
  );
}
