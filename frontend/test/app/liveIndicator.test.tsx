/** The live connection's states and the header's indicator for each. */
import { act, render, renderHook, screen } from '@testing-library/react';
import type { Client, ClientOptions } from 'graphql-sse';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { LiveIndicator, LiveIndicatorView } from '../../src/app/layout/LiveIndicator';
import { TooltipProvider } from '../../src/components/ui';
import { graphql } from '../../src/lib/graphql';
import { LiveConnection, OFFLINE_AFTER, retryDelayMs, type LiveState } from '../../src/lib/live';
import { ServicesProvider, type Services } from '../../src/lib/services';
import { FALLBACK_POLL_MS, useFallbackPolling } from '../../src/lib/useLive';

const JobUpdated = graphql(`
  subscription JobUpdated($id: ID) {
    jobUpdated(id: $id) {
      id
      status
    }
  }
`);

/** A LiveConnection over a fake graphql-sse client the test drives. */
function fakeLive(opts: { online?: boolean } = {}) {
  let options!: ClientOptions<true>;
  const sinks: Parameters<Client<true>['subscribe']>[1][] = [];
  const requests: unknown[] = [];
  const events = new EventTarget();
  let online = opts.online ?? true;
  const waits: (() => void)[] = [];
  const live = new LiveConnection({
    url: '/graphql/stream',
    getToken: async () => 'tok-1',
    createClient: (o) => {
      options = o;
      return {
        subscribe: (req, sink) => {
          requests.push(req);
          sinks.push(sink);
          return () => {};
        },
        iterate: () => {
          throw new Error('unused');
        },
        dispose: () => {},
      } as Client<true>;
    },
    wait: () => new Promise<void>((r) => waits.push(() => r())),
    events: events as unknown as Window,
    isOnline: () => online,
  });
  return {
    live,
    options: () => options,
    sinks,
    requests,
    waits,
    goOffline: () => {
      online = false;
      events.dispatchEvent(new Event('offline'));
    },
    goOnline: () => {
      online = true;
      events.dispatchEvent(new Event('online'));
    },
  };
}

describe('LiveConnection', () => {
  it('one single-connection client; the token in the Authorization header, never in the URL', async () => {
    const f = fakeLive();
    const o = f.options();
    expect(o.singleConnection).toBe(true);
    expect(o.url).toBe('/graphql/stream');
    const headers = typeof o.headers === 'function' ? await o.headers(undefined) : o.headers;
    expect(headers).toEqual({ authorization: 'Bearer tok-1' });
  });

  it('connecting → connected → reconnecting → offline after repeated failures → connected', async () => {
    const f = fakeLive();
    const seen: LiveState[] = [];
    f.live.subscribeState(() => seen.push(f.live.getState()));
    const reconnected = vi.fn();
    f.live.onReconnected(reconnected);
    expect(f.live.getState()).toBe('connecting');
    f.options().on!.connected!(false);
    expect(f.live.getState()).toBe('connected');
    expect(reconnected).not.toHaveBeenCalled();

    // the stream breaks: graphql-sse waits through our retry() before each new try
    void f.options().retry!(0);
    expect(f.live.getState()).toBe('reconnecting');
    f.options().on!.connecting!(true);
    expect(f.live.getState()).toBe('reconnecting');
    for (let i = 1; i < OFFLINE_AFTER; i++) void f.options().retry!(i);
    expect(f.live.getState()).toBe('offline');

    f.options().on!.connected!(true);
    expect(f.live.getState()).toBe('connected');
    expect(reconnected).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(['connected', 'reconnecting', 'offline', 'connected']);
  });

  it('says offline at once when the browser goes offline, and retries at once when it is back', async () => {
    const f = fakeLive();
    f.options().on!.connected!(false);
    f.goOffline();
    expect(f.live.getState()).toBe('connected'); // a live stream may survive a blip
    const waiting = f.options().retry!(0);
    expect(f.live.getState()).toBe('offline');
    f.goOnline();
    expect(f.live.getState()).toBe('reconnecting');
    await waiting; // the back-off wait ended early
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s, with some jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, () => 0))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(retryDelayMs(0, () => 1)).toBe(1200);
  });

  it('subscriptions carry the printed query and variables, and are made again after a server error', async () => {
    const f = fakeLive();
    const next = vi.fn();
    const stop = f.live.subscribe(JobUpdated, { id: 'j1' }, { next });
    expect(f.requests[0]).toMatchObject({ variables: { id: 'j1' } });
    expect((f.requests[0] as { query: string }).query).toMatch(/subscription JobUpdated\(\$id: ID\)/);
    f.sinks[0].next({ data: { jobUpdated: { id: 'j1', status: 'RUNNING' } } });
    expect(next).toHaveBeenCalledWith({ jobUpdated: { id: 'j1', status: 'RUNNING' } });

    f.sinks[0].error(new Error('token expired'));
    expect(f.requests).toHaveLength(1);
    f.waits.shift()!();
    await Promise.resolve();
    await Promise.resolve();
    expect(f.requests).toHaveLength(2);
    stop();
  });
});

describe('LiveIndicator', () => {
  const wrap = (children: ReactNode) => <TooltipProvider>{children}</TooltipProvider>;

  it.each([
    ['connected', 'Live'],
    ['connecting', 'Connecting'],
    ['reconnecting', 'Reconnecting'],
    ['offline', 'Offline'],
  ] as const)('%s: shows “%s” and says what it means', (state, label) => {
    render(wrap(<LiveIndicatorView state={state} />));
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent(label);
    expect(status).toHaveAttribute('data-state', state);
    expect(status.getAttribute('aria-label')).toContain(`Live updates: ${label}.`);
  });

  it('follows the connection, and pages poll only while it is down', () => {
    const f = fakeLive();
    const services = { live: f.live } as unknown as Services;
    const Providers = ({ children }: { children: ReactNode }) => <ServicesProvider services={services}>{wrap(children)}</ServicesProvider>;
    render(<LiveIndicator />, { wrapper: Providers });
    const polling = renderHook(() => useFallbackPolling(), { wrapper: Providers });
    expect(screen.getByRole('status')).toHaveTextContent('Connecting');
    expect(polling.result.current).toBe(FALLBACK_POLL_MS);

    act(() => f.options().on!.connected!(false));
    expect(screen.getByRole('status')).toHaveTextContent('Live');
    expect(polling.result.current).toBe(false);

    act(() => void f.options().retry!(0));
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting');
    expect(polling.result.current).toBe(FALLBACK_POLL_MS);
  });
});
