/**
 * The file and job states of the API, in their order of progress, with the words and
 * tone the dashboard shows for each (StatusBadge). The lists are checked against the
 * schema's enums by the type system: a new state in the API fails the typecheck here.
 */
import type { EnumOf } from './graphql';

export type FileStatus = EnumOf<'FileStatus'>;
export type JobStatus = EnumOf<'JobStatus'>;

export const FILE_STATUSES = ['INGESTED', 'PROCESSING', 'PROCESSED', 'APPROVED', 'PUBLISHED', 'FAILED', 'REJECTED', 'ARCHIVED'] as const satisfies readonly FileStatus[];
export const JOB_STATUSES = ['PENDING', 'RUNNING', 'RETRYING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const satisfies readonly JobStatus[];

// Every enum value is listed (the other direction of the check).
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : { missing: Exclude<All, Listed> };
const fileStatusesComplete: Missing<FileStatus, (typeof FILE_STATUSES)[number]> = true;
const jobStatusesComplete: Missing<JobStatus, (typeof JOB_STATUSES)[number]> = true;
void fileStatusesComplete;
void jobStatusesComplete;

export type Tone = 'neutral' | 'info' | 'progress' | 'attention' | 'success' | 'danger' | 'muted';

export interface StatusLook {
  label: string;
  tone: Tone;
  /** A sentence for a tooltip or a screen reader. */
  description: string;
}

export const FILE_STATUS_LOOK: Record<FileStatus, StatusLook> = {
  INGESTED: { label: 'Received', tone: 'neutral', description: 'The file arrived and waits for processing.' },
  PROCESSING: { label: 'Processing', tone: 'progress', description: 'Upscaling and writing the title and description.' },
  PROCESSED: { label: 'Ready for review', tone: 'attention', description: 'Waits for a person to approve the title and description.' },
  APPROVED: { label: 'Approved', tone: 'info', description: 'Approved; the product is being listed.' },
  PUBLISHED: { label: 'Published', tone: 'success', description: 'Live in the shop.' },
  FAILED: { label: 'Failed', tone: 'danger', description: 'Processing stopped with an error.' },
  REJECTED: { label: 'Rejected', tone: 'muted', description: 'A reviewer turned it down.' },
  ARCHIVED: { label: 'Archived', tone: 'muted', description: 'Put away; nothing was erased.' },
};

export const JOB_STATUS_LOOK: Record<JobStatus, StatusLook> = {
  PENDING: { label: 'Queued', tone: 'neutral', description: 'Waiting for a worker.' },
  RUNNING: { label: 'Running', tone: 'progress', description: 'A worker is running it now.' },
  RETRYING: { label: 'Retrying', tone: 'attention', description: 'An attempt failed; it runs again after a pause.' },
  COMPLETED: { label: 'Completed', tone: 'success', description: 'Finished.' },
  FAILED: { label: 'Failed', tone: 'danger', description: 'Out of attempts, or a permanent error.' },
  CANCELLED: { label: 'Cancelled', tone: 'muted', description: 'Cancelled before it finished.' },
};
