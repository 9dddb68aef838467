/** The Failures tab: FAILED jobs grouped by what went wrong, the most recent (or the biggest) first. */
import { useId } from 'react';
import { getRouteApi } from '@tanstack/react-router';
import { ChevronDown, CircleCheck } from 'lucide-react';
import { Card, CardBody, EmptyState, ErrorState, fieldControlClass, Label, SkeletonRows } from '../../../components/ui';
import { useAuth } from '../../../app/auth';
import { useFailureGroups } from '../hooks/useFailureGroups';
import { canRetryGroup } from '../model/actions';
import { plural } from '../model/format';
import type { FailureSort } from '../search';
import { FailureGroupCard } from './FailureGroupCard';

const route = getRouteApi('/_app/jobs');

export function FailuresTab() {
  const { sort = 'recent' } = route.useSearch();
  const navigate = route.useNavigate();
  const { role } = useAuth();
  const q = useFailureGroups(sort);
  const sortId = useId();

  if (q.isPending) {
    return (
      <Card>
        <CardBody>
          <SkeletonRows rows={4} />
        </CardBody>
      </Card>
    );
  }
  if (q.isError && !q.shaped) {
    return (
      <Card>
        <ErrorState error={q.error} title="The failures didn’t load" onRetry={() => void q.refetch()} />
      </Card>
    );
  }
  const shaped = q.shaped ?? { groups: [], total: 0 };
  if (shaped.groups.length === 0) {
    return (
      <Card>
        <EmptyState icon={CircleCheck} title="No failures">
          No job is out of attempts. If one fails for good, it appears here, grouped with the others that failed the same way.
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card>
      <CardBody className="flex flex-wrap items-end justify-between gap-3 border-b border-border py-4">
        <div className="min-w-0">
          <h2 className="text-base font-semibold text-fg">
            {plural(shaped.total, 'failed job')} in {plural(shaped.groups.length, 'group')}
          </h2>
          <p className="mt-0.5 text-sm text-muted">Grouped by what went wrong (ids, numbers and quoted values set aside), over the latest 10,000 failures.</p>
        </div>
        <div className="w-full space-y-1 sm:w-52">
          <Label htmlFor={sortId} className="text-xs text-muted">
            Order
          </Label>
          <div className="relative">
            <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted" />
            <select
              id={sortId}
              className={fieldControlClass(false, 'h-10 appearance-none pr-9')}
              value={sort}
              onChange={(e) => void navigate({ search: (prev) => ({ ...prev, sort: e.target.value === 'recent' ? undefined : (e.target.value as FailureSort) }), replace: true })}
            >
              <option value="recent">Most recent first</option>
              <option value="count">Most jobs first</option>
            </select>
          </div>
        </div>
      </CardBody>
      <ul className="divide-y divide-border" aria-label="Failure groups">
        {shaped.groups.map((g) => (
          <FailureGroupCard key={g.fingerprint} group={g} canRetry={canRetryGroup(role, g.count)} />
        ))}
      </ul>
    </Card>
  );
}
