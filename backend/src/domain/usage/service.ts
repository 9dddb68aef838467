/**
 * API usage: what each outbound call cost, read per file, per service and per day
 * (the dashboard's usage page); writes: recorder.ts.
 */
import { ValidationError } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import { pruneUsage, usageOfFiles, usagePerDay, type ServiceUsage, type UsageDayRow } from './repository.js';

export type { ServiceUsage, UsageDayRow };

export interface UsageStatsQuery {
  /** ISO-8601 instants: the range is [from, to). */
  from: string;
  to: string;
  /** Only this service (e.g. "replicate"). */
  service?: string;
}

export interface UsageTotal {
  service: string;
  calls: number;
  errors: number;
  /** null when no call of the range had a cost. */
  costUsd: number | null;
  minRateLimitRemaining: number | null;
}

export interface UsageStats {
  from: string;
  to: string;
  /** Per service per UTC day, by day then service (days without calls are absent). */
  days: UsageDayRow[];
  /** Per service over the whole range, by service. */
  totals: UsageTotal[];
}

function instant(name: string, value: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new ValidationError(`${name} must be an ISO-8601 timestamp`);
  return new Date(t).toISOString();
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const sumOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/** The range totals per service, folded from the daily rows. */
export function totalsOf(days: readonly UsageDayRow[]): UsageTotal[] {
  const totals = new Map<string, UsageTotal>();
  for (const d of days) {
    const t = totals.get(d.service) ?? { service: d.service, calls: 0, errors: 0, costUsd: null, minRateLimitRemaining: null };
    t.calls += d.calls;
    t.errors += d.errors;
    t.costUsd = sumOf(t.costUsd, d.costUsd);
    t.minRateLimitRemaining = minOf(t.minRateLimitRemaining, d.minRateLimitRemaining);
    totals.set(d.service, t);
  }
  return [...totals.values()].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

export class UsageService {
  constructor(private readonly db: Db) {}

  ofFiles(fileIds: readonly string[]): Promise<ServiceUsage[]> {
    return usageOfFiles(this.db, fileIds);
  }

  /** Calls, errors, cost and the lowest rate-limit headroom per service per UTC day of [from, to), with range totals. */
  async stats(q: UsageStatsQuery): Promise<UsageStats> {
    const from = instant('from', q.from);
    const to = instant('to', q.to);
    if (from >= to) throw new ValidationError('from must be before to');
    const days = await usagePerDay(this.db, { from, to, service: q.service });
    return { from, to, days, totals: totalsOf(days) };
  }

  /** Retention (USAGE_RETENTION_DAYS). */
  prune(olderThanDays: number): Promise<number> {
    return pruneUsage(this.db, olderThanDays);
  }
}
