/**
 * The Jobs tab's filters, kept in the URL (typed search params), so every filtered view
 * is a link: state, command type, and a search (a job id, a payload value or an error
 * text) that follows the box after a pause in typing.
 */
import { useEffect, useId, useState } from 'react';
import { getRouteApi } from '@tanstack/react-router';
import { ChevronDown, Search, X } from 'lucide-react';
import { fieldControlClass, Input, Label } from '../../../components/ui';
import { JOB_STATUSES, JOB_STATUS_LOOK, type JobStatus } from '../../../lib/statuses';
import { commandOptions } from '../model/commands';

const route = getRouteApi('/_app/jobs');

export const SEARCH_DEBOUNCE_MS = 300;

export function JobFilters() {
  const { status, command, search } = route.useSearch();
  const navigate = route.useNavigate();
  const ids = { search: useId(), status: useId(), command: useId() };
  const [text, setText] = useState(search ?? '');
  useEffect(() => setText(search ?? ''), [search]);
  // The URL follows the box after a pause (and replaces, not pushes: Back leaves the page).
  useEffect(() => {
    const next = text.trim() || undefined;
    if (next === search) return;
    const id = setTimeout(() => void navigate({ search: (prev) => ({ ...prev, search: next }), replace: true }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [text, search, navigate]);

  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-[minmax(0,1fr)_11rem_14rem]">
      <div className="col-span-2 space-y-1 sm:col-span-1">
        <Label htmlFor={ids.search} className="text-xs text-muted">
          Search
        </Label>
        <div className="relative">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-3.5 size-4 -translate-y-1/2 text-muted" />
          <Input
            id={ids.search}
            type="search"
            placeholder="Job id, payload or error"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && text) {
                e.preventDefault();
                setText('');
              }
            }}
            autoComplete="off"
            spellCheck={false}
            className="h-10 pr-10 pl-10 [&::-webkit-search-cancel-button]:appearance-none"
          />
          {text && (
            <button
              type="button"
              onClick={() => setText('')}
              className="absolute top-1/2 right-2 flex size-7 -translate-y-1/2 items-center justify-center rounded-lg text-muted hover:bg-surface-2 hover:text-fg"
              aria-label="Clear search"
              title="Clear search"
            >
              <X aria-hidden="true" className="size-4" />
            </button>
          )}
        </div>
      </div>
      <div className="space-y-1">
        <Label htmlFor={ids.status} className="text-xs text-muted">
          Status
        </Label>
        <div className="relative">
          <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted" />
          <select
            id={ids.status}
            className={fieldControlClass(false, 'h-10 appearance-none pr-9')}
            value={status ?? ''}
            onChange={(e) => void navigate({ search: (prev) => ({ ...prev, status: (e.target.value || undefined) as JobStatus | undefined }) })}
          >
            <option value="">Any status</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {JOB_STATUS_LOOK[s].label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="space-y-1">
        <Label htmlFor={ids.command} className="text-xs text-muted">
          Command
        </Label>
        <div className="relative">
          <ChevronDown aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted" />
          <select
            id={ids.command}
            className={fieldControlClass(false, 'h-10 appearance-none pr-9')}
            value={command ?? ''}
            onChange={(e) => void navigate({ search: (prev) => ({ ...prev, command: e.target.value || undefined }) })}
          >
            <option value="">Any</option>
            {commandOptions(command).map((c) => (
              <option key={c.type} value={c.type}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
