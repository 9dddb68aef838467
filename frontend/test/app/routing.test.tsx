/**
 * The app end to end in jsdom: a logged-out visitor of a deep link lands on /login and
 * is returned to that link after logging in; reviewers get no Settings; logout.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Client } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/App';
import { AuthClient } from '../../src/lib/auth';
import { DEFAULT_CONFIG } from '../../src/lib/config';
import { LiveConnection } from '../../src/lib/live';
import type { Services } from '../../src/lib/services';

const jwt = (sub: string) => `h.${btoa(JSON.stringify({ sub })).replace(/=+$/, '')}.s`;

function services(role: 'admin' | 'reviewer' = 'admin') {
  const calls: string[] = [];
  const fetch = (async (url: string) => {
    calls.push(url);
    if (url === '/auth/login') return new Response(JSON.stringify({ access_token: jwt('rita'), token_type: 'bearer', expires_in: 3600, role }), { status: 200, headers: { 'content-type': 'application/json' } });
    if (url === '/auth/logout') return new Response(null, { status: 204 });
    return new Response(JSON.stringify({ detail: 'no', error_code: 'UNAUTHORIZED' }), { status: 401, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const auth = new AuthClient({ fetch, storage: null, channel: null, locks: null });
  const fakeClient = { subscribe: () => () => {}, iterate: () => { throw new Error('unused'); }, dispose: () => {} } as unknown as Client<true>;
  const live = new LiveConnection({ url: '/graphql/stream', getToken: () => auth.getToken(), createClient: () => fakeClient, events: null });
  // The API has no data: the files list answers an empty page; anything else an empty object.
  const emptyFiles = { files: { edges: [], pageInfo: { endCursor: null, hasNextPage: false }, totalShown: 0 } };
  const request = (async (doc: { definitions: { name?: { value: string } }[] }) => (doc.definitions.some((d) => d.name?.value === 'FilesList') ? emptyFiles : {})) as unknown as Services['request'];
  const s: Services = { config: DEFAULT_CONFIG, auth, live, request };
  return { services: s, calls, auth };
}

afterEach(() => window.history.replaceState(null, '', '/'));
// The router renders on its own schedule (transitions, lazy pages); the tests wait with
// findBy…/waitFor as a person would, so React's act() warnings do not apply here.
const actEnv = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = false));
afterAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = true));

async function logIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText('Username'), 'rita');
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('routing and the session', () => {
  it('a logged-out visitor of a deep link logs in and is returned to it', async () => {
    window.history.replaceState(null, '', '/files?status=FAILED&search=heron');
    const { services: s } = services();
    const user = userEvent.setup();
    render(<App services={s} />);
    expect(await screen.findByRole('heading', { name: 'Log in to Field & Fen' })).toBeInTheDocument();
    expect(new URLSearchParams(window.location.search).get('redirect')).toBe('/files?status=FAILED&search=heron');

    await logIn(user);
    expect(await screen.findByRole('heading', { level: 1, name: 'Files' })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/files');
    expect(window.location.search).toBe('?status=FAILED&search=heron');
    expect(await screen.findByRole('heading', { name: 'No files match' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main');
  });

  it('admins see Settings in the navigation; reviewers do not, and are told if they go there', async () => {
    const { services: s } = services('reviewer');
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/settings');
    render(<App services={s} />);
    await logIn(user);
    expect(await screen.findByRole('heading', { name: 'Settings are for admins' })).toBeInTheDocument();
    const nav = screen.getAllByRole('navigation', { name: 'Main' })[0];
    expect(within(nav).queryByRole('link', { name: 'Settings' })).toBeNull();
    expect(within(nav).getByRole('link', { name: 'Review' })).toBeInTheDocument();
  });

  it('logging out ends the session and shows the login page', async () => {
    const { services: s, calls } = services('admin');
    const user = userEvent.setup();
    render(<App services={s} />);
    await logIn(user);
    const nav = (await screen.findAllByRole('navigation', { name: 'Main' }))[0];
    expect(within(nav).getByRole('link', { name: 'Settings' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Account: rita, Admin/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }));
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(await screen.findByRole('heading', { name: 'Log in to Field & Fen' })).toBeInTheDocument();
    expect(calls).toContain('/auth/logout');
  });

  it('a session that ends by itself (refresh refused) sends the visitor to log in, saying why, and back afterwards', async () => {
    const { services: s, auth } = services('admin');
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/jobs?tab=queues');
    render(<App services={s} />);
    await logIn(user);
    expect(await screen.findByRole('heading', { level: 1, name: 'Jobs' })).toBeInTheDocument();
    await auth.refresh(); // the fake API refuses it: the session is over
    expect(await screen.findByText('Your session ended. Log in again to continue where you were.')).toBeInTheDocument();
    expect(new URLSearchParams(window.location.search).get('redirect')).toBe('/jobs?tab=queues');
    await logIn(user);
    expect(await screen.findByRole('heading', { level: 1, name: 'Jobs' })).toBeInTheDocument();
    expect(window.location.search).toBe('?tab=queues');
  });
});
