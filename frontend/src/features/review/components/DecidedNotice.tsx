/**
 * Someone else decided the artwork on screen (another reviewer, or you in another tab):
 * said plainly, at the top of the next one. "Rita approved “Barn owl…” just now."
 */
import { Info, X } from 'lucide-react';
import { RelativeTime } from '../../../components/ui';
import type { DecidedElsewhere } from '../logic/elsewhere';

export function DecidedNotice({ notice, onDismiss }: { notice: DecidedElsewhere; onDismiss: () => void }) {
  const who = notice.byYou ? 'You' : notice.reviewer;
  return (
    <div role="status" className="mb-4 flex items-start gap-3 rounded-xl bg-sky-50 px-4 py-3 text-sm text-sky-950 ring-1 ring-sky-200 ring-inset dark:bg-sky-950/70 dark:text-sky-100 dark:ring-sky-900">
      <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-sky-700 dark:text-sky-300" />
      <p className="min-w-0 flex-1">
        {who ? (
          <>
            <span className="font-semibold">{who ? who.charAt(0).toUpperCase() + who.slice(1) : who}</span> {notice.verb} “{notice.title}”{notice.byYou ? ' in another tab' : ''}
            {notice.at ? (
              <>
                {' '}
                <RelativeTime value={notice.at} />
              </>
            ) : null}
            .
          </>
        ) : (
          <>
            “{notice.title}” is no longer waiting for review: it is {notice.statusLabel.toLowerCase()} now.
          </>
        )}{' '}
        {notice.lostEdits && 'Your edits to it weren’t saved. '}
        {notice.movedOn ? 'Here’s the next one.' : ''}
      </p>
      <button type="button" aria-label="Dismiss" onClick={onDismiss} className="-m-1 rounded-lg p-1 text-sky-800 hover:bg-sky-100 dark:text-sky-200 dark:hover:bg-sky-900">
        <X aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}
