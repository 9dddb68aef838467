/**
 * Hashtags as chips. Enter or a comma adds what was typed (several at once when pasted
 * with commas); Backspace in the empty input takes the last one off; a repeat or an
 * invalid tag is refused, saying why; each chip has a remove button ("Remove #tag").
 * The count is shown against 20–30 (guidance). Ctrl/⌘+Enter adds what was typed and
 * lets the desk approve.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { X } from 'lucide-react';
import { cn } from '../../../lib/cn';
import { addHashtags } from '../logic/hashtags';
import { LIMITS, rangeLevel } from '../logic/limits';
import { LevelText } from './LevelText';

export interface HashtagInputProps {
  id: string;
  value: readonly string[];
  onChange: (tags: string[]) => void;
  readOnly?: boolean;
  /** Ids of texts describing the field (its edited state, …), besides the count. */
  describedBy?: string;
}

export function HashtagInput({ id, value, onChange, readOnly, describedBy }: HashtagInputProps) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ tone: 'refused' | 'info'; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const countId = `${id}-count`;
  const messageId = `${id}-message`;
  const { min, max } = LIMITS.hashtags;

  /** Add what was typed; what could not be added stays in the input. */
  const commit = (typed: string): void => {
    if (!typed.trim()) return;
    const result = addHashtags(value, typed);
    if (result.added.length) onChange(result.tags);
    if (result.ok) {
      setText('');
      setMessage(result.added.length ? { tone: 'info', text: `Added ${result.added.join(', ')}.` } : null);
    } else {
      const parts = typed.split(',');
      const at = parts.findIndex((p) => p.trim() === result.refused);
      setText(parts.slice(Math.max(at, 0)).join(',').trim());
      setMessage({ tone: 'refused', text: result.message });
    }
  };

  const remove = (index: number, focusAfter = true): void => {
    const tag = value[index];
    onChange(value.filter((_, i) => i !== index));
    setMessage({ tone: 'info', text: `Removed ${tag}.` });
    if (!focusAfter) return;
    // Focus the chip that takes its place (or the one before, or the input).
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button[data-remove]');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 1) - 1)];
      (next ?? input.current)?.focus();
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      commit(text); // and let the desk approve
      return;
    }
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      commit(text);
    } else if (e.key === 'Backspace' && text === '' && value.length > 0) {
      e.preventDefault();
      remove(value.length - 1, false);
    }
  };

  const onInput = (next: string) => {
    if (message?.tone === 'refused') setMessage(null);
    // A paste with commas: add all but the part after the last comma.
    if (next.includes(',')) {
      const last = next.lastIndexOf(',');
      commit(next.slice(0, last));
      setText((t) => (t === '' ? next.slice(last + 1).trimStart() : t));
      return;
    }
    setText(next);
  };

  return (
    <div>
      <div
        className={cn(
          'flex flex-wrap items-center gap-1.5 rounded-xl border border-border bg-surface p-2 shadow-card transition-colors',
          !readOnly && 'cursor-text hover:border-border-strong focus-within:outline-2 focus-within:outline-ring',
        )}
        onClick={(e) => {
          if (e.target === e.currentTarget) input.current?.focus();
        }}
      >
        <ul ref={list} role="list" aria-label="Hashtags added" className="contents">
          {value.map((tag, i) => (
            <li key={`${tag}-${i}`} className="inline-flex h-7 items-center gap-0.5 rounded-full bg-surface-2 pr-0.5 pl-2.5 text-sm text-fg">
              <span>{tag}</span>
              {!readOnly && (
                <button
                  type="button"
                  data-remove
                  aria-label={`Remove ${tag}`}
                  className="inline-flex size-6 items-center justify-center rounded-full text-muted hover:bg-border hover:text-fg"
                  onClick={() => remove(i)}
                >
                  <X aria-hidden="true" className="size-3.5" />
                </button>
              )}
            </li>
          ))}
        </ul>
        {!readOnly && (
          <input
            ref={input}
            id={id}
            value={text}
            onChange={(e) => onInput(e.target.value)}
            onKeyDown={onKeyDown}
            placeholder={value.length ? 'Add another' : 'Add a hashtag'}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="enter"
            aria-describedby={[countId, messageId, describedBy].filter(Boolean).join(' ')}
            aria-invalid={message?.tone === 'refused' || undefined}
            className="h-7 min-w-[8rem] flex-1 bg-transparent px-1 text-[15px] text-fg placeholder:text-muted focus:outline-none"
          />
        )}
      </div>
      <div className="mt-1.5 flex flex-wrap items-start justify-between gap-x-3 gap-y-1">
        <p id={messageId} role="status" className={cn('min-h-4 text-xs', message?.tone === 'refused' ? 'font-medium text-amber-800 dark:text-amber-300' : 'text-muted')}>
          {message?.text ?? (readOnly ? '' : 'Enter or comma adds · Backspace removes the last')}
        </p>
        <LevelText id={countId} className="ml-auto" level={rangeLevel(value.length, LIMITS.hashtags)}>
          {value.length} {value.length === 1 ? 'hashtag' : 'hashtags'} of {min}–{max}
        </LevelText>
      </div>
    </div>
  );
}
