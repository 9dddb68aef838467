/**
 * Files by status → the pipeline the owner reads left to right:
 *   Received → Processing → To review → Approved → Published
 * and, off the main line, what left it: Failed and Rejected (needs a look), Archived
 * (put away, shown quieter). Every status the API reports lands in exactly one stage;
 * a status this build does not know (a newer API) becomes a stage of its own beside
 * the others, so the stages always add up to the API's total.
 */
import { FILE_STATUS_LOOK, type FileStatus, type Tone } from '../../../lib/statuses';
import { statusLook } from '../../../components/ui';

export type StageGroup = 'flow' | 'side' | 'quiet';

export interface PipelineStage {
  /** The status, upper case (as the API reports it). */
  status: string;
  label: string;
  /** What the stage means, for a hint. */
  description: string;
  tone: Tone;
  group: StageGroup;
  /** The API's count; null when the API did not report this status (never shown as 0). */
  count: number | null;
  /** The Files page's `status` filter for this stage (unknown statuses have none). */
  filter: FileStatus | null;
}

export interface Pipeline {
  flow: PipelineStage[];
  side: PipelineStage[];
  quiet: PipelineStage[];
  /** Every file the API counted, in any status. */
  total: number;
}

/** The stages in order, with their words (shorter than the badges': a tile is narrow). */
const KNOWN: { status: FileStatus; label: string; group: StageGroup }[] = [
  { status: 'INGESTED', label: 'Received', group: 'flow' },
  { status: 'PROCESSING', label: 'Processing', group: 'flow' },
  { status: 'PROCESSED', label: 'To review', group: 'flow' },
  { status: 'APPROVED', label: 'Approved', group: 'flow' },
  { status: 'PUBLISHED', label: 'Published', group: 'flow' },
  { status: 'FAILED', label: 'Failed', group: 'side' },
  { status: 'REJECTED', label: 'Rejected', group: 'side' },
  { status: 'ARCHIVED', label: 'Archived', group: 'quiet' },
];

const KNOWN_STATUSES = new Set<string>(KNOWN.map((k) => k.status));

/** The API's `filesByStatus` (any order, any case) → the stages. */
export function pipelineStages(counts: readonly { status: string; count: number }[]): Pipeline {
  const byStatus = new Map<string, number>();
  for (const { status, count } of counts) {
    const key = status.toUpperCase();
    byStatus.set(key, (byStatus.get(key) ?? 0) + count);
  }
  const stages: PipelineStage[] = KNOWN.map(({ status, label, group }) => ({
    status,
    label,
    group,
    description: FILE_STATUS_LOOK[status].description,
    tone: FILE_STATUS_LOOK[status].tone,
    count: byStatus.has(status) ? byStatus.get(status)! : null,
    filter: status,
  }));
  for (const [status, count] of byStatus) {
    if (KNOWN_STATUSES.has(status)) continue;
    const look = statusLook('file', status);
    stages.push({ status, label: look.label, description: look.description, tone: look.tone, group: 'side', count, filter: null });
  }
  let total = 0;
  for (const count of byStatus.values()) total += count;
  return {
    flow: stages.filter((s) => s.group === 'flow'),
    side: stages.filter((s) => s.group === 'side'),
    quiet: stages.filter((s) => s.group === 'quiet'),
    total,
  };
}
