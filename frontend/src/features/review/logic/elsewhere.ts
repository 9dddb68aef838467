/**
 * Saying who decided an artwork that left review under us, from its review history
 * (newest first): "Rita approved …", "You rejected … in another tab".
 */
import { statusLook } from '../../../components/ui';
import type { ReviewFile } from '../api';

export interface DecidedElsewhere {
  fileId: string;
  title: string;
  /** Who, when the API's review history says (else null: e.g. archived by an admin's job). */
  reviewer: string | null;
  /** It was you, in another tab or window. */
  byYou: boolean;
  /** approved / rejected / sent back for reprocessing / … */
  verb: string;
  at: string | null;
  /** The status it has now, in words (when no review explains it). */
  statusLabel: string;
  /** The reviewer here had unsaved edits on it. */
  lostEdits: boolean;
  /** Whether another artwork is shown now. */
  movedOn: boolean;
}

const VERBS: Record<string, { decision: string; verb: string }> = {
  APPROVED: { decision: 'APPROVED', verb: 'approved' },
  PUBLISHED: { decision: 'APPROVED', verb: 'approved' },
  REJECTED: { decision: 'REJECTED', verb: 'rejected' },
  PROCESSING: { decision: 'REPROCESS', verb: 'sent back for reprocessing' },
};

export function decidedElsewhere(file: ReviewFile, title: string, me: string, extra: { lostEdits: boolean; movedOn: boolean }): DecidedElsewhere {
  const expected = VERBS[file.status];
  const review = file.reviews[0];
  const matches = expected && review && review.decision === expected.decision;
  return {
    fileId: file.id,
    title,
    reviewer: matches ? review.reviewer : null,
    byYou: Boolean(matches && review.reviewer === me),
    verb: expected?.verb ?? '',
    at: matches ? review.createdAt : null,
    statusLabel: statusLook('file', file.status).label,
    ...extra,
  };
}
