/** Reject, with a reason (required: it is kept with the artwork's history). Ctrl/⌘+Enter sends it. */
import { useEffect, useRef, useState } from 'react';
import { Button, Dialog, Field, Textarea } from '../../../components/ui';
import { describeError } from '../../../lib/http';

const SUGGESTIONS = ['Poor crop or framing', 'Wrong species', 'Not good enough to sell', 'Duplicate of another artwork'];

export interface RejectDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** Resolves when rejected; a throw is shown in the dialog. */
  onReject: (reason: string) => Promise<unknown>;
}

export function RejectDialog({ open, onOpenChange, title, onReject }: RejectDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) {
      setReason('');
      setError(null);
    }
  }, [open]);

  const submit = async () => {
    const r = reason.trim();
    if (!r) {
      setError('Say why, in a few words: the reason is kept with the artwork’s history.');
      area.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onReject(r);
      setBusy(false);
      onOpenChange(false);
    } catch (err) {
      setBusy(false);
      setError(describeError(err));
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => !busy && onOpenChange(o)}
      title="Reject this artwork?"
      description={<>“{title}” won’t be listed. It stays in Files, and an admin can reprocess it later.</>}
      footer={
        <>
          <Button variant="secondary" disabled={busy} onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button variant="danger" loading={busy} onClick={() => void submit()}>
            Reject
          </Button>
        </>
      }
    >
      <Field label="Reason" error={error} hint="Ctrl + Enter (⌘ Enter) rejects.">
        {(p) => (
          <Textarea
            {...p}
            ref={area}
            rows={3}
            autoFocus
            maxLength={1000}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              if (error) setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        )}
      </Field>
      <div className="mt-3 flex flex-wrap gap-1.5" role="group" aria-label="Common reasons">
        {SUGGESTIONS.map((s) => (
          <button
            key={s}
            type="button"
            onClick={() => {
              setReason(s);
              setError(null);
              area.current?.focus();
            }}
            className="h-7 rounded-full border border-border bg-surface px-2.5 text-xs font-medium text-fg hover:bg-surface-2"
          >
            {s}
          </button>
        ))}
      </div>
    </Dialog>
  );
}
