/**
 * What can be done with the file in its state: "Review" (PROCESSED) or "Edit"
 * (APPROVED / PUBLISHED) on the review page; for admins "Reprocess" (PROCESSED, FAILED,
 * REJECTED: a new upscale and draft) and "Archive" (anything not archived yet), each
 * asked first, with the outcome in a toast.
 */
import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Archive, ClipboardCheck, Pencil, RefreshCw } from 'lucide-react';
import { useAuth } from '../../../app/auth';
import { Button, ConfirmDialog, Field, Textarea } from '../../../components/ui';
import type { FileStatus } from '../../../lib/statuses';
import { useFileActions } from '../hooks/useFileActions';

const REPROCESSABLE: readonly string[] = ['PROCESSED', 'FAILED', 'REJECTED'] satisfies FileStatus[];

/** The actions a person may take on a file in `status` (the API refuses the others). */
export function fileActionsFor(status: string, isAdmin: boolean): { review: 'Review' | 'Edit' | null; reprocess: boolean; archive: boolean } {
  return {
    review: status === 'PROCESSED' ? 'Review' : status === 'APPROVED' || status === 'PUBLISHED' ? 'Edit' : null,
    reprocess: isAdmin && REPROCESSABLE.includes(status),
    archive: isAdmin && status !== 'ARCHIVED',
  };
}

export function FileActions({ id, status, name }: { id: string; status: string; name: string }) {
  const { isAdmin } = useAuth();
  const { reprocess, archive } = useFileActions(id, name);
  const [reason, setReason] = useState('');
  const can = fileActionsFor(status, isAdmin);
  if (!can.review && !can.reprocess && !can.archive) return null;
  return (
    <>
      {can.archive && (
        <ConfirmDialog
          trigger={
            <Button variant="secondary">
              <Archive aria-hidden="true" className="size-4" />
              Archive
            </Button>
          }
          title={`Archive “${name}”?`}
          description={
            status === 'PUBLISHED'
              ? 'Its Shopify product is archived too, so it leaves the shop. Nothing is erased: the file, its text and its history stay here.'
              : 'It leaves the pipeline. Nothing is erased: the file, its text and its history stay here.'
          }
          confirmLabel="Archive"
          destructive
          onOpenChange={(open) => open && setReason('')}
          onConfirm={() => archive.mutateAsync(reason.trim() || undefined)}
        >
          <Field label="Reason (optional)" hint="Shown with the file’s status.">
            {(props) => <Textarea {...props} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </ConfirmDialog>
      )}
      {can.reprocess && (
        <ConfirmDialog
          trigger={
            <Button variant="secondary">
              <RefreshCw aria-hidden="true" className="size-4" />
              Reprocess
            </Button>
          }
          title={`Reprocess “${name}”?`}
          description="The image is inspected and upscaled again and a new title and description are written. This pays for a new upscale and replaces the current draft."
          confirmLabel="Reprocess"
          onConfirm={() => reprocess.mutateAsync()}
        />
      )}
      {can.review && (
        <Button asChild variant={can.review === 'Review' ? 'primary' : 'secondary'}>
          <Link to="/review" search={{ file: id }}>
            {can.review === 'Review' ? <ClipboardCheck aria-hidden="true" className="size-4" /> : <Pencil aria-hidden="true" className="size-4" />}
            {can.review}
          </Link>
        </Button>
      )}
    </>
  );
}
