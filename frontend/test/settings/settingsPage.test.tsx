/**
 * The page in the app (router, shell, queries) with a fake API: a reviewer who opens
 * /settings by its URL gets the designed "for admins" state and nothing is asked of
 * the API; an admin gets the four sections, the tab in the URL, their own row marked,
 * connection tests (button busy while testing, the answer with its time).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Client } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app/App';
import type { AuthClient, Role } from '../../src/lib/auth';
import { DEFAULT_CONFIG } from '../../src/lib/config';
import { LiveConnection } from '../../src/lib/live';
import type { Services } from '../../src/lib/services';

const SETTINGS = {
  configuration: [
    { name: 'PORT', value: '8000', secret: false, set: true },
    { name: 'JWT_SECRET', value: '********', secret: true, set: true },
    { name: 'DEMO_MODE', value: 'true', secret: false, set: true },
    { name: 'SHOPIFY_API_VERSION', value: '2026-01', secret: false, set: false },
  ],
  connections: ['google_drive', 'shopify'],
  prices: [
    { size: '8x12', price: 45 },
    { size: '12x18', price: 70 },
  ],
};
const USERS = [
  { id: '1', username: 'demo', role: 'ADMIN', createdAt: '2026-11-01T10:00:00Z' },
  { id: '2', username: 'rita', role: 'REVIEWER', createdAt: '2026-11-20T10:00:00Z' },
];

const BACKUPS = {
  backupSchedule: { supported: true, enabled: true, intervalHours: 24, driveFolderSet: true, retentionDays: 30, directory: '/app/data/backups' },
  backups: {
    edges: [{ node: { id: 'b1', createdAt: '2026-11-30T02:00:00Z', fileName: 'fieldfen_20261130_020000.db.gz', trigger: 'SCHEDULE', status: 'COMPLETED', error: null, sizeBytes: 48_200_000, durationMs: 2100, localPath: '/app/data/backups/fieldfen_20261130_020000.db.gz', driveFileId: '1abc' } }],
    pageInfo: { hasNextPage: false },
  },
};

function services(role: Role) {
  const session = { accessToken: 't', role, username: role === 'admin' ? 'demo' : 'rita', expiresAt: Date.now() + 3_600_000, lifetimeMs: 3_600_000 };
  const auth = { getSession: () => session, subscribe: () => () => {}, logout: vi.fn(async () => {}), getToken: async () => 't', endReason: null } as unknown as AuthClient;
  const fakeClient = { subscribe: () => () => {}, iterate: () => { throw new Error('unused'); }, dispose: () => {} } as unknown as Client<true>;
  const live = new LiveConnection({ url: '/graphql/stream', getToken: async () => 't', createClient: () => fakeClient, events: null });
  let finishTest: ((v: unknown) => void) | null = null;
  const request = vi.fn(async (doc: { definitions: { name?: { value: string } }[] }, vars?: Record<string, unknown>) => {
    const op = doc.definitions[0].name?.value;
    if (op === 'Settings') return { settings: SETTINGS };
    if (op === 'Users') return { users: USERS };
    if (op === 'Backups') return BACKUPS;
    if (op === 'TestConnection') {
      if (vars?.service === 'shopify') return new Promise((r) => (finishTest = r));
      return { testConnection: { ok: false, detail: 'Drive GET /drive/v3/about → 401 authError: Invalid Credentials' } };
    }
    throw new Error(`unexpected ${op}`);
  });
  const s: Services = { config: DEFAULT_CONFIG, auth, live, request: request as unknown as Services['request'] };
  return { services: s, request, finish: (v: unknown) => finishTest?.(v) };
}

const actEnv = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = false));
afterAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = true));
afterEach(() => window.history.replaceState(null, '', '/'));

describe('the Settings page', () => {
  it('a reviewer who opens /settings gets the “for admins” state, and the API is asked nothing', async () => {
    window.history.replaceState(null, '', '/settings?tab=users');
    const { services: s, request } = services('reviewer');
    render(<App services={s} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Settings are for admins' })).toBeInTheDocument();
    expect(screen.getByText('You’re logged in as rita, a reviewer. Prices, connections and users are managed by an admin: ask one if something here needs changing.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to Review' })).toHaveAttribute('href', '/review');
    expect(screen.queryByRole('tab')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(request.mock.calls.map(([doc]) => doc.definitions[0].name?.value).filter((op) => op === 'Settings' || op === 'Users')).toEqual([]);
  });

  it('an admin: the sections as tabs (in the URL), users with “You”, connection tests', async () => {
    window.history.replaceState(null, '', '/settings');
    const { services: s, finish } = services('admin');
    const user = userEvent.setup();
    render(<App services={s} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Integrations' })).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByText('Demo mode is on: these are local stand-ins for the real services, and nothing is sent anywhere.')).toBeInTheDocument();

    const drive = screen.getByRole('group', { name: 'Google Drive' });
    expect(within(drive).getByText('Not tested yet.')).toBeInTheDocument();
    await user.click(within(drive).getByRole('button', { name: 'Test connection' }));
    expect(await within(drive).findByText('Couldn’t connect')).toBeInTheDocument();
    expect(within(drive).getByText('Drive GET /drive/v3/about → 401 authError: Invalid Credentials')).toBeInTheDocument();
    expect(within(drive).getByText('just now').tagName).toBe('TIME');

    const shop = screen.getByRole('group', { name: 'Shopify' });
    const button = within(shop).getByRole('button', { name: 'Test connection' });
    await user.click(button);
    expect(button).toBeDisabled();
    finish({ testConnection: { ok: true, detail: 'connected as Field & Fen' } });
    expect(await within(shop).findByText('Connected as Field & Fen')).toBeInTheDocument();
    expect(button).toBeEnabled();

    await user.click(screen.getByRole('tab', { name: /Users/ }));
    await waitFor(() => expect(window.location.search).toBe('?tab=users'));
    const list = await screen.findByRole('list', { name: 'Users' });
    expect(list.querySelector('[data-user="demo"]')).toHaveTextContent('You');
    expect(list.querySelector('[data-user="rita"]')).not.toHaveTextContent('You');

    await user.click(screen.getByRole('tab', { name: 'Config' }));
    expect(await screen.findByRole('region', { name: 'Shopify' })).toHaveTextContent('SHOPIFY_API_VERSION2026-01Default');
  });

  it('asks for the backups only once their tab is opened, and shows them', async () => {
    window.history.replaceState(null, '', '/settings');
    const { services: s, request } = services('admin');
    const user = userEvent.setup();
    render(<App services={s} />);
    await screen.findByRole('tab', { name: 'Backups' });
    const asked = () => request.mock.calls.filter(([doc]) => doc.definitions[0].name?.value === 'Backups').length;
    expect(asked()).toBe(0);
    await user.click(screen.getByRole('tab', { name: 'Backups' }));
    await waitFor(() => expect(window.location.search).toBe('?tab=backups'));
    const list = await screen.findByRole('list', { name: 'Backups' });
    expect(within(list).getByText('48 MB')).toBeInTheDocument();
    expect(within(list).getByText('Drive')).toBeInTheDocument();
    expect(screen.getByText('On')).toBeInTheDocument();
    expect(asked()).toBe(1);
  });

  it('an unsaved price table survives switching tabs and is marked on its tab', async () => {
    window.history.replaceState(null, '', '/settings?tab=prices');
    const { services: s } = services('admin');
    const user = userEvent.setup();
    render(<App services={s} />);
    const input = await screen.findByRole('spinbutton', { name: 'Price for 12×18' });
    await user.clear(input);
    await user.type(input, '80');
    expect(await screen.findByRole('tab', { name: 'Prices (unsaved changes)' })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: /^Users/ }));
    await user.click(screen.getByRole('tab', { name: 'Prices (unsaved changes)' }));
    expect(screen.getByRole('spinbutton', { name: 'Price for 12×18' })).toHaveValue(80);
  });
});
