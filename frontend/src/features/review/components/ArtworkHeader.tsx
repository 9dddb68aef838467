/** The artwork's name (its current title, as edited) and state, above its preview and text. */
import type { Ref } from 'react';
import { StatusBadge } from '../../../components/ui';

export function ArtworkHeader({ title, status, headingRef }: { title: string; status: string; headingRef?: Ref<HTMLHeadingElement> }) {
  return (
    <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1.5">
      <h2 ref={headingRef} id="review-artwork-title" tabIndex={-1} data-testid="artwork-title" className="min-w-0 text-xl font-semibold tracking-tight break-words text-fg focus:outline-none sm:text-[22px]">
        {title || 'Untitled'}
      </h2>
      <StatusBadge kind="file" status={status} />
    </div>
  );
}
