/** The files filters ↔ the URL's search params: status at once, the search box after a pause in typing (debounced, replacing history). */
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFilters, filtersOf, hasFilters, SEARCH_DEBOUNCE_MS, searchParamOf } from '../../src/features/files/filters';
import { filesSearch } from '../../src/features/files/search';
import { FileFilters } from '../../src/features/files/components/FileFilters';
import { renderWithRouter } from './helpers';

// The router renders on its own schedule; the tests wait as a person would.
const actEnv = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = false));
afterAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = true));

const params = (router: { state: { location: { search: unknown } } }) => router.state.location.search;
const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

describe('the mapping', () => {
  it('search text → the search param: trimmed, blank is no param', () => {
    expect(searchParamOf('  heron ')).toBe('heron');
    expect(searchParamOf('   ')).toBeUndefined();
  });

  it('applyFilters sets and removes params, keeping the others', () => {
    expect(applyFilters({}, { status: 'FAILED' })).toEqual({ status: 'FAILED' });
    expect(applyFilters({ status: 'FAILED' }, { search: ' owl ' })).toEqual({ status: 'FAILED', search: 'owl' });
    expect(applyFilters({ status: 'FAILED', search: 'owl' }, { search: '' })).toEqual({ status: 'FAILED' });
    expect(applyFilters({ status: 'FAILED', search: 'owl' }, { status: undefined })).toEqual({ search: 'owl' });
  });

  it('the URL → the query: bad values are no filter', () => {
    expect(filtersOf(filesSearch({ status: 'NOPE', search: '  ' }))).toEqual({});
    expect(filtersOf(filesSearch({ status: 'PUBLISHED', search: 'hare' }))).toEqual({ status: 'PUBLISHED', search: 'hare' });
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ search: 'x' })).toBe(true);
  });
});

describe('FileFilters', () => {
  it('shows the filters of the URL', async () => {
    await renderWithRouter(<FileFilters />, '/files?status=FAILED&search=heron');
    expect(screen.getByRole('searchbox', { name: 'Search by filename or species' })).toHaveValue('heron');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('FAILED');
  });

  it('changes the status param at once', async () => {
    const user = userEvent.setup();
    const { router } = await renderWithRouter(<FileFilters />, '/files?search=heron');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Ready for review');
    await waitFor(() => expect(params(router)).toEqual({ search: 'heron', status: 'PROCESSED' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'All');
    await waitFor(() => expect(params(router)).toEqual({ search: 'heron' }));
  });

  it('changes the search param only after a pause in typing, once, without a history entry per keystroke', async () => {
    const user = userEvent.setup();
    const { router, history } = await renderWithRouter(<FileFilters />, '/files?status=FAILED');
    const entries = history.length;
    const box = screen.getByRole('searchbox', { name: 'Search by filename or species' });
    await user.type(box, 'grey heron');
    // Typing is faster than the pause: nothing in the URL yet.
    expect(params(router)).toEqual({ status: 'FAILED' });
    await waitFor(() => expect(params(router)).toEqual({ status: 'FAILED', search: 'grey heron' }), { timeout: SEARCH_DEBOUNCE_MS * 4 });
    expect(history.length).toBe(entries);
    expect(router.state.location.href).toBe('/files?status=FAILED&search=grey+heron');
  });

  it('keeps a space being typed (the box is not reset to the trimmed URL value)', async () => {
    const user = userEvent.setup();
    const { router } = await renderWithRouter(<FileFilters />);
    const box = screen.getByRole('searchbox', { name: 'Search by filename or species' });
    await user.type(box, 'grey ');
    await waitFor(() => expect(params(router)).toEqual({ search: 'grey' }), { timeout: SEARCH_DEBOUNCE_MS * 4 });
    expect(box).toHaveValue('grey ');
    await user.type(box, 'heron');
    await waitFor(() => expect(params(router)).toEqual({ search: 'grey heron' }), { timeout: SEARCH_DEBOUNCE_MS * 4 });
  });

  it('clearing the box removes the param', async () => {
    const user = userEvent.setup();
    const { router } = await renderWithRouter(<FileFilters />, '/files?search=owl');
    await user.clear(screen.getByRole('searchbox', { name: 'Search by filename or species' }));
    await waitFor(() => expect(params(router)).toEqual({}), { timeout: SEARCH_DEBOUNCE_MS * 4 });
  });

  it('follows the URL when it changes from outside (a link, Back), without navigating again', async () => {
    const { router, history } = await renderWithRouter(<FileFilters />, '/files?search=owl');
    await act(() => router.navigate({ to: '/files', search: { search: 'fox', status: 'PUBLISHED' } } as never));
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search by filename or species' })).toHaveValue('fox'));
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('PUBLISHED');
    const entries = history.length;
    await wait(SEARCH_DEBOUNCE_MS * 2);
    expect(history.length).toBe(entries);
    expect(params(router)).toEqual({ search: 'fox', status: 'PUBLISHED' });
  });
});
