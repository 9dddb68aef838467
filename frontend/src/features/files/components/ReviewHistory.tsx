/** The file's review decisions, newest first: who, when, what they decided and what they changed. */
import { ClipboardCheck } from 'lucide-react';
import { Badge, Card, CardBody, CardHeader } from '../../../components/ui';
import { Time } from './Time';
import type { Tone } from '../../../lib/statuses';
import type { FileReview } from '../api';
import { describeChanges } from '../changes';
import { ReviewChanges } from './ReviewChanges';

const DECISIONS: Record<string, { label: string; tone: Tone }> = {
  APPROVED: { label: 'Approved', tone: 'success' },
  REJECTED: { label: 'Rejected', tone: 'danger' },
  EDITED: { label: 'Edited', tone: 'info' },
  REPROCESS: { label: 'Sent to reprocess', tone: 'progress' },
};

export function decisionLook(decision: string): { label: string; tone: Tone } {
  const d = DECISIONS[decision.toUpperCase()];
  if (d) return d;
  const words = decision.replace(/_/g, ' ').toLowerCase();
  return { label: words.charAt(0).toUpperCase() + words.slice(1), tone: 'neutral' };
}

export function ReviewHistory({ reviews }: { reviews: FileReview[] }) {
  const sorted = [...reviews].sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  return (
    <Card>
      <CardHeader title="Reviews" description={sorted.length ? `${sorted.length} decision${sorted.length === 1 ? '' : 's'}` : undefined} />
      <CardBody>
        {sorted.length === 0 ? (
          <div className="flex items-start gap-3 text-sm text-muted">
            <ClipboardCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
            <p>No decisions yet. Approvals, rejections and edits show here with what changed.</p>
          </div>
        ) : (
          <ol className="space-y-5">
            {sorted.map((r) => {
              const look = decisionLook(r.decision);
              const changed = describeChanges(r.changes).length;
              return (
                <li key={r.id} className="border-l-2 border-border pl-4">
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <Badge tone={look.tone}>{look.label}</Badge>
                    <span className="text-sm">
                      by <span className="font-medium text-fg">{r.reviewer}</span>
                    </span>
                    <Time value={r.createdAt} className="text-sm text-muted" />
                  </div>
                  {r.reason && <p className="mt-2 text-sm whitespace-pre-line text-fg">“{r.reason}”</p>}
                  {changed > 0 ? <ReviewChanges changes={r.changes} /> : r.decision.toUpperCase() === 'APPROVED' ? <p className="mt-1.5 text-sm text-muted">Approved as drafted.</p> : null}
                </li>
              );
            })}
          </ol>
        )}
      </CardBody>
    </Card>
  );
}
