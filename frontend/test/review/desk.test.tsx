/**
 * The review desk end to end in jsdom, against a fake API and a fake live stream:
 * approving sends only the changed fields and shows the next artwork at once (it was
 * prefetched); keys; a reason to reject; someone else deciding meanwhile (by the
 * subscription or by INVALID_STATE) is said plainly and the desk moves on; an empty
 * queue; a new artwork arriving live; a published file is edited with "Save changes".
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DocumentNode } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { AuthClient } from '../../src/lib/auth';
import { DEFAULT_CONFIG } from '../../src/lib/config';
import { GraphqlError } from '../../src/lib/graphql';
import type { LiveConnection } from '../../src/lib/live';
import type { Services } from '../../src/lib/services';

const jwt = (sub: string) => `h.${btoa(JSON.stringify({ sub })).replace(/=+$/, '')}.s`;
const opName = (doc: unknown) => (doc as DocumentNode).definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value ?? '';

type Review = { id: string; decision: string; reviewer: string; reason: string | null; createdAt: string };
type FakeFile = Record<string, unknown> & { id: string; status: string; metadata: Record<string, unknown>; reviews: Review[] };

function artwork(id: string, title: string, status = 'PROCESSED'): FakeFile {
  return {
    id,
    status,
    statusReason: null,
    originalFilename: `${id}.jpg`,
    species: 'Barn Owl',
    metadata: {
      species: 'Barn Owl',
      filename: `barn-owl-${id}.jpg`,
      title,
      description: 'A barn owl over the fen at dusk.',
      hashtags: ['#barnowl', '#wildlife'],
      captions: { instagram: 'ig', tiktok: 'tt', pinterest: 'pin' },
    },
    metadataWarnings: [],
    previewUrl: null,
    width: 2400,
    height: 1800,
    ratioFamily: '4:3',
    costUsd: 0.0011,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    sizes: [
      { key: '9x12', label: '12x9', dpi: 800, price: 45, offered: true, reason: null },
      { key: '30x40', label: '40x30', dpi: 140, price: 260, offered: false, reason: '140 DPI at this size, below the 150 DPI minimum' },
    ],
    reviews: [],
    listings: [],
  };
}

interface Setup {
  files: Record<string, FakeFile>;
  /** Queue order (newest first); default: every PROCESSED file, in insertion order. */
  order?: string[];
  role?: 'admin' | 'reviewer';
  url?: string;
  /** Per-operation overrides. */
  on?: Record<string, (vars: Record<string, unknown>) => unknown>;
}

