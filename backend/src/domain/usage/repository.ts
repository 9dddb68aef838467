/** api_usage rows (one per outbound request): the reads of the dashboard and retention. */
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
import { utcTruncated } from '../../db/dialect.js';
import { isoAfter } from '../../time.js';

export interface ServiceUsage {
  file_id: string;
  service: string;
  requests: number;
  errors: number;
  cost_usd: number | null;
}

/** Calls, errors and cost per service of the jobs of each of these files. */
export async function usageOfFiles(db: Db, fileIds: readonly string[]): Promise<ServiceUsage[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .selectFrom('api_usage')
    .innerJoin('jobs', 'jobs.id', 'api_usage.job_id')
    .where('jobs.file_id', 'in', [...fileIds])
    .select([
      'jobs.file_id',
      'api_usage.service',
      sql<number>`sum(api_usage.request_count)`.as('requests'),
      sql<number>`sum(case when api_usage.status_code is null or api_usage.status_code >= 400 then api_usage.request_count else 0 end)`.as('errors'),
      sql<number | null>`sum(api_usage.cost_usd)`.as('cost_usd'),
    ])
    .groupBy(['jobs.file_id', 'api_usage.service'])
    .execute();
  return rows.map((r) => ({
    file_id: r.file_id!,
    service: r.service,
    requests: Number(r.requests),
    errors: Number(r.errors),
    cost_usd: r.cost_usd === null ? null : Number(r.cost_usd),
  }));
}

export async function pruneUsage(db: Db, olderThanDays: number): Promise<number> {
  const r = await db.deleteFrom('api_usage').where('recorded_at', '<', isoAfter(-olderThanDays * 86_400_000)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface UsageDayRow {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  service: string;
  calls: number;
  errors: number;
  costUsd: number | null;
  minRateLimitRemaining: number | null;
}

/**
 * Per service per UTC day of [from, to): calls (sum of request_count), errors (calls
 * with no status or status ≥ 400), cost (null when no row of the day had one) and the
 * lowest rate_limit_remaining seen; by day, then service. One range read of
 * api_usage_time (or api_usage_service_time with a service).
 */
export async function usagePerDay(db: Db, range: { from: string; to: string; service?: string }): Promise<UsageDayRow[]> {
  const day = utcTruncated(db, 'recorded_at', 'day');
  let q = db
    .selectFrom('api_usage')
    .select([
      day.as('day'),
      'service',
      sql<number>`sum(request_count)`.as('calls'),
      sql<number>`sum(case when status_code is null or status_code >= 400 then request_count else 0 end)`.as('errors'),
      sql<number | null>`sum(cost_usd)`.as('cost_usd'),
      sql<number | null>`min(rate_limit_remaining)`.as('min_remaining'),
    ])
    .where('recorded_at', '>=', range.from)
    .where('recorded_at', '<', range.to);
  if (range.service) q = q.where('service', '=', range.service);
  const rows = await q.groupBy([day, 'service']).orderBy('day').orderBy('service').execute();
  return rows.map((r) => ({
    day: r.day,
    service: r.service,
    calls: Number(r.calls),
    errors: Number(r.errors),
    costUsd: r.cost_usd === null ? null : Number(r.cost_usd),
    minRateLimitRemaining: r.min_remaining === null ? null : Number(r.min_remaining),
  }));
}
