/**
 * One field of the review form: its label (the control's accessible name), a counter
 * or note on the right, and — once it differs from the draft — an "Edited" toggle that
 * shows what changed from the draft and a way back ("Revert to draft").
 */
import { useId, useState, type ReactNode } from 'react';
import { ChevronDown, Undo2 } from 'lucide-react';
import { Label } from '../../../components/ui';
import { cn } from '../../../lib/cn';

export interface ReviewFieldControlProps {
  id: string;
  'aria-describedby'?: string;
}

export interface ReviewFieldProps {
  label: string;
  edited: boolean;
  /** "AI draft" (a file in review) or "Saved version" (an approved or published one). */
  originalLabel: string;
  /** What changed (ChangeDiff), shown when the Edited toggle is open. */
  diff?: ReactNode;
  onRevert?: () => void;
  /** Right of the label: a counter. Its id joins the control's description. */
  counter?: (id: string) => ReactNode;
  /** Under the control (and its description, for screen readers). */
  hint?: ReactNode;
  /** Under the control, not part of its description (a preview). */
  below?: ReactNode;
  className?: string;
  children: (props: ReviewFieldControlProps) => ReactNode;
}

export function ReviewField({ label, edited, originalLabel, diff, onRevert, counter, hint, below, className, children }: ReviewFieldProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const counterId = `${id}-counter`;
  const hintId = `${id}-hint`;
  const panelId = `${id}-original`;
  const [open, setOpen] = useState(false);
  const describedBy = [counter ? counterId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cn('space-y-1.5', className)} data-field={label} data-edited={edited || undefined}>
      <div className="flex min-h-6 flex-wrap items-center gap-x-2 gap-y-1">
        <Label id={labelId} htmlFor={id}>
          {label}
        </Label>
        {edited && (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            aria-describedby={labelId}
            onClick={() => setOpen((o) => !o)}
            className="inline-flex h-6 items-center gap-1 rounded-full bg-accent-soft px-2 text-xs font-medium text-accent-soft-fg hover:brightness-95"
          >
            <span aria-hidden="true" className="size-1.5 rounded-full bg-accent" />
            Edited
            <ChevronDown aria-hidden="true" className={cn('size-3.5 transition-transform', open && 'rotate-180')} />
          </button>
        )}
        {counter && <span className="ml-auto">{counter(counterId)}</span>}
      </div>
      {children({ id, 'aria-describedby': describedBy })}
      {hint && (
        <div id={hintId} className="text-xs text-muted">
          {hint}
        </div>
      )}
      {below}
      {edited && open && (
        <div id={panelId} className="rounded-xl border border-border bg-page/60 p-3 text-sm">
          <div className="mb-2 flex items-center justify-between gap-3">
            <p className="text-xs font-semibold tracking-wide text-muted uppercase">Changes from the {originalLabel === 'AI draft' ? 'AI draft' : originalLabel.toLowerCase()}</p>
            {onRevert && (
              <button type="button" onClick={onRevert} aria-describedby={labelId} className="inline-flex h-7 items-center gap-1.5 rounded-lg px-2 text-xs font-medium text-accent hover:bg-surface-2">
                <Undo2 aria-hidden="true" className="size-3.5" />
                {originalLabel === 'AI draft' ? 'Revert to draft' : 'Revert to saved version'}
              </button>
            )}
          </div>
          {diff}
        </div>
      )}
    </div>
  );
}