async function setup({ files, order, role = 'admin', url = '/review', on = {} }: Setup) {
  const calls: { op: string; vars: Record<string, unknown> }[] = [];
  const subs = new Set<{ op: string; vars: Record<string, unknown>; next: (d: unknown) => void }>();
  const queue = () => (order ?? Object.keys(files)).filter((id) => files[id]?.status === 'PROCESSED');
  const decided = (id: string, status: string, decision: string, reason: string | null = null) => {
    files[id] = { ...files[id], status, reviews: [{ id: `r-${id}`, decision, reviewer: 'rita', reason, createdAt: new Date().toISOString() }, ...files[id].reviews] };
    return { id, status };
  };
  const handlers: Record<string, (v: Record<string, unknown>) => unknown> = {
    ReviewQueue: () => ({ files: { edges: queue().map((id) => ({ node: { id, updatedAt: files[id].updatedAt } })), pageInfo: { hasNextPage: false } } }),
    ReviewFile: (v) => ({ file: files[v.id as string] ?? null }),
    ApproveFile: (v) => ({ approveFile: decided(v.id as string, 'APPROVED', 'APPROVED') }),
    RejectFile: (v) => ({ rejectFile: decided(v.id as string, 'REJECTED', 'REJECTED', v.reason as string) }),
    ReprocessFile: (v) => ({ reprocessFile: { jobId: 'j1', file: decided(v.id as string, 'PROCESSING', 'REPROCESS') } }),
    UpdateFile: (v) => {
      const id = v.id as string;
      const edits = v.edits as Record<string, unknown>;
      files[id] = { ...files[id], metadata: { ...files[id].metadata, ...edits } };
      return { updateFile: { jobId: files[id].status === 'PUBLISHED' ? 'j2' : null, file: files[id] } };
    },
    ...on,
  };
  const request = (async (doc: unknown, vars: Record<string, unknown> = {}) => {
    const op = opName(doc);
    calls.push({ op, vars });
    const h = handlers[op];
    return h ? h(vars) : {};
  }) as unknown as Services['request'];
  const live = {
    subscribe: (doc: unknown, vars: Record<string, unknown>, sink: { next: (d: unknown) => void }) => {
      const s = { op: opName(doc), vars: vars ?? {}, next: sink.next };
      subs.add(s);
      return () => subs.delete(s);
    },
    getState: () => 'connected',
    subscribeState: () => () => {},
    onReconnected: () => () => {},
    dispose: () => {},
  } as unknown as LiveConnection;
  const emit = (op: string, data: unknown, match: (vars: Record<string, unknown>) => boolean = () => true) => {
    for (const s of [...subs]) if (s.op === op && match(s.vars)) s.next(data);
  };
  const fetch = (async (u: string) =>
    u === '/auth/login'
      ? new Response(JSON.stringify({ access_token: jwt('rita'), token_type: 'bearer', expires_in: 3600, role }), { status: 200, headers: { 'content-type': 'application/json' } })
      : new Response(JSON.stringify({ detail: 'no', error_code: 'UNAUTHORIZED' }), { status: 401, headers: { 'content-type': 'application/json' } })) as typeof globalThis.fetch;
  const auth = new AuthClient({ fetch, storage: null, channel: null, locks: null });
  await auth.login('rita', 'pw');
  window.history.replaceState(null, '', url);
  const services: Services = { config: DEFAULT_CONFIG, auth, live, request };
  render(<App services={services} />);
  return { calls, emit, files, user: userEvent.setup() };
}

const title = () => screen.findByTestId('artwork-title', {}, { timeout: 5000 });
const shows = async (text: string) => waitFor(() => expect(screen.getByTestId('artwork-title')).toHaveTextContent(text), { timeout: 5000 });
const fileParam = () => new URLSearchParams(window.location.search).get('file');

afterEach(() => window.history.replaceState(null, '', '/'));
const actEnv = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = false));
afterAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = true));

