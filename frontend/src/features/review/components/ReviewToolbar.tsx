/**
 * The desk's controls: where you are in the queue with Previous / Next, and the
 * decisions. Sticky under the header on wide screens; on a phone the decisions sit in a
 * bar at the bottom, above the tab bar, within thumb's reach.
 */
import { Check, ChevronLeft, ChevronRight, RotateCcw, X } from 'lucide-react';
import { Button, ConfirmDialog } from '../../../components/ui';
import { cn } from '../../../lib/cn';

export type Busy = 'approve' | 'reject' | 'reprocess' | 'save' | null;

export interface ReviewToolbarProps {
  /** 1-based position in the queue, the queue's length, and whether more wait beyond it; null: not in the queue. */
  position: { index: number; total: number; more: boolean } | null;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
  /** review: Approve / Reject; edit: Save changes (an approved or published file); none: nothing to decide. */
  mode: 'review' | 'edit' | 'none';
  editCount: number;
  busy: Busy;
  onApprove: () => void;
  onReject: (() => void) | null;
  /** Admins only (null hides it). Resolves when done. */
  onReprocess: (() => Promise<unknown>) | null;
  onSave: () => void;
}

export function ReviewToolbar({ position, onPrevious, onNext, mode, editCount, busy, onApprove, onReject, onReprocess, onSave }: ReviewToolbarProps) {
  const anyBusy = busy !== null;
  return (
    <div className="z-20 mb-5 rounded-card border border-border bg-surface/95 shadow-card md:sticky md:top-[4.25rem] md:shadow-[0_-0.75rem_0_0_var(--page),var(--shadow)] md:backdrop-blur-xl">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2.5 sm:px-4">
        <nav aria-label="Queue" className="flex items-center gap-1.5">
          <Button variant="ghost" size="sm" disabled={!onPrevious} onClick={onPrevious ?? undefined} className="px-2 sm:px-3">
            <ChevronLeft aria-hidden="true" className="size-4" />
            Previous
          </Button>
          <Button variant="ghost" size="sm" disabled={!onNext} onClick={onNext ?? undefined} className="px-2 sm:px-3">
            Next
            <ChevronRight aria-hidden="true" className="size-4" />
          </Button>
          <p className="ml-1 text-sm text-muted tabular-nums" aria-live="polite">
            {position ? (
              <>
                <span className="font-medium text-fg">{position.index}</span> of {position.total}
                {position.more ? '+' : ''} waiting
              </>
            ) : (
              'Not in the review queue'
            )}
          </p>
        </nav>

        {mode !== 'none' && (
          <div
            className={cn(
              'flex items-center gap-2 md:ml-auto',
              'max-md:fixed max-md:inset-x-0 max-md:bottom-[calc(4rem+env(safe-area-inset-bottom))] max-md:z-30 max-md:border-t max-md:border-border max-md:bg-surface max-md:px-4 max-md:py-2.5 max-md:shadow-pop',
            )}
          >
            {editCount > 0 && (
              <span className="mr-1 hidden text-sm text-muted sm:inline" data-testid="edit-count">
                {editCount} {editCount === 1 ? 'field' : 'fields'} edited
              </span>
            )}
            {mode === 'review' ? (
              <>
                {onReprocess && (
                  <ConfirmDialog
                    title="Reprocess this artwork?"
                    description="It is inspected, upscaled and described again from the original. The draft and any edits here are replaced; it comes back to review when it is ready."
                    confirmLabel="Reprocess"
                    onConfirm={onReprocess}
                    trigger={
                      <Button variant="ghost" size="md" disabled={anyBusy} className="max-md:px-3">
                        <RotateCcw aria-hidden="true" className="size-4" />
                        Reprocess
                      </Button>
                    }
                  />
                )}
                <Button variant="secondary" disabled={anyBusy || !onReject} loading={busy === 'reject'} onClick={onReject ?? undefined} className="max-md:flex-1">
                  <X aria-hidden="true" className="size-4" />
                  Reject
                </Button>
                <Button variant="primary" disabled={anyBusy} loading={busy === 'approve'} onClick={onApprove} className="min-w-28 max-md:flex-[2]">
                  {busy !== 'approve' && <Check aria-hidden="true" className="size-4" />}
                  Approve
                </Button>
              </>
            ) : (
              <div className="flex flex-1 items-center justify-end gap-3">
                <Button variant="primary" disabled={anyBusy || editCount === 0} loading={busy === 'save'} onClick={onSave} className="max-md:flex-1">
                  Save changes
                </Button>
              </div>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
