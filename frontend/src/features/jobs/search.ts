import { JOB_STATUSES } from '../../lib/statuses';
import { oneOf, searchSchema, text } from '../../lib/search';

export const JOBS_TABS = ['jobs', 'queues'] as const;
export type JobsTab = (typeof JOBS_TABS)[number];

/** /jobs?tab=jobs&status=FAILED&command=UpscaleImage&search=timeout */
export const jobsSearch = searchSchema({
  tab: oneOf(JOBS_TABS),
  status: oneOf(JOB_STATUSES),
  /** A command type (the API's `jobs(commandType:)`). */
  command: text(100),
  /** A job id, a payload value or an error text. */
  search: text(200),
});
export type JobsSearch = ReturnType<typeof jobsSearch>;
