import { JOB_STATUSES } from '../../lib/statuses';
import { oneOf, searchSchema, text } from '../../lib/search';

export const JOBS_TABS = ['jobs', 'failures', 'queues'] as const;
export type JobsTab = (typeof JOBS_TABS)[number];

/** How the failure groups are ordered: the most recent failure first, or the biggest group first. */
export const FAILURE_SORTS = ['recent', 'count'] as const;
export type FailureSort = (typeof FAILURE_SORTS)[number];

/** /jobs?tab=jobs&status=FAILED&command=UpscaleImage&search=timeout, /jobs?tab=failures&sort=count */
export const jobsSearch = searchSchema({
  tab: oneOf(JOBS_TABS),
  status: oneOf(JOB_STATUSES),
  /** A command type (the API's `jobs(commandType:)`). */
  command: text(100),
  /** A job id, a payload value or an error text. */
  search: text(200),
  /** The failures tab's order (default: recent). */
  sort: oneOf(FAILURE_SORTS),
});
export type JobsSearch = ReturnType<typeof jobsSearch>;
