/** api_usage rows (one per outbound request): the reads of the dashboard and retention. */
import { sql } from 'kysely';
import type { Db } from '../../db/connection.js';
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
