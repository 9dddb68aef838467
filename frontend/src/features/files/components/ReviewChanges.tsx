/**
 * What a reviewer changed, readably: each field's before → after (long texts as two
 * blocks), hashtags as added / removed, every caption on its own. Text, never HTML.
 */
import { useState } from 'react';
import { cn } from '../../../lib/cn';
import { describeChanges, type ChangeLine } from '../changes';

function Empty() {
  return <span className="text-muted italic">empty</span>;
}

/** Both values short enough to read on one line: "Kingfisher → Common Kingfisher". */
const INLINE_MAX = 28;
/** Long texts start folded to a few lines (the whole text a click away). */
const FOLD_AT = 160;

function LongText({ text, tone }: { text: string | null; tone: 'before' | 'after' }) {
  const [open, setOpen] = useState(false);
  const foldable = (text?.length ?? 0) > FOLD_AT;
  const El = tone === 'before' ? 'del' : 'ins';
  return (
    <div className={cn('rounded-lg px-3 py-2', tone === 'before' ? 'bg-surface-2' : 'bg-accent-soft')}>
      <p className={cn('text-xs font-medium', tone === 'before' ? 'text-muted' : 'text-accent-soft-fg')}>{tone === 'before' ? 'Before' : 'After'}</p>
      <El className={cn('mt-0.5 text-sm whitespace-pre-line no-underline', tone === 'before' ? 'text-muted' : 'text-fg', foldable && !open ? 'line-clamp-3' : 'block')}>{text ?? <Empty />}</El>
      {foldable && (
        <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)} className="mt-1 rounded text-xs font-medium text-accent hover:underline">
          {open ? 'Show less' : 'Show all'}
        </button>
      )}
    </div>
  );
}

function TextChange({ line }: { line: Extract<ChangeLine, { kind: 'text' }> }) {
  const inline = !line.long && (line.from?.length ?? 0) <= INLINE_MAX && (line.to?.length ?? 0) <= INLINE_MAX;
  if (!inline) {
    return (
      <div className="mt-1 space-y-1.5">
        <LongText text={line.from} tone="before" />
        <LongText text={line.to} tone="after" />
      </div>
    );
  }
  return (
    <p className="mt-0.5 flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-sm">
      <del className="text-muted decoration-muted/60">
        <span className="sr-only">from </span>
        {line.from ?? <Empty />}
      </del>
      <span aria-hidden="true" className="text-muted">
        →
      </span>
      <ins className="font-medium text-fg no-underline">
        <span className="sr-only">to </span>
        {line.to ?? <Empty />}
      </ins>
    </p>
  );
}

function Tag({ tag, added }: { tag: string; added: boolean }) {
  return (
    <li
      className={cn(
        'rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        added ? 'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-900' : 'bg-red-50 text-red-800 line-through ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900',
      )}
    >
      <span aria-hidden="true">{added ? '+' : '−'}</span>
      {tag}
    </li>
  );
}

function TagsChange({ line }: { line: Extract<ChangeLine, { kind: 'tags' }> }) {
  return (
    <div className="mt-1 space-y-1.5">
      {line.added.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-xs text-muted">Added</span>
          <ul aria-label={`Hashtags added (${line.added.length})`} className="flex flex-wrap gap-1.5">
            {line.added.map((t) => (
              <Tag key={t} tag={t} added />
            ))}
          </ul>
        </div>
      )}
      {line.removed.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-xs text-muted">Removed</span>
          <ul aria-label={`Hashtags removed (${line.removed.length})`} className="flex flex-wrap gap-1.5">
            {line.removed.map((t) => (
              <Tag key={t} tag={t} added={false} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function ReviewChanges({ changes }: { changes: unknown }) {
  const lines = describeChanges(changes);
  if (lines.length === 0) return null;
  return (
    <ul className="mt-3 space-y-3" aria-label="Changes">
      {lines.map((line) => (
        <li key={line.field} data-field={line.field}>
          <p className="text-xs font-medium tracking-wide text-muted uppercase">{line.label}</p>
          {line.kind === 'tags' ? <TagsChange line={line} /> : <TextChange line={line} />}
        </li>
      ))}
    </ul>
  );
}