describe('the review desk', { timeout: 20_000 }, () => {
  it('approves with only the changed fields, and the next artwork (prefetched) is shown at once', async () => {
    const { calls, user } = await setup({ files: { a: artwork('a', 'Barn Owl at Dusk'), b: artwork('b', 'Heron at Dawn'), c: artwork('c', 'Kingfisher') } });
    expect(await title()).toHaveTextContent('Barn Owl at Dusk');
    expect(screen.getByText(/of 3 waiting/)).toHaveTextContent('1 of 3 waiting');
    await waitFor(() => expect(fileParam()).toBe('a'));
    // the next one is fetched while this one is shown
    await waitFor(() => expect(calls.some((c) => c.op === 'ReviewFile' && c.vars.id === 'b')).toBe(true));

    const field = screen.getByRole('textbox', { name: 'Title' });
    await user.clear(field);
    await user.type(field, 'Barn Owl over the Dyke');
    expect(screen.getByTestId('edit-count')).toHaveTextContent('1 field edited');
    const fetchesBefore = calls.filter((c) => c.op === 'ReviewFile').length;
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await shows('Heron at Dawn');
    expect(calls.find((c) => c.op === 'ApproveFile')?.vars).toEqual({ id: 'a', edits: { title: 'Barn Owl over the Dyke' } });
    // shown from the prefetch: no fetch of b was needed after the approval
    expect(calls.filter((c) => c.op === 'ReviewFile' && c.vars.id === 'b').length).toBe(1);
    expect(calls.filter((c) => c.op === 'ReviewFile').length - fetchesBefore).toBeLessThanOrEqual(1);
    expect(await screen.findByText('Approved')).toBeInTheDocument();
    await waitFor(() => expect(fileParam()).toBe('b'));

    // A with no edit: nothing but the id
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('a');
    await shows('Kingfisher');
    expect(calls.filter((c) => c.op === 'ApproveFile')[1].vars).toEqual({ id: 'b', edits: undefined });

    // Ctrl+Enter from inside a field
    await user.click(screen.getByRole('textbox', { name: 'Description' }));
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByRole('heading', { name: 'All caught up' })).toBeInTheDocument();
    expect(screen.getByText(/You decided 3 artworks here/)).toBeInTheDocument();
    await waitFor(() => expect(fileParam()).toBeNull());
  });

  it('J and K move through the queue; E focuses the title', async () => {
    const { user } = await setup({ files: { a: artwork('a', 'First'), b: artwork('b', 'Second') } });
    await shows('First');
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
    await user.keyboard('j');
    await shows('Second');
    expect(screen.getByText(/of 2 waiting/)).toHaveTextContent('2 of 2 waiting');
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.keyboard('k');
    await shows('First');
    await user.keyboard('e');
    expect(screen.getByRole('textbox', { name: 'Title' })).toHaveFocus();
    // now typing: J is a letter
    await user.keyboard('j');
    expect(screen.getByRole('textbox', { name: 'Title' })).toHaveValue('Firstj');
    await shows('Firstj');
  });

  it('rejecting asks for a reason, then moves on', async () => {
    const { calls, user } = await setup({ files: { a: artwork('a', 'First'), b: artwork('b', 'Second') } });
    await shows('First');
    await user.keyboard('r');
    const dialog = await screen.findByRole('dialog', { name: 'Reject this artwork?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(within(dialog).getByText(/Say why, in a few words/)).toBeInTheDocument();
    expect(calls.some((c) => c.op === 'RejectFile')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Wrong species' }));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await shows('Second');
    expect(calls.find((c) => c.op === 'RejectFile')?.vars).toEqual({ id: 'a', reason: 'Wrong species' });
    expect(calls.some((c) => c.op === 'ApproveFile')).toBe(false);
  });

  it('someone else approved it meanwhile (the subscription says so): says who, and moves on', async () => {
    const { emit, files, user } = await setup({ files: { a: artwork('a', 'First'), b: artwork('b', 'Second') } });
    await shows('First');
    await user.type(screen.getByRole('textbox', { name: 'Title' }), ' edited');
    // Sam approved it with an edit of his own
    files.a = {
      ...files.a,
      status: 'APPROVED',
      metadata: { ...files.a.metadata, title: 'First, by Sam' },
      reviews: [{ id: 'r1', decision: 'APPROVED', reviewer: 'sam', reason: null, createdAt: new Date().toISOString() }],
    };
    emit('ReviewFileUpdated', { fileUpdated: files.a }, (v) => v.id === 'a');
    await shows('Second');
    expect(screen.getByText('Sam').closest('[role="status"]')).toHaveTextContent('Sam approved “First, by Sam” just now. Your edits to it weren’t saved. Here’s the next one.');
  });

  it('the decision answers INVALID_STATE (decided elsewhere): says who, and moves on', async () => {
    const files = { a: artwork('a', 'First'), b: artwork('b', 'Second') };
    const { user } = await setup({
      files,
      on: {
        ApproveFile: () => {
          files.a = { ...files.a, status: 'REJECTED', reviews: [{ id: 'r1', decision: 'REJECTED', reviewer: 'sam', reason: 'blurry', createdAt: new Date().toISOString() }] };
          throw new GraphqlError(200, [{ message: 'file is REJECTED; only PROCESSED files can be approved', extensions: { code: 'INVALID_STATE', status: 'REJECTED' } }]);
        },
      },
    });
    await shows('First');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await shows('Second');
    expect(screen.getByText('Sam').closest('[role="status"]')).toHaveTextContent('Sam rejected “First” just now. Here’s the next one.');
  });

  it('an error that is not a decision elsewhere keeps the artwork and says what went wrong', async () => {
    const { user } = await setup({
      files: { a: artwork('a', 'First'), b: artwork('b', 'Second') },
      on: {
        ApproveFile: () => {
          throw new GraphqlError(200, [{ message: 'edited metadata is not valid: filename: must start with the species ("barn-owl-…")', extensions: { code: 'VALIDATION_ERROR' } }]);
        },
      },
    });
    await shows('First');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Couldn’t approve')).toBeInTheDocument();
    expect(screen.getByText(/must start with the species/)).toBeInTheDocument();
    expect(screen.getByTestId('artwork-title')).toHaveTextContent('First');
  });

  it('an empty queue is all caught up, and a new artwork appears live, without a reload', async () => {
    const files: Record<string, FakeFile> = {};
    const { emit } = await setup({ files });
    expect(await screen.findByRole('heading', { name: 'All caught up' })).toBeInTheDocument();
    files.d = artwork('d', 'Otters on the Fen');
    emit('OverviewUpdated', { overviewUpdated: { at: new Date().toISOString() } });
    await shows('Otters on the Fen');
  });

  it('reviewers get no Reprocess; admins confirm it first', async () => {
    const { user, calls } = await setup({ files: { a: artwork('a', 'First'), b: artwork('b', 'Second') } });
    await shows('First');
    await user.click(screen.getByRole('button', { name: 'Reprocess' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Reprocess this artwork?' });
    expect(calls.some((c) => c.op === 'ReprocessFile')).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Reprocess' }));
    await shows('Second');
    expect(calls.find((c) => c.op === 'ReprocessFile')?.vars).toEqual({ id: 'a' });
  });

  it('a reviewer sees no Reprocess', async () => {
    await setup({ files: { a: artwork('a', 'First') }, role: 'reviewer' });
    await shows('First');
    expect(screen.queryByRole('button', { name: 'Reprocess' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
  });

  it('?file= opens a published artwork: "Save changes" (updateFile), saying the Shopify product follows', async () => {
    const { calls, user } = await setup({ files: { a: artwork('a', 'In review'), p: artwork('p', 'Live Owl', 'PUBLISHED') }, url: '/review?file=p' });
    await shows('Live Owl');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    const save = screen.getByRole('button', { name: 'Save changes' });
    expect(save).toBeDisabled();
    expect(screen.getAllByText(/saving updates its Shopify product too/).length).toBeGreaterThan(0);
    expect(screen.getByText('Not in the review queue')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Title' }), ' – Print');
    expect(within(document.querySelector('[data-field="Title"]')!).getByRole('button', { name: 'Edited' })).toBeInTheDocument();
    await user.click(save);
    expect(await screen.findByText('Changes saved')).toBeInTheDocument();
    expect(screen.getByText('The Shopify product will follow in a moment.')).toBeInTheDocument();
    expect(calls.find((c) => c.op === 'UpdateFile')?.vars).toEqual({ id: 'p', edits: { title: 'Live Owl – Print' } });
    // the saved text is the new baseline
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Edited' })).toBeNull());
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  });

  it('a link to an unknown file says so and offers the queue', async () => {
    await setup({ files: { a: artwork('a', 'First') }, url: '/review?file=nope' });
    expect(await screen.findByRole('heading', { name: 'There’s no such artwork' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the review queue' })).toHaveAttribute('href', '/review');
  });

  it('shows every size: offered ones with DPI and price, the others greyed with the reason; and the cost so far', async () => {
    await setup({ files: { a: artwork('a', 'First') } });
    await shows('First');
    const table = screen.getByRole('table', { name: /Print sizes/ });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('12 × 9 in80045.00');
    expect(rows[2]).toHaveTextContent('40 × 30 inNot offered: 140 DPI at this size, below the 150 DPI minimum140—');
    expect(rows[2]).toHaveAttribute('data-offered', 'false');
    expect(screen.getByText('US$0.0011')).toBeInTheDocument();
  });
});
