/**
 * The dashboard's overview and activity feed (read side only; the GraphQL layer
 * presents them). Dead letters come from the broker and are not counted here.
 */
import { ValidationError } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import { MAX_LIMIT } from '../../db/pagination.js';
import type { FileState, JobState } from '../../db/schema.js';
import { activityPage, type ActivityItem, type ActivityKind, type ActivityPage } from './activity.js';
import { completedPerMinute, filesByStatus, jobsByStatus, type MinuteBucket } from './repository.js';

export type { ActivityItem, ActivityKind, ActivityPage, MinuteBucket };

export interface Overview {
  /** Every file state, 0 when none. */
  filesByStatus: Record<FileState, number>;
  /** Every job state, 0 when none. */
  jobsByStatus: Record<JobState, number>;
  /** Jobs completed per UTC minute over the last hour: 60 buckets, oldest first (the last is the current minute). */
  completedPerMinute: MinuteBucket[];
  /** Files waiting for a reviewer (status processed). */
  awaitingReview: number;
  /** When the figures were read. */
  at: string;
}

export interface ActivityQuery {
  /** Page size, 1 … 500. */
  first: number;
  /** A cursor from a previous page (its nextCursor, or an item's cursor). */
  after?: string | null;
}

export class OverviewService {
  constructor(private readonly db: Db) {}

  async overview(now: number = Date.now()): Promise<Overview> {
    const [files, jobs, perMinute] = await Promise.all([filesByStatus(this.db), jobsByStatus(this.db), completedPerMinute(this.db, now)]);
    return { filesByStatus: files, jobsByStatus: jobs, completedPerMinute: perMinute, awaitingReview: files.processed, at: new Date(now).toISOString() };
  }

  /** Recent events, newest first: file state changes, review decisions and jobs that ended FAILED. */
  async activity(q: ActivityQuery): Promise<ActivityPage> {
    if (!Number.isInteger(q.first) || q.first < 1 || q.first > MAX_LIMIT) throw new ValidationError(`first must be a whole number from 1 to ${MAX_LIMIT}`);
    return activityPage(this.db, q.first, q.after);
  }
}
