/**
 * How the listing could look in a search result: the title, then the description up to
 * where a 160-character snippet ends, marked, with a little of what follows, faded.
 */
import { LIMITS } from '../logic/limits';

const AFTER = 70;

export function SnippetPreview({ title, description, id }: { title: string; description: string; id?: string }) {
  const text = description.replace(/\s+/g, ' ').trim();
  const cut = LIMITS.snippetChars;
  const fits = text.length <= cut;
  const rest = text.slice(cut, cut + AFTER);
  return (
    <div id={id} className="rounded-xl border border-dashed border-border-strong bg-page/60 px-3.5 py-3 text-sm" data-testid="snippet-preview">
      <p className="mb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">Search preview</p>
      <p className="truncate font-medium text-accent">{title || 'Untitled'}</p>
      <p className="mt-0.5 leading-relaxed break-words text-fg">
        <span data-testid="snippet-text" className="underline decoration-accent/50 decoration-dotted underline-offset-4">
          {text.slice(0, cut) || '—'}
        </span>
        {fits ? (
          <span className="ml-1.5 text-xs text-muted">(all of it fits in a search snippet)</span>
        ) : (
          <>
            <span data-testid="snippet-marker" className="mx-0.5 inline-flex items-center gap-1 align-baseline whitespace-nowrap">
              <span aria-hidden="true" className="inline-block h-[1.15em] w-0.5 translate-y-[0.15em] rounded-full bg-accent" />
              <span className="rounded-md bg-accent-soft px-1.5 py-px text-[11px] font-medium text-accent-soft-fg">search snippet ends here</span>
            </span>{' '}
            <span className="text-muted">
              {rest}
              {text.length > cut + AFTER ? '…' : ''}
            </span>
          </>
        )}
      </p>
    </div>
  );
}
