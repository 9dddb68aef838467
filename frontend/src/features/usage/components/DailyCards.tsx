/**
 * The daily views: calls per UTC day and cost per UTC day (a stacked chart by service,
 * the same numbers in a table below), and the lowest rate-limit headroom per day (a
 * table). Totals rows are the API's range totals.
 */
import { useMemo, type ReactNode } from 'react';
import { Card, CardHeader } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatCompact, formatCount, formatDay, formatHeadroom, formatUsd, formatUsdAxis } from '../format';
import type { UsageTotal } from '../hooks/useUsageStats';
import { serviceLook } from '../services';
import { servicesWith, type ServiceSeries, type ShapedUsage } from '../shape';
import { DailyTable, NoValue, type DailyColumn } from './DailyTable';
import { LazyChart } from './LazyChart';
import type { BarSeries } from './StackedBarChart';

interface Props {
  shaped: ShapedUsage;
  totals: readonly UsageTotal[];
  /** Show years on the days (the range is not all in this year). */
  withYear: boolean;
  /** The range in words, for the charts' names ("1 – 30 Nov 2026"). */
  rangeText: string;
}

const totalOf = (totals: readonly UsageTotal[], service: string) => totals.find((t) => t.service === service) ?? null;
const sumNullable = (xs: (number | null)[]) => xs.reduce<number | null>((a, b) => (a === null ? b : b === null ? a : a + b), null);

