/**
 * The date range, kept in the URL: three presets (links: a range is shareable) and
 * Custom, which opens two UTC dates and an Apply button. Days are UTC, as the API's.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { Button, Input, Label } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { customRange, dayCount, isIsoDay, MAX_RANGE_DAYS, PRESET_LABEL, USAGE_PRESETS, DEFAULT_PRESET, type UsageRange } from '../range';

const route = getRouteApi('/_app/usage');

const SEGMENT = cn(
  'inline-flex h-8 items-center rounded-lg px-3 text-sm font-medium whitespace-nowrap text-muted transition-colors hover:text-fg',
  // Selected: the link of the range on screen (the router sets aria-current="page"), or Custom for a custom range.
  'aria-[current]:bg-surface aria-[current]:text-fg aria-[current]:shadow-card',
);

/** The four choices: 7 / 30 / 90 days and Custom. */
export function RangePresets({ range, customOpen, onCustom }: { range: UsageRange; customOpen: boolean; onCustom: () => void }) {
  const custom = range.kind === 'custom';
  return (
    <div role="group" aria-label="Date range" className="inline-flex max-w-full gap-1 overflow-x-auto rounded-xl bg-surface-2 p-1">
      {USAGE_PRESETS.map((p) => (
        <Link
          key={p}
          to="/usage"
          // The default range is the bare /usage; exact: ?range=7d is not also "30 days".
          search={p === DEFAULT_PRESET ? {} : { range: p }}
          activeOptions={{ exact: true, includeSearch: true }}
          className={SEGMENT}
        >
          {PRESET_LABEL[p]}
        </Link>
      ))}
      <button type="button" aria-current={custom ? 'true' : undefined} aria-expanded={custom || customOpen} className={cn(SEGMENT, 'aria-expanded:text-fg')} onClick={onCustom}>
        Custom
      </button>
    </div>
  );
}

/** Checks two typed dates: both real, the first not after the second, at most MAX_RANGE_DAYS. */
export function checkCustom(from: string, to: string): string | null {
  if (!isIsoDay(from) || !isIsoDay(to)) return 'Choose both dates.';
  if (from > to) return 'The start date is after the end date.';
  if (dayCount(from, to) > MAX_RANGE_DAYS) return `Choose at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

/** From and To (UTC dates, both included) and Apply: writes ?from=&to= to the URL. */
export function CustomRangeForm({ range, today, autoFocus, onCancel }: { range: UsageRange; today: string; autoFocus?: boolean; onCancel?: () => void }) {
  const navigate = route.useNavigate();
  const [from, setFrom] = useState(range.fromDay);
  const [to, setTo] = useState(range.toDay);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setFrom(range.fromDay);
    setTo(range.toDay);
    setError(null);
  }, [range.fromDay, range.toDay]);
  const id = useId();
  const errorId = `${id}-error`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = checkCustom(from, to);
    setError(problem);
    if (problem) return;
    const r = customRange(from, to);
    void navigate({ search: { from: r.fromDay, to: r.toDay } });
  };
  const invalid = error !== null;
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3" aria-label="Custom date range">
      <div className="w-[calc(50%-0.375rem)] space-y-1.5 sm:w-44">
        <Label htmlFor={`${id}-from`}>From</Label>
        <Input id={`${id}-from`} type="date" autoFocus={autoFocus} value={from} max={to || today} onChange={(e) => setFrom(e.target.value)} invalid={invalid} aria-describedby={invalid ? errorId : undefined} />
      </div>
      <div className="w-[calc(50%-0.375rem)] space-y-1.5 sm:w-44">
        <Label htmlFor={`${id}-to`}>To</Label>
        <Input id={`${id}-to`} type="date" value={to} min={from || undefined} max={today} onChange={(e) => setTo(e.target.value)} invalid={invalid} aria-describedby={invalid ? errorId : undefined} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" className="h-11">
          Apply
        </Button>
        {onCancel && (
          <Button type="button" variant="ghost" className="h-11" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
      {error && (
        <p id={errorId} role="alert" className="w-full text-sm text-danger">
          {error}
        </p>
      )}
    </form>
  );
}
