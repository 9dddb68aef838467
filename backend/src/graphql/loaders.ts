/**
 * DataLoaders, one set per request: every `File.jobs`, `File.listings`, … of a page is
 * fetched by one query for the whole page (keys batched within a tick).
 */
import DataLoader from 'dataloader';
import type { FileRow, Job, JobRun } from '../db/schema.js';
import type { Listing } from '../domain/listings/service.js';
import type { Review } from '../domain/reviews/service.js';
import type { Services } from '../domain/services.js';
import type { ServiceUsage } from '../domain/usage/service.js';

function groupBy<T>(rows: T[], key: (r: T) => string | null, keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) {
    const k = key(r);
    if (k !== null) map.get(k)?.push(r);
  }
  return keys.map((k) => map.get(k) ?? []);
}

export function createLoaders(s: Services) {
  return {
    file: new DataLoader<string, FileRow | null>(async (ids) => {
      const rows = new Map((await s.files.getMany(ids)).map((f) => [f.id, f]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    job: new DataLoader<string, Job | null>(async (ids) => {
      const rows = new Map((await s.jobs.getMany(ids)).map((j) => [j.id, j]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    jobsOfFile: new DataLoader<string, Job[]>(async (ids) => groupBy(await s.jobs.ofFiles(ids, 200 * ids.length), (j) => j.file_id, ids)),
    listingsOfFile: new DataLoader<string, Listing[]>(async (ids) => groupBy(await s.listings.ofFiles(ids), (l) => l.file_id, ids)),
    reviewsOfFile: new DataLoader<string, Review[]>(async (ids) => groupBy(await s.reviews.ofFiles(ids), (r) => r.file_id, ids)),
    usageOfFile: new DataLoader<string, ServiceUsage[]>(async (ids) => groupBy(await s.usage.ofFiles(ids), (u) => u.file_id, ids)),
    runsOfJob: new DataLoader<string, JobRun[]>(async (ids) => groupBy(await s.jobs.runsOf(ids), (r) => r.job_id, ids)),
    prices: new DataLoader<'prices', Record<string, number>>(async (keys) => {
      const p = await s.settings.prices();
      return keys.map(() => p);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
