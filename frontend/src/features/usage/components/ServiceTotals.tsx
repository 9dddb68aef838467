/** One card per service: the range's calls, errors, cost and lowest rate-limit headroom (the API's totals). */
import type { ReactNode } from 'react';
import { Card } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatCount, formatHeadroom, formatPercent, formatUsd } from '../format';
import type { UsageTotal } from '../hooks/useUsageStats';
import { orderServices, serviceLook } from '../services';

export function ServiceTotals({ totals }: { totals: readonly UsageTotal[] }) {
  const byService = new Map(totals.map((t) => [t.service, t]));
  const services = orderServices(totals.map((t) => t.service));
  return (
    <ul aria-label="Totals per service" className={cn('grid gap-4 sm:grid-cols-2', services.length === 3 ? 'lg:grid-cols-3' : 'lg:grid-cols-4')}>
      {services.map((service) => (
        <li key={service}>
          <ServiceCard service={service} total={byService.get(service) ?? null} />
        </li>
      ))}
    </ul>
  );
}

function ServiceCard({ service, total }: { service: string; total: UsageTotal | null }) {
  const look = serviceLook(service);
  const calls = total?.calls ?? 0;
  const errors = total?.errors ?? 0;
  return (
    <Card className="h-full">
      <div className="px-5 pt-4 pb-4 sm:px-6">
        <h2 className="flex items-center gap-2 text-sm font-medium text-muted">
          <span aria-hidden="true" className={cn('size-2.5 rounded-sm', look.swatch)} />
          {look.label}
        </h2>
        <p className="mt-2 flex items-baseline gap-1.5">
          <span className="text-[28px] leading-none font-semibold tracking-tight text-fg tabular-nums">{formatCount(calls)}</span>
          <span className="text-sm text-muted">{calls === 1 ? 'call' : 'calls'}</span>
        </p>
        <dl className="mt-4 space-y-1.5 border-t border-border pt-3 text-sm">
          <Row term="Errors">
            <span className={cn('tabular-nums', errors > 0 ? 'font-medium text-danger' : 'text-fg')}>{formatCount(errors)}</span>
            {errors > 0 && calls > 0 && <span className="text-muted"> · {formatPercent(errors / calls)}</span>}
          </Row>
          <Row term="Cost">{total?.costUsd == null ? <span className="text-muted">None recorded</span> : <span className="text-fg tabular-nums">{formatUsd(total.costUsd)}</span>}</Row>
          <Row term="Lowest headroom">
            {total?.lowestRateLimitRemaining == null ? <span className="text-muted">Not reported</span> : <span className="text-fg tabular-nums">{formatHeadroom(total.lowestRateLimitRemaining)}</span>}
          </Row>
        </dl>
      </div>
    </Card>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-3">
      <dt className="text-muted">{term}</dt>
      <dd className="text-right">{children}</dd>
    </div>
  );
}
