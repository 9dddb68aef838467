/**
 * Jobs completed per minute over the last hour: a small hand-made bar chart (SVG, no
 * chart library: the page stays light), its figures, a sentence that says the same
 * (the chart's text alternative) and the numbers as a visually hidden table.
 */
import { useMemo } from 'react';
import { Card, CardHeader, Skeleton } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatCount } from '../model/format';
import { shapeThroughput, type Throughput } from '../model/throughput';

const SLOT = 10;
const BAR = 7;
const HEIGHT = 64;

export function MinuteBars({ data }: { data: Throughput }) {
  const width = Math.max(1, data.bars.length) * SLOT;
  return (
    <svg role="img" aria-label={data.summary} viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" className="block h-20 w-full">
      {data.bars.map((b, i) => {
        const h = b.count > 0 ? Math.max(2, b.height * (HEIGHT - 2)) : 1;
        return (
          <rect key={b.minute} x={i * SLOT + (SLOT - BAR) / 2} y={HEIGHT - h} width={BAR} height={h} rx={b.count > 0 ? 1.5 : 0} className={b.count > 0 ? 'fill-accent' : 'fill-border-strong'}>
            <title>{`${b.label}: ${formatCount(b.count)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

export function ThroughputCard({ buckets, className }: { buckets: readonly { minute: string; count: number }[] | undefined; className?: string }) {
  const data = useMemo(() => (buckets ? shapeThroughput(buckets) : null), [buckets]);
  return (
    <Card className={cn('flex flex-col', className)} aria-busy={data ? undefined : 'true'}>
      <CardHeader title="Completed jobs" description="Per minute, over the last hour" />
      <div className="flex flex-1 flex-col justify-end px-5 pt-4 pb-5 sm:px-6">
        {data ? (
          <>
            <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-1">
              <p className="text-fg">
                <span className="text-[32px] leading-none font-semibold tracking-tight tabular-nums">{formatCount(data.total)}</span>{' '}
                <span className="text-sm text-muted">in {data.span}</span>
              </p>
              <p className="text-sm text-muted">
                Peak <span className="font-medium text-fg tabular-nums">{formatCount(data.peak)}</span> per minute
              </p>
            </div>
            <div className="mt-4">
              <MinuteBars data={data} />
              {data.bars.length > 1 && (
                <div aria-hidden="true" className="mt-1.5 flex justify-between text-xs text-muted tabular-nums">
                  <span>{data.bars[0].label}</span>
                  <span>now</span>
                </div>
              )}
            </div>
            <table className="sr-only">
              <caption>Jobs completed per minute</caption>
              <thead>
                <tr>
                  <th scope="col">Minute</th>
                  <th scope="col">Jobs completed</th>
                </tr>
              </thead>
              <tbody>
                {data.bars.map((b) => (
                  <tr key={b.minute}>
                    <td>{b.label}</td>
                    <td>{b.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <>
            <span className="sr-only">Loading the completed jobs</span>
            <Skeleton className="h-8 w-24" />
            <Skeleton className="mt-4 h-20 w-full" />
          </>
        )}
      </div>
    </Card>
  );
}
