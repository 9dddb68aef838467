/**
 * /usage?range=7d|90d or ?from=&to= — calls, errors, cost and rate-limit headroom per
 * service (Google Drive, Replicate, Shopify) per UTC day: totals per service, a chart
 * and a table of calls per day, of cost per day, and the lowest headroom per day.
 * Every number is the API's (apiUsageStats); the chart is lazy (uPlot in its own chunk).
 */
import { useEffect, useMemo, useState } from 'react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { ChartColumnBig } from 'lucide-react';
import { Button, Card, CardBody, EmptyState, ErrorState, PageHeader, Skeleton, Spinner } from '../../components/ui';
import { describeError } from '../../lib/http';
import { CallsCard, CostCard, HeadroomCard } from './components/DailyCards';
import { CustomRangeForm, RangePresets } from './components/RangePicker';
import { ServiceTotals } from './components/ServiceTotals';
import { formatCount, formatDayRange, formatUsd } from './format';
import { useUsageLive, useUsageStats, type UsageStats } from './hooks/useUsageStats';
import { useUtcToday } from './hooks/useUtcToday';
import { addDays, dayStart, resolveRange, type UsageRange } from './range';
import { shapeUsage } from './shape';

const route = getRouteApi('/_app/usage');

export default function UsagePage() {
  const search = route.useSearch();
  const today = useUtcToday();
  const range = useMemo(() => resolveRange(search, dayStart(today)), [search, today]);
  const [customOpen, setCustomOpen] = useState(false);
  const [focusCustom, setFocusCustom] = useState(false);
  useEffect(() => {
    if (range.kind !== 'custom') setCustomOpen(false);
  }, [range.kind]);
  const stats = useUsageStats(range);
  useUsageLive(range);
  const showForm = customOpen || range.kind === 'custom';

  return (
    <>
      <PageHeader
        title="Usage"
        description="Calls to Google Drive, Replicate and Shopify per UTC day, and what they cost."
        actions={
          <RangePresets
            range={range}
            customOpen={customOpen}
            onCustom={() => {
              setFocusCustom(true);
              setCustomOpen((open) => range.kind === 'custom' || !open);
            }}
          />
        }
      />
      {showForm && (
        <Card className="mb-4">
          <CardBody className="py-4">
            <CustomRangeForm range={range} today={today} autoFocus={focusCustom} onCancel={range.kind === 'custom' ? undefined : () => setCustomOpen(false)} />
          </CardBody>
        </Card>
      )}
      <RangeSummary range={range} stats={stats.isPlaceholderData ? undefined : stats.data} updating={stats.isFetching && !stats.isPending} />
      <UsageBody range={range} query={stats} />
    </>
  );
}

/** "2 Nov – 1 Dec 2026 · 30 UTC days · 1,234 calls · $0.45", and a quiet spinner while it refreshes. */
function RangeSummary({ range, stats, updating }: { range: UsageRange; stats: UsageStats | undefined; updating: boolean }) {
  const calls = stats?.totals.reduce((n, t) => n + t.calls, 0);
  const costs = stats?.totals.map((t) => t.costUsd).filter((c): c is number => c !== null) ?? [];
  return (
    <div className="mb-5 flex min-h-6 flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted">
      <span className="font-medium text-fg">{formatDayRange(range.fromDay, range.toDay)}</span>
      <span className="whitespace-nowrap">
        <span aria-hidden="true" className="mr-2">·</span>
        {formatCount(range.days)} UTC {range.days === 1 ? 'day' : 'days'}
      </span>
      {calls !== undefined && calls > 0 && (
        <span className="w-full whitespace-nowrap sm:w-auto">
          {/* On a phone the totals take their own line (no dot to start it). */}
          <span aria-hidden="true" className="mr-2 hidden sm:inline">
            ·
          </span>
          {formatCount(calls)} {calls === 1 ? 'call' : 'calls'}
          {costs.length > 0 && `, ${formatUsd(costs.reduce((a, b) => a + b, 0))}`}
        </span>
      )}
      {updating && <Spinner size="sm" label="Updating" className="ml-1 text-muted" />}
    </div>
  );
}

function UsageBody({ range, query }: { range: UsageRange; query: ReturnType<typeof useUsageStats> }) {
  const { data, error, isPending, isPlaceholderData, refetch } = query;
  // The days of the numbers on screen (while another range loads, the previous one stays).
  const shaped = useMemo(() => (data ? shapeUsage(data.days, data.from.slice(0, 10), addDays(new Date(data.to).toISOString().slice(0, 10), -1)) : null), [data]);
  if (isPending) return <UsageLoading />;
  if (!data || !shaped) {
    return (
      <Card>
        <ErrorState error={error} title="Usage didn’t load" onRetry={() => void refetch()} />
      </Card>
    );
  }
  const thisYear = new Date().getUTCFullYear().toString();
  const withYear = !shaped.days.every((d) => d.startsWith(thisYear));
  const rangeText = formatDayRange(shaped.days[0], shaped.days[shaped.days.length - 1]);
  return (
    <div className={isPlaceholderData ? 'opacity-60 transition-opacity' : 'transition-opacity'} aria-busy={isPlaceholderData || undefined}>
      {error && (
        <p role="alert" className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl bg-danger-soft px-4 py-2.5 text-sm text-fg">
          <span>Couldn’t refresh: {describeError(error)}</span>
          <Button size="sm" variant="secondary" onClick={() => void refetch()}>
            Try again
          </Button>
        </p>
      )}
      {data.totals.length === 0 ? (
        <EmptyRange range={range} />
      ) : (
        <div className="space-y-6">
          <ServiceTotals totals={data.totals} />
          <CallsCard shaped={shaped} totals={data.totals} withYear={withYear} rangeText={rangeText} />
          <CostCard shaped={shaped} totals={data.totals} withYear={withYear} rangeText={rangeText} />
          <HeadroomCard shaped={shaped} totals={data.totals} withYear={withYear} />
        </div>
      )}
    </div>
  );
}

function EmptyRange({ range }: { range: UsageRange }) {
  return (
    <Card>
      <EmptyState
        icon={ChartColumnBig}
        title="No API calls in these days"
        action={
          range.kind !== '90d' && (
            <Button asChild variant="secondary">
              <Link to="/usage" search={{ range: '90d' }}>
                Show the last 90 days
              </Link>
            </Button>
          )
        }
      >
        Nothing was sent to Google Drive, Replicate or Shopify on the UTC days {formatDayRange(range.fromDay, range.toDay)}. Calls appear here as the pipeline brings in, upscales and lists paintings.
      </EmptyState>
    </Card>
  );
}

function UsageLoading() {
  return (
    <div role="status" aria-label="Loading usage" className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <Card key={i} className="space-y-4 px-5 py-4 sm:px-6">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-7 w-20" />
            <div className="space-y-2 border-t border-border pt-3">
              <Skeleton className="h-3.5 w-full" />
              <Skeleton className="h-3.5 w-full" />
              <Skeleton className="h-3.5 w-full" />
            </div>
          </Card>
        ))}
      </div>
      <Card className="space-y-4 px-5 py-5 sm:px-6">
        <Skeleton className="h-5 w-40" />
        <Skeleton className="h-60 w-full rounded-xl" />
      </Card>
    </div>
  );
}
