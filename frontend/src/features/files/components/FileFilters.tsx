/** The files page's filters, kept in the URL (typed search params): every filtered view is a link. */
import { useEffect, useState } from 'react';
import { getRouteApi } from '@tanstack/react-router';
import { ChevronDown, Search } from 'lucide-react';
import { FILE_STATUSES, FILE_STATUS_LOOK } from '../../../lib/statuses';
import { fieldControlClass, Input } from '../../../components/ui';

const route = getRouteApi('/_app/files');

export function FileFilters() {
  const { status, search } = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search ?? '');
  useEffect(() => setText(search ?? ''), [search]);
  // The URL follows the search box after a pause in typing (and replaces, not pushes: Back leaves the page).
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === search) return;
    const id = setTimeout(() => void navigate({ search: (prev) => ({ ...prev, search: next }), replace: true }), 300);
    return () => clearTimeout(id);
  }, [text, search, navigate]);

  return (
    <div className="flex flex-col gap-3 sm:flex-row">
      <label className="relative flex-1">
        <span className="sr-only">Search files</span>
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3.5 size-4 -translate-y-1/2 text-muted" />
        <Input type="search" placeholder="Search by filename or species" value={text} onChange={(e) => setText(e.target.value)} className="pl-10" />
      </label>
      <label className="relative sm:w-56">
        <span className="sr-only">Status</span>
        <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3.5 size-4 -translate-y-1/2 text-muted" />
        <select
          className={fieldControlClass(false, 'h-11 appearance-none pr-10')}
          value={status ?? ''}
          onChange={(e) => void navigate({ search: (prev) => ({ ...prev, status: (e.target.value || undefined) as typeof status }) })}
        >
          <option value="">All states</option>
          {FILE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {FILE_STATUS_LOOK[s].label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