function Legend({ series }: { series: { key: string; label: string; swatch: string }[] }) {
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-muted">
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span aria-hidden="true" className={cn('size-2.5 rounded-sm', s.swatch)} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

function useDayLabels(days: string[]) {
  return useMemo(() => ({ axis: days.map((d) => formatDay(d, 'axis')), hover: days.map((d) => formatDay(d, 'long')) }), [days]);
}

function barSeries(series: ServiceSeries[], values: (s: ServiceSeries) => number[]): BarSeries[] {
  return series.map((s) => {
    const look = serviceLook(s.service);
    return { key: s.service, label: look.label, light: look.light, dark: look.dark, swatch: look.swatch, values: values(s) };
  });
}

function CallsCell({ calls, errors }: { calls: number; errors: number }) {
  return (
    <>
      <span>{formatCount(calls)}</span>
      {errors > 0 && <span className="block text-xs font-medium text-danger">{formatCount(errors)} {errors === 1 ? 'error' : 'errors'}</span>}
    </>
  );
}

function ChartBody({ children }: { children: ReactNode }) {
  return <div className="space-y-3 px-3 pt-4 pb-5 sm:px-5">{children}</div>;
}

export function CallsCard({ shaped, totals, withYear, rangeText }: Props) {
  const labels = useDayLabels(shaped.days);
  const series = useMemo(() => barSeries(shaped.series, (s) => s.calls), [shaped]);
  const columns: DailyColumn[] = [
    ...shaped.series.map((s) => {
      const look = serviceLook(s.service);
      const t = totalOf(totals, s.service);
      return { key: s.service, label: look.label, swatch: look.swatch, cell: (i: number) => <CallsCell calls={s.calls[i]} errors={s.errors[i]} />, total: <CallsCell calls={t?.calls ?? 0} errors={t?.errors ?? 0} /> };
    }),
    {
      key: 'all',
      label: 'All services',
      emphasis: true,
      cell: (i: number) => <CallsCell calls={shaped.dayCalls[i]} errors={shaped.dayErrors[i]} />,
      total: <CallsCell calls={totals.reduce((n, t) => n + t.calls, 0)} errors={totals.reduce((n, t) => n + t.errors, 0)} />,
    },
  ];
  return (
    <Card>
      <CardHeader title="Calls per UTC day" description="Requests sent to each service, stacked. Errors are calls that got no answer or an HTTP error." />
      <ChartBody>
        <div className="px-2 sm:px-1">
          <Legend series={series} />
        </div>
        <LazyChart
          label={`Bar chart of calls per UTC day, ${rangeText}, stacked by service. The table below lists the same numbers.`}
          axisLabels={labels.axis}
          hoverLabels={labels.hover}
          series={series}
          formatValue={(n) => formatCount(n)}
          formatAxis={(n) => formatCompact(n)}
          totalLabel="All services"
        />
      </ChartBody>
      <DailyTable caption="Calls per UTC day, by service" days={shaped.days} columns={columns} withYear={withYear} />
    </Card>
  );
}

export function CostCard({ shaped, totals, withYear, rangeText }: Props) {
  const labels = useDayLabels(shaped.days);
  const costed = useMemo(() => servicesWith(shaped, 'cost'), [shaped]);
  const series = useMemo(() => barSeries(costed, (s) => s.cost.map((v) => v ?? 0)), [costed]);
  const header = <CardHeader title="Cost per UTC day" description="What the calls cost in US dollars, as recorded with each call." />;
  if (costed.length === 0) {
    return (
      <Card>
        {header}
        <p className="px-5 pt-3 pb-6 text-sm text-muted sm:px-6">No call in these days recorded a cost.</p>
      </Card>
    );
  }
  const columns: DailyColumn[] = costed.map((s) => {
    const look = serviceLook(s.service);
    const total = totalOf(totals, s.service)?.costUsd ?? null;
    return { key: s.service, label: look.label, swatch: look.swatch, cell: (i: number) => (s.cost[i] === null ? <NoValue /> : formatUsd(s.cost[i])), total: total === null ? <NoValue /> : formatUsd(total) };
  });
  if (costed.length > 1) {
    const all = sumNullable(totals.map((t) => t.costUsd));
    columns.push({ key: 'all', label: 'All services', emphasis: true, cell: (i) => (shaped.dayCost[i] === null ? <NoValue /> : formatUsd(shaped.dayCost[i])), total: all === null ? <NoValue /> : formatUsd(all) });
  }
  return (
    <Card>
      {header}
      <ChartBody>
        <div className="px-2 sm:px-1">
          <Legend series={series} />
        </div>
        <LazyChart
          label={`Bar chart of cost per UTC day in US dollars, ${rangeText}, stacked by service. The table below lists the same numbers.`}
          axisLabels={labels.axis}
          hoverLabels={labels.hover}
          series={series}
          formatValue={(n) => formatUsd(n)}
          formatAxis={(n, step) => formatUsdAxis(n, step)}
          totalLabel="All services"
        />
      </ChartBody>
      <DailyTable caption="Cost per UTC day in US dollars, by service" days={shaped.days} columns={columns} withYear={withYear} />
    </Card>
  );
}

export function HeadroomCard({ shaped, totals, withYear }: Omit<Props, 'rangeText'>) {
  const reported = useMemo(() => servicesWith(shaped, 'headroom'), [shaped]);
  const header = (
    <CardHeader
      title="Lowest rate-limit headroom"
      description="The least capacity a service said it had left before throttling, per UTC day with a report: Shopify in query-cost points, Replicate in requests. Lower is closer to the limit."
    />
  );
  if (reported.length === 0) {
    return (
      <Card>
        {header}
        <p className="px-5 pt-3 pb-6 text-sm text-muted sm:px-6">No service reported its rate-limit headroom in these days.</p>
      </Card>
    );
  }
  const columns: DailyColumn[] = reported.map((s) => {
    const look = serviceLook(s.service);
    const total = totalOf(totals, s.service)?.lowestRateLimitRemaining ?? null;
    return {
      key: s.service,
      label: look.label,
      swatch: look.swatch,
      cell: (i: number) => (s.headroom[i] === null ? <NoValue label="not reported" /> : formatHeadroom(s.headroom[i])),
      total: total === null ? <NoValue label="not reported" /> : formatHeadroom(total),
    };
  });
  return (
    <Card>
      {header}
      <div className="pt-4">
        <DailyTable
          caption="Lowest rate-limit headroom per UTC day, by service"
          days={shaped.days}
          columns={columns}
          withYear={withYear}
          totalLabel="Lowest"
          keep={(i) => reported.some((s) => s.headroom[i] !== null)}
        />
      </div>
    </Card>
  );
}
