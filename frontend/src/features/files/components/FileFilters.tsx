/**
 * The files page's filters, kept in the URL (typed search params): every filtered view
 * is a link. The status applies at once; the search box changes the URL after a pause
 * in typing (SEARCH_DEBOUNCE_MS), replacing the history entry rather than adding one
 * per word, so Back leaves the page instead of un-typing it.
 */
import { useEffect, useRef, useState } from 'react';
import { getRouteApi } from '@tanstack/react-router';
import { ChevronDown, Search } from 'lucide-react';
import { FILE_STATUSES, FILE_STATUS_LOOK, type FileStatus } from '../../../lib/statuses';
import { fieldControlClass, Input } from '../../../components/ui';
import { applyFilters, searchParamOf, SEARCH_DEBOUNCE_MS } from '../filters';

const route = getRouteApi('/_app/files');

export function FileFilters() {
  const { status, search } = route.useSearch();
  const navigate = route.useNavigate();
  const [text, setText] = useState(search ?? '');
  const typed = useRef(false);

  // The URL changed from outside (a link, Back, "Clear filters"): the box follows it —
  // unless it already says the same thing (don't eat the space being typed after a word).
  useEffect(() => {
    setText((current) => (searchParamOf(current) === search ? current : (search ?? '')));
  }, [search]);

  useEffect(() => {
    if (!typed.current) return;
    const next = searchParamOf(text);
    if (next === search) return;
    const id = setTimeout(() => void navigate({ search: (prev) => applyFilters(prev, { search: next }), replace: true }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [text, search, navigate]);

  return (
    <div className="flex flex-col gap-3 sm:flex-row">
      <label className="relative flex-1">
        <span className="sr-only">Search by filename or species</span>
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3.5 size-4 -translate-y-1/2 text-muted" />
        <Input
          type="search"
          placeholder="Search by filename or species"
          value={text}
          onChange={(e) => {
            typed.current = true;
            setText(e.target.value);
          }}
          className="pl-10"
          autoComplete="off"
          spellCheck={false}
        />
      </label>
      <label className="relative sm:w-64">
        <span className="pointer-events-none absolute top-1/2 left-3.5 -translate-y-1/2 text-sm font-medium text-muted">Status</span>
        <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3.5 size-4 -translate-y-1/2 text-muted" />
        <select
          className={fieldControlClass(false, 'h-11 appearance-none pr-10 pl-[4.25rem]')}
          value={status ?? ''}
          onChange={(e) => void navigate({ search: (prev) => applyFilters(prev, { status: (e.target.value || undefined) as FileStatus | undefined }) })}
        >
          <option value="">All</option>
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
