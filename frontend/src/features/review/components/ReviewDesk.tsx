/**
 * The review desk: one artwork at a time with its decisions, the keyboard map, and the
 * designed states around it (loading, an error, a missing file, all caught up).
 */
import { memo, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { FileQuestion } from 'lucide-react';
import { Button, Card, EmptyState, ErrorState } from '../../../components/ui';
import { useDraftOrNull } from '../hooks/useDraft';
import { useReviewDesk } from '../hooks/useReviewDesk';
import { useReviewKeys } from '../hooks/useReviewKeys';
import { changedFields } from '../logic/draft';
import { ArtworkView } from './ArtworkView';
import { DecidedNotice } from './DecidedNotice';
import { QueueEmpty } from './QueueEmpty';
import { RejectDialog } from './RejectDialog';
import { ReviewSkeleton } from './ReviewSkeleton';
import { ReviewToolbar } from './ReviewToolbar';

const MemoArtworkView = memo(ArtworkView);

export function ReviewDesk({ keysOpen, onKeysOpenChange }: { keysOpen: boolean; onKeysOpenChange: (open: boolean) => void }) {
  const desk = useReviewDesk();
  const { file, store, mode } = desk;
  const draft = useDraftOrNull(store);
  const editCount = store && draft ? changedFields(store.original, draft.values).length : 0;
  const [rejectOpen, setRejectOpen] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useReviewKeys(
    {
      next: desk.goNext ?? undefined,
      previous: desk.goPrevious ?? undefined,
      approve: mode === 'review' ? desk.approve : mode === 'edit' ? () => void desk.save() : undefined,
      reject: mode === 'review' && !desk.busy ? () => setRejectOpen(true) : undefined,
      focusTitle: () => titleRef.current?.focus(),
      help: () => onKeysOpenChange(true),
    },
    !rejectOpen && !keysOpen,
  );

  // A new artwork: back to its top, and if the focus was lost with the old one (it was in
  // a field), onto the new one's title so a screen reader hears which one it is.
  const shownFileId = file?.id;
  const lastShown = useRef(shownFileId);
  useEffect(() => {
    if (!shownFileId || lastShown.current === shownFileId) return;
    const hadOne = lastShown.current !== undefined;
    lastShown.current = shownFileId;
    if (!hadOne) return;
    if (window.scrollY > 120) window.scrollTo({ top: 0 });
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) headingRef.current?.focus({ preventScroll: true });
  }, [shownFileId]);

  const saveNote =
    file?.status === 'PUBLISHED'
      ? 'This artwork is live in the shop: saving updates its Shopify product too (it follows in a moment).'
      : 'This artwork is approved: saved changes go into the Shopify product being made.';

  const toolbar = (
    <ReviewToolbar
      position={desk.position}
      onPrevious={desk.goPrevious}
      onNext={desk.goNext}
      mode={file ? mode : 'none'}
      editCount={editCount}
      busy={desk.busy}
      onApprove={desk.approve}
      onReject={() => setRejectOpen(true)}
      onReprocess={desk.reprocess}
      onSave={() => void desk.save()}
    />
  );

  let body: ReactNode;
  if (desk.shownId === null) {
    if (desk.queue.isPending) body = <ReviewSkeleton />;
    else if (desk.queue.isError) body = <Card><ErrorState error={desk.queue.error} title="The review queue didn’t load" onRetry={() => void desk.queue.refetch()} /></Card>;
    else body = <QueueEmpty decidedHere={desk.decidedCount} />;
  } else if (file) {
    body = (
      <>
        {toolbar}
        <MemoArtworkView
          key={file.id}
          formKey={desk.formVersion}
          file={file}
          store={store}
          mode={mode}
          titleRef={titleRef}
          headingRef={headingRef}
          onRenewPreview={desk.renewPreview}
          saveNote={mode === 'edit' ? saveNote : undefined}
        />
        {mode !== 'none' && <div aria-hidden="true" className="h-20 md:hidden" />}
      </>
    );
  } else if (desk.fileQuery.isError) {
    body = <Card><ErrorState error={desk.fileQuery.error} title="This artwork didn’t load" onRetry={() => void desk.fileQuery.refetch()} /></Card>;
  } else if (desk.fileQuery.isPending || desk.fileQuery.isFetching) {
    body = <ReviewSkeleton />;
  } else {
    body = (
      <Card>
        <EmptyState
          icon={FileQuestion}
          title="There’s no such artwork"
          action={
            <Button asChild variant="secondary">
              <Link to="/review" search={{}}>
                Go to the review queue
              </Link>
            </Button>
          }
        >
          The link may be old, or the file was removed. The queue has everything waiting for review.
        </EmptyState>
      </Card>
    );
  }

  return (
    <>
      {desk.notice && <DecidedNotice notice={desk.notice} onDismiss={desk.dismissNotice} />}
      {body}
      <RejectDialog open={rejectOpen} onOpenChange={setRejectOpen} title={desk.currentTitle()} onReject={desk.reject} />
    </>
  );
}
