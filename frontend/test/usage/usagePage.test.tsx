/**
 * The usage page in the app (jsdom, a fake API): the totals and tables show the API's
 * numbers, the presets and custom dates ask the API for the right UTC days and live in
 * the URL, and an empty range gets its empty state. The chart (uPlot, a canvas) is
 * replaced by a stand-in: jsdom has no canvas.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Client } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app/App';
import { AuthClient } from '../../src/lib/auth';
import { DEFAULT_CONFIG } from '../../src/lib/config';
import { printDocument } from '../../src/lib/graphql';
import { LiveConnection } from '../../src/lib/live';
import type { Services } from '../../src/lib/services';
import { addDays, presetRange, utcDay } from '../../src/features/usage/range';
import type { UsageStats } from '../../src/features/usage/hooks/useUsageStats';

vi.mock('../../src/features/usage/components/StackedBarChart', () => ({
  default: ({ label, series }: { label: string; series: { label: string; values: number[] }[] }) => (
    <div role="img" aria-label={label} data-series={JSON.stringify(series.map((s) => [s.label, s.values]))} />
  ),
}));

const jwt = (sub: string) => `h.${btoa(JSON.stringify({ sub })).replace(/=+$/, '')}.s`;
const today = utcDay(Date.now());
const yesterday = addDays(today, -1);

function statsFor(vars: { from: string; to: string }, empty: boolean): UsageStats {
  if (empty) return { from: vars.from, to: vars.to, days: [], totals: [] };
  return {
    from: vars.from,
    to: vars.to,
    days: [
      { day: yesterday, service: 'google_drive', calls: 1200, errors: 3, costUsd: null, lowestRateLimitRemaining: null },
      { day: yesterday, service: 'replicate', calls: 40, errors: 0, costUsd: 0.0921, lowestRateLimitRemaining: null },
      { day: today, service: 'shopify', calls: 12, errors: 1, costUsd: null, lowestRateLimitRemaining: 1840.5 },
    ],
    totals: [
      { service: 'google_drive', calls: 1200, errors: 3, costUsd: null, lowestRateLimitRemaining: null },
      { service: 'replicate', calls: 40, errors: 0, costUsd: 0.0921, lowestRateLimitRemaining: null },
      { service: 'shopify', calls: 12, errors: 1, costUsd: null, lowestRateLimitRemaining: 1840.5 },
    ],
  };
}

function services({ empty = false } = {}) {
  const usageCalls: { from: string; to: string }[] = [];
  const fetch = (async (url: string) => {
    if (url === '/auth/login') return new Response(JSON.stringify({ access_token: jwt('rita'), token_type: 'bearer', expires_in: 3600, role: 'admin' }), { status: 200, headers: { 'content-type': 'application/json' } });
    return new Response(JSON.stringify({ detail: 'no', error_code: 'UNAUTHORIZED' }), { status: 401, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const auth = new AuthClient({ fetch, storage: null, channel: null, locks: null });
  const fakeClient = { subscribe: () => () => {}, iterate: () => { throw new Error('unused'); }, dispose: () => {} } as unknown as Client<true>;
  const live = new LiveConnection({ url: '/graphql/stream', getToken: () => auth.getToken(), createClient: () => fakeClient, events: null });
  const request = (async (doc: Parameters<typeof printDocument>[0], vars?: { from: string; to: string }) => {
    if (printDocument(doc).includes('query UsageStats') && vars) {
      usageCalls.push(vars);
      return { apiUsageStats: statsFor(vars, empty) };
    }
    return {};
  }) as unknown as Services['request'];
  const s: Services = { config: DEFAULT_CONFIG, auth, live, request };
  return { services: s, usageCalls };
}

// Lazy pages on a busy machine: wait longer than Testing Library's 1 s.
const SLOW = { timeout: 5000 };

const actEnv = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
beforeAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = false));
afterAll(() => void (actEnv.IS_REACT_ACT_ENVIRONMENT = true));
afterEach(() => window.history.replaceState(null, '', '/'));

async function open(path: string, opts: { empty?: boolean } = {}) {
  window.history.replaceState(null, '', path);
  const { services: s, usageCalls } = services(opts);
  const user = userEvent.setup();
  render(<App services={s} />);
  await user.type(await screen.findByLabelText('Username', {}, SLOW), 'rita');
  await user.type(screen.getByLabelText('Password'), 'pw');
  await user.click(screen.getByRole('button', { name: 'Log in' }));
  expect(await screen.findByRole('heading', { level: 1, name: 'Usage' }, SLOW)).toBeInTheDocument();
  return { user, usageCalls };
}

describe('the usage page', { timeout: 20_000 }, () => {
  it('asks for the last 30 UTC days by default and shows the API’s totals per service', async () => {
    const { usageCalls } = await open('/usage');
    const totals = await screen.findByRole('list', { name: 'Totals per service' }, SLOW);
    const r = presetRange('30d');
    expect(usageCalls[0]).toEqual({ from: r.from, to: r.to });
    const cards = within(totals).getAllByRole('listitem');
    expect(cards.map((c) => within(c).getByRole('heading').textContent)).toEqual(['Google Drive', 'Replicate', 'Shopify']);
    expect(cards[0]).toHaveTextContent('1,200calls');
    expect(cards[0]).toHaveTextContent('Errors3 · 0.3%');
    expect(cards[0]).toHaveTextContent('CostNone recorded');
    expect(cards[1]).toHaveTextContent('Cost$0.0921');
    expect(cards[2]).toHaveTextContent('Lowest headroom1,840.5');
    expect(screen.getByRole('link', { name: '30 days' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: '7 days' })).not.toHaveAttribute('aria-current');
    expect(screen.getByText(/30 UTC days/)).toBeInTheDocument();
  });

  it('a table beside the chart: every UTC day (zeros filled), newest first, the API’s totals in the footer', async () => {
    await open('/usage?range=7d');
    const region = await screen.findByRole('region', { name: 'Calls per UTC day, by service' }, SLOW);
    const table = within(region).getByRole('table');
    const rows = within(table).getAllByRole('row');
    // header + 7 days + total
    expect(rows).toHaveLength(9);
    expect(within(rows[0]).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['UTC day', 'Google Drive', 'Replicate', 'Shopify', 'All services']);
    const cells = (row: HTMLElement) => [within(row).getByRole('rowheader'), ...within(row).getAllByRole('cell')].map((c) => c.textContent);
    expect(within(rows[1]).getByRole('rowheader').querySelector('time')).toHaveAttribute('datetime', today);
    expect(cells(rows[1]).slice(1)).toEqual(['0', '0', '121 error', '121 error']);
    expect(cells(rows[2]).slice(1)).toEqual(['1,2003 errors', '40', '0', '1,2403 errors']);
    expect(cells(rows[3]).slice(1)).toEqual(['0', '0', '0', '0']);
    expect(cells(rows[8])).toEqual(['Total', '1,2003 errors', '40', '121 error', '1,2524 errors']);
    expect(screen.getByRole('img', { name: /Bar chart of calls per UTC day/ })).toHaveAttribute(
      'data-series',
      JSON.stringify([
        ['Google Drive', [0, 0, 0, 0, 0, 1200, 0]],
        ['Replicate', [0, 0, 0, 0, 0, 40, 0]],
        ['Shopify', [0, 0, 0, 0, 0, 0, 12]],
      ]),
    );
    // Cost: only the services that recorded one; headroom: only the days with a report.
    const cost = within(screen.getByRole('region', { name: /Cost per UTC day/ })).getByRole('table');
    expect(within(cost).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['UTC day', 'Replicate']);
    expect(within(cost).getAllByRole('row').at(-1)).toHaveTextContent('Total$0.0921');
    const headroom = within(screen.getByRole('region', { name: /headroom/ })).getByRole('table');
    expect(within(headroom).getAllByRole('row')).toHaveLength(3);
    expect(within(headroom).getAllByRole('row').at(-1)).toHaveTextContent('Lowest1,840.5');
  });

  it('a preset is a link: 90 days asks the API for 90 UTC days and puts range=90d in the URL', async () => {
    const { user, usageCalls } = await open('/usage');
    await screen.findByRole('list', { name: 'Totals per service' }, SLOW);
    await user.click(screen.getByRole('link', { name: '90 days' }));
    await waitFor(() => expect(window.location.search).toBe('?range=90d'), SLOW);
    const r = presetRange('90d');
    await waitFor(() => expect(usageCalls.at(-1)).toEqual({ from: r.from, to: r.to }), SLOW);
    expect(screen.getByRole('link', { name: '90 days' })).toHaveAttribute('aria-current', 'page');
  });

  it('custom dates: checked, written to the URL, and asked for as whole UTC days', async () => {
    const { user, usageCalls } = await open('/usage?range=7d');
    await screen.findByRole('list', { name: 'Totals per service' }, SLOW);
    await user.click(screen.getByRole('button', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    expect(from).toHaveFocus();
    await user.clear(from);
    await user.type(from, '2026-11-20');
    await user.clear(to);
    await user.type(to, '2026-11-10');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The start date is after the end date.');
    expect(from).toHaveAccessibleDescription('The start date is after the end date.');
    await user.clear(to);
    await user.type(to, '2026-11-30');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(window.location.search).toBe('?from=2026-11-20&to=2026-11-30'), SLOW);
    await waitFor(() => expect(usageCalls.at(-1)).toEqual({ from: '2026-11-20T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }), SLOW);
    expect(screen.getByRole('button', { name: 'Custom' })).toHaveAttribute('aria-current', 'true');
  });

  it('an empty range: the designed empty state, with a way to a longer range', async () => {
    await open('/usage?from=2026-01-01&to=2026-01-31', { empty: true });
    expect(await screen.findByRole('heading', { name: 'No API calls in these days' }, SLOW)).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Totals per service' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Show the last 90 days' })).toHaveAttribute('href', '/usage?range=90d');
  });
});
