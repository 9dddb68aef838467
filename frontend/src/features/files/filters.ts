/**
 * The list's filters ↔ the URL's search params (/files?status=FAILED&search=heron).
 * Empty values leave the URL (a link stays short and "no filter" has one spelling).
 */
import type { FileStatus } from '../../lib/statuses';
import type { FilesSearch } from './search';

/** How long the search box waits after the last keystroke before it changes the URL (ms). */
export const SEARCH_DEBOUNCE_MS = 300;

export interface FileFilterValues {
  status?: FileStatus;
  search?: string;
}

/** The search box's text as the URL's `search`: trimmed; blank → no param. */
export const searchParamOf = (text: string): string | undefined => text.trim() || undefined;

/** The URL's search params with `patch` applied (undefined or blank values removed). */
export function applyFilters(prev: FilesSearch, patch: FileFilterValues): FilesSearch {
  const next: FilesSearch = { ...prev };
  for (const key of ['status', 'search'] as const) {
    if (!(key in patch)) continue;
    const value = key === 'search' ? searchParamOf(patch.search ?? '') : patch.status;
    if (value === undefined) delete next[key];
    else (next as Record<string, string>)[key] = value;
  }
  return next;
}

/** The variables of the files query for these search params. */
export const filtersOf = (search: FilesSearch): FileFilterValues => ({
  ...(search.status ? { status: search.status } : {}),
  ...(search.search ? { search: search.search } : {}),
});

export const hasFilters = (f: FileFilterValues): boolean => Boolean(f.status || f.search);
