/** The files list end to end over a fake API: rows link to their page, "Load more" follows the cursor, and the empty, no-match and error states. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { Client } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import FilesPage from '../../src/features/files';
import { fileActionsFor } from '../../src/features/files/components/FileActions';
import { ToastProvider } from '../../src/components/ui';
import { AuthClient } from '../../src/lib/auth';
import { DEFAULT_CONFIG } from '../../src/lib/config';
import { ApiError } from '../../src/lib/http';
import { LiveConnection } from '../../src/lib/live';
import { ServicesProvider, type Services } from '../../src/lib/services';
import { renderWithRouter } from './helpers';

const actEnv = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = false));
afterAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = true));

const node = (i: number, over: Record<string, unknown> = {}) => ({
  id: `f${i}`,
  originalFilename: `painting-${i}.jpg`,
  processedFilename: null,
  status: 'PROCESSED',
  statusReason: null,
  species: `Species ${i}`,
  ratioFamily: '3:2',
  updatedAt: new Date(Date.now() - i * 60_000).toISOString(),
  thumbnailUrl: null,
  ...over,
});
const page = (nodes: unknown[], endCursor: string | null) => ({ files: { edges: nodes.map((n) => ({ node: n })), pageInfo: { endCursor, hasNextPage: endCursor !== null }, totalShown: nodes.length } });

type Vars = { status?: string; search?: string; after?: string | null; first?: number };

async function renderPage(answer: (vars: Vars) => unknown, url = '/files') {
  const calls: Vars[] = [];
  const request = (async (_doc: unknown, vars: Vars) => {
    calls.push(vars);
    const a = answer(vars);
    if (a instanceof Error) throw a;
    return a;
  }) as unknown as Services['request'];
  const auth = new AuthClient({ fetch: (async () => new Response(null, { status: 401 })) as typeof fetch, storage: null, channel: null, locks: null });
  const fakeClient = { subscribe: () => () => {}, iterate: () => { throw new Error('unused'); }, dispose: () => {} } as unknown as Client<true>;
  const live = new LiveConnection({ url: '/graphql/stream', getToken: async () => null, createClient: () => fakeClient, events: null });
  const services: Services = { config: DEFAULT_CONFIG, auth, live, request };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const ui = (
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <FilesPage />
        </ToastProvider>
      </QueryClientProvider>
    </ServicesProvider>
  );
  await renderWithRouter(ui, url);
  return { calls };
}

describe('FilesPage', () => {
  it('lists the files with links to their pages, and loads more with the cursor', async () => {
    const user = userEvent.setup();
    const { calls } = await renderPage((v) => (v.after ? page([node(3)], null) : page([node(1), node(2, { status: 'FAILED', statusReason: 'UNSUPPORTED_RATIO: 2300×2000 fits no family' })], 'cursor-2')));
    const table = await screen.findByRole('table', { name: 'Files' });
    const link = within(table).getByRole('link', { name: 'painting-1.jpg' });
    expect(link).toHaveAttribute('href', '/files/f1');
    expect(within(table).getByText('2300×2000 fits no family')).toBeInTheDocument();
    expect(screen.getByText('2 shown, newest first')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByRole('link', { name: 'painting-3.jpg' })).toHaveAttribute('href', '/files/f3');
    expect(screen.getByText('All 3 files shown')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(calls.map((c) => c.after ?? null)).toEqual([null, 'cursor-2']);
    expect(calls[0].first).toBe(50);
  });

  it('sends the URL’s filters to the API', async () => {
    const { calls } = await renderPage(() => page([node(1)], null), '/files?status=FAILED&search=hare');
    await screen.findByRole('table', { name: 'Files' });
    expect(calls[0]).toMatchObject({ status: 'FAILED', search: 'hare' });
  });

  it('no files at all: says where they come from', async () => {
    await renderPage(() => page([], null));
    expect(await screen.findByRole('heading', { name: 'No files yet' })).toBeInTheDocument();
  });

  it('no match for the filters: says which, and offers to clear them', async () => {
    await renderPage(() => page([], null), '/files?status=FAILED&search=zebra');
    expect(await screen.findByRole('heading', { name: 'No files match' })).toBeInTheDocument();
    expect(screen.getByText('matching “zebra”')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Clear filters' })).toHaveAttribute('href', '/files');
  });

  it('an error: says what happened, and tries again', async () => {
    const user = userEvent.setup();
    let fail = true;
    await renderPage(() => (fail ? new ApiError(503, 'SERVICE_UNAVAILABLE', 'database down') : page([node(1)], null)));
    expect(await screen.findByRole('heading', { name: 'The files didn’t load' })).toBeInTheDocument();
    expect(screen.getByText('The server had a problem (error 503). Try again in a moment.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('table', { name: 'Files' })).toBeInTheDocument());
  });
});

describe('fileActionsFor', () => {
  it('offers Review for PROCESSED, Edit for APPROVED and PUBLISHED, and admin actions by state', () => {
    expect(fileActionsFor('PROCESSED', false)).toEqual({ review: 'Review', reprocess: false, archive: false });
    expect(fileActionsFor('PROCESSED', true)).toEqual({ review: 'Review', reprocess: true, archive: true });
    expect(fileActionsFor('APPROVED', true)).toEqual({ review: 'Edit', reprocess: false, archive: true });
    expect(fileActionsFor('PUBLISHED', false)).toEqual({ review: 'Edit', reprocess: false, archive: false });
    expect(fileActionsFor('FAILED', true)).toEqual({ review: null, reprocess: true, archive: true });
    expect(fileActionsFor('ARCHIVED', true)).toEqual({ review: null, reprocess: false, archive: false });
  });
});
