/** What this file has cost: the metered spend of its jobs, and its API calls per service. */
import { Receipt } from 'lucide-react';
import { Card, CardBody, CardHeader } from '../../../components/ui';
import type { FileUsage } from '../api';
import { formatCount, formatUsd, serviceName } from '../format';

export function UsageCard({ usage, costUsd }: { usage: FileUsage[]; costUsd: number }) {
  const calls = usage.reduce((n, u) => n + u.calls, 0);
  const errors = usage.reduce((n, u) => n + u.errors, 0);
  return (
    <Card>
      <CardHeader title="API calls and cost" />
      <CardBody>
        <div className="flex items-baseline justify-between gap-3">
          <span className="text-sm text-muted">Spent so far</span>
          <span className="text-2xl font-semibold tracking-tight tabular-nums text-fg">{formatUsd(costUsd)}</span>
        </div>
        {usage.length === 0 ? (
          <div className="mt-4 flex items-start gap-3 text-sm text-muted">
            <Receipt aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>No API calls recorded for this file.</p>
          </div>
        ) : (
          <table className="mt-4 w-full text-sm">
            <caption className="sr-only">API calls per service</caption>
            <thead>
              <tr className="text-xs text-muted">
                <th scope="col" className="pb-1.5 text-left font-medium">
                  Service
                </th>
                <th scope="col" className="pb-1.5 text-right font-medium">
                  Calls
                </th>
                <th scope="col" className="pb-1.5 text-right font-medium">
                  Errors
                </th>
                <th scope="col" className="pb-1.5 text-right font-medium">
                  Cost
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border border-t border-border">
              {usage.map((u) => (
                <tr key={u.service}>
                  <th scope="row" className="py-2 text-left font-normal text-fg">
                    {serviceName(u.service)}
                  </th>
                  <td className="py-2 text-right tabular-nums">{formatCount(u.calls)}</td>
                  <td className={u.errors ? 'py-2 text-right font-medium text-danger tabular-nums' : 'py-2 text-right text-muted tabular-nums'}>{formatCount(u.errors)}</td>
                  <td className="py-2 text-right tabular-nums">{u.costUsd === null ? <span className="text-muted" title="Not metered in dollars">—</span> : formatUsd(u.costUsd)}</td>
                </tr>
              ))}
            </tbody>
            {usage.length > 1 && (
              <tfoot className="border-t border-border">
                <tr>
                  <th scope="row" className="pt-2 text-left font-medium text-fg">
                    Total
                  </th>
                  <td className="pt-2 text-right font-medium tabular-nums">{formatCount(calls)}</td>
                  <td className="pt-2 text-right font-medium tabular-nums">{formatCount(errors)}</td>
                  <td className="pt-2 text-right font-medium tabular-nums">{formatUsd(costUsd)}</td>
                </tr>
              </tfoot>
            )}
          </table>
        )}
      </CardBody>
    </Card>
  );
}
