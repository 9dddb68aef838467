/**
 * A JSON value as indented, coloured text. Always text nodes (never HTML), so a payload
 * holding markup is shown as it is. Long values scroll inside the box; the box is
 * keyboard-focusable so it can be scrolled without a mouse.
 */
import { useId, useMemo } from 'react';
import { cn } from '../../../lib/cn';
import { formatJson, jsonTokens, type JsonTokenKind } from '../model/json';
import { CopyButton } from './CopyButton';

const TOKEN_CLASS: Record<JsonTokenKind, string> = {
  key: 'text-sky-800 dark:text-sky-300',
  string: 'text-emerald-800 dark:text-emerald-300',
  number: 'text-amber-800 dark:text-amber-300',
  literal: 'text-violet-700 dark:text-violet-300',
  punct: 'text-muted',
  space: '',
};

/** Above this many characters the text is shown without colours (one text node: fast for big checkpoints). */
const HIGHLIGHT_LIMIT = 40_000;

export interface JsonViewerProps {
  /** The section's title ("Payload"). */
  title: string;
  value: unknown;
  /** Shown when the value is null or missing. */
  emptyText?: string;
  className?: string;
}

export function JsonViewer({ title, value, emptyText = 'Nothing recorded.', className }: JsonViewerProps) {
  const headingId = useId();
  const text = value === null || value === undefined ? undefined : formatJson(value);
  const tokens = useMemo(() => (text && text.length <= HIGHLIGHT_LIMIT ? jsonTokens(text) : null), [text]);
  return (
    <section aria-labelledby={headingId} className={cn('min-w-0', className)}>
      <div className="flex min-h-8 items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold text-fg">
          {title}
        </h3>
        {text !== undefined && <CopyButton text={text} describedBy={headingId} />}
      </div>
      {text === undefined ? (
        <p className="mt-1.5 rounded-xl border border-dashed border-border px-3.5 py-3 text-sm text-muted">{emptyText}</p>
      ) : (
        <pre
          tabIndex={0}
          aria-labelledby={headingId}
          className="mt-1.5 max-h-96 overflow-auto rounded-xl border border-border bg-surface-2 px-3.5 py-3 font-mono text-[13px] leading-relaxed break-words whitespace-pre-wrap text-fg"
        >
          <code>{tokens ? tokens.map((t, i) => (t.kind === 'space' ? t.text : <span key={i} className={TOKEN_CLASS[t.kind]}>{t.text}</span>)) : text}</code>
        </pre>
      )}
    </section>
  );
}
