/** The session: renewal before expiry and after a 401, logout, restore, service accounts, tabs. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthClient, LoginError, renewalLeadMs, REFRESH_RETRY_MS, type AuthOptions } from '../../src/lib/auth';

const jwt = (sub: string, n = 0) => `h.${btoa(JSON.stringify({ sub, n })).replace(/=+$/, '')}.s`;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fake API: answers /auth/* from a queue per path, records every call. */
function fakeApi() {
  const calls: { url: string; init: RequestInit }[] = [];
  const answers: Record<string, (() => Response | Promise<Response>)[]> = {};
  let issued = 0;
  const token = (expiresIn = 3600, role = 'admin') => () => json(200, { access_token: jwt('rita', ++issued), token_type: 'bearer', expires_in: expiresIn, role });
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    calls.push({ url, init });
    const path = new URL(url, 'http://app').pathname;
    const next = answers[path]?.shift();
    if (next) return next();
    if (path === '/auth/logout') return new Response(null, { status: 204 });
    throw new Error(`unexpected ${path}`);
  });
  const on = (path: string, ...fns: (() => Response | Promise<Response>)[]) => (answers[path] ??= []).push(...fns);
  const count = (path: string) => calls.filter((c) => c.url.endsWith(path)).length;
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, on, token, count };
}

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), map: m };
}

const made: AuthClient[] = [];
function client(api: ReturnType<typeof fakeApi>, extra: Partial<AuthOptions> = {}) {
  const c = new AuthClient({ fetch: api.fetch, storage: memoryStorage(), channel: null, locks: null, ...extra });
  made.push(c);
  return c;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-12-01T09:00:00Z'));
});
afterEach(() => {
  for (const c of made.splice(0)) c.dispose();
  vi.useRealTimers();
});

describe('renewal timing', () => {
  it('renews a fifth of the lifetime before expiry, at most a minute before', () => {
    expect(renewalLeadMs(3600_000)).toBe(60_000);
    expect(renewalLeadMs(60_000)).toBe(12_000);
    expect(renewalLeadMs(300_000)).toBe(60_000);
  });

  it('renews a one-hour token at 59 minutes, then the new one an hour later', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token(3600));
    api.on('/auth/refresh', api.token(3600), api.token(3600));
    const auth = client(api);
    const first = await auth.login('rita', 'pw');
    expect(first).toMatchObject({ role: 'admin', username: 'rita' });

    await vi.advanceTimersByTimeAsync(3540_000 - 1);
    expect(api.count('/auth/refresh')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.count('/auth/refresh')).toBe(1);
    const second = auth.getSession()!;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBe(Date.now() + 3600_000);
    // the refresh spends the cookie: it must be sent
    expect(api.calls.find((c) => c.url.endsWith('/auth/refresh'))!.init).toMatchObject({ method: 'POST', credentials: 'include' });

    await vi.advanceTimersByTimeAsync(3540_000);
    expect(api.count('/auth/refresh')).toBe(2);
  });

  it('renews a one-minute token at 48 seconds', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token(60));
    api.on('/auth/refresh', api.token(60));
    const auth = client(api);
    await auth.login('rita', 'pw');
    await vi.advanceTimersByTimeAsync(47_999);
    expect(api.count('/auth/refresh')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.count('/auth/refresh')).toBe(1);
  });

  it('a refused refresh (session over) logs out and tells listeners', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token(60));
    api.on('/auth/refresh', () => json(401, { detail: 'session expired', error_code: 'UNAUTHORIZED' }));
    const auth = client(api);
    await auth.login('rita', 'pw');
    const seen: (string | null)[] = [];
    auth.subscribe(() => seen.push(auth.getSession()?.username ?? null));
    await vi.advanceTimersByTimeAsync(48_000);
    expect(auth.getSession()).toBeNull();
    expect(seen).toEqual([null]);
  });

  it('a refresh with no answer keeps the session and tries again 15 s later', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token(60));
    api.on('/auth/refresh', () => Promise.reject(new TypeError('Failed to fetch')), api.token(60));
    const auth = client(api);
    const first = await auth.login('rita', 'pw');
    await vi.advanceTimersByTimeAsync(48_000);
    expect(api.count('/auth/refresh')).toBe(1);
    expect(auth.getSession()?.accessToken).toBe(first.accessToken);
    await vi.advanceTimersByTimeAsync(REFRESH_RETRY_MS);
    expect(api.count('/auth/refresh')).toBe(2);
    expect(auth.getSession()?.accessToken).not.toBe(first.accessToken);
  });
});

describe('requests', () => {
  it('on a 401: one refresh, shared by concurrent requests, then each retried with the new token', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    api.on('/auth/refresh', async () => {
      await gate;
      return api.token()();
    });
    let old = '';
    const seen: string[] = [];
    const fetch = (async (url: string, init: RequestInit = {}) => {
      if (url.includes('/auth/')) return api.fetch(url, init);
      const h = new Headers(init.headers).get('authorization')!;
      seen.push(h);
      return h === `Bearer ${old}` ? json(401, { errors: [{ message: 'token expired' }] }) : json(200, { data: { ok: true } });
    }) as typeof globalThis.fetch;
    const auth = client(api, { fetch });
    old = (await auth.login('rita', 'pw')).accessToken;
    const a = auth.authorizedFetch('/graphql', { method: 'POST' });
    const b = auth.authorizedFetch('/graphql', { method: 'POST' });
    await vi.advanceTimersByTimeAsync(0);
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect(api.count('/auth/refresh')).toBe(1);
    expect(seen).toEqual([`Bearer ${old}`, `Bearer ${old}`, `Bearer ${auth.getSession()!.accessToken}`, `Bearer ${auth.getSession()!.accessToken}`]);
  });

  it('a token about to expire is renewed before the request goes out', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token(60));
    api.on('/auth/refresh', api.token(60));
    const auth = client(api);
    const first = await auth.login('rita', 'pw');
    vi.setSystemTime(Date.now() + 55_000); // the timer did not fire (a sleeping laptop)
    const token = await auth.getToken();
    expect(api.count('/auth/refresh')).toBe(1);
    expect(token).not.toBe(first.accessToken);
  });
});

describe('login, logout, restore', () => {
  it('refuses a service account and ends its session', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token(3600, 'service'));
    const auth = client(api);
    const err = await auth.login('zapier', 'pw').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect((err as LoginError).code).toBe('SERVICE_ACCOUNT');
    expect((err as LoginError).message).toMatch(/service account/);
    expect(auth.getSession()).toBeNull();
    expect(api.count('/auth/logout')).toBe(1);
  });

  it('a lock-out carries its wait', async () => {
    const api = fakeApi();
    api.on('/auth/login', () => json(429, { detail: 'too many failed logins; try again in 840 s', error_code: 'RATE_LIMITED', retry_after: 840 }));
    const err = (await client(api).login('rita', 'x').catch((e: unknown) => e)) as LoginError;
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfter).toBe(840);
  });

  it('logout ends the session on the server and here, and forgets the stored token', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token());
    const storage = memoryStorage();
    const auth = client(api, { storage });
    await auth.login('rita', 'pw');
    expect(storage.map.size).toBe(1);
    await auth.logout();
    expect(auth.getSession()).toBeNull();
    expect(storage.map.size).toBe(0);
    expect(api.calls.at(-1)).toMatchObject({ url: '/auth/logout', init: { method: 'POST', credentials: 'include' } });
    await vi.advanceTimersByTimeAsync(7200_000);
    expect(api.count('/auth/refresh')).toBe(0);
  });

  it('restores this tab’s token after a reload, or refreshes by the cookie when it is stale', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token());
    const storage = memoryStorage();
    const first = client(api, { storage });
    const s = await first.login('rita', 'pw');
    first.dispose();

    const reloaded = client(api, { storage });
    expect((await reloaded.restore())?.accessToken).toBe(s.accessToken);
    expect(api.count('/auth/refresh')).toBe(0);
    reloaded.dispose();

    vi.setSystemTime(Date.now() + 3590_000);
    api.on('/auth/refresh', api.token());
    const later = client(api, { storage });
    const r = await later.restore();
    expect(api.count('/auth/refresh')).toBe(1);
    expect(r?.accessToken).not.toBe(s.accessToken);
  });

  it('a new tab with no cookie session lands logged out', async () => {
    const api = fakeApi();
    api.on('/auth/refresh', () => json(401, { detail: 'no refresh cookie; log in', error_code: 'UNAUTHORIZED' }));
    expect(await client(api).restore()).toBeNull();
  });
});

describe('several tabs', () => {
  /** BroadcastChannel between tabs, and one Web Lock they queue on. */
  function browser() {
    const tabs: { fn: (e: MessageEvent) => void }[] = [];
    const channel = () => {
      const me = { fn: (_e: MessageEvent) => {} };
      tabs.push(me);
      return {
        postMessage: (m: unknown) => tabs.filter((t) => t !== me).forEach((t) => queueMicrotask(() => t.fn({ data: m } as MessageEvent))),
        addEventListener: (_: 'message', fn: (e: MessageEvent) => void) => void (me.fn = fn),
        close: () => {},
      };
    };
    let tail: Promise<unknown> = Promise.resolve();
    const locks = {
      request<T>(_name: string, fn: () => Promise<T>): Promise<T> {
        const run = tail.then(fn, fn);
        tail = run.catch(() => {});
        return run;
      },
    };
    return { channel, locks };
  }

  it('two tabs due at the same moment refresh once (a second spend of the cookie would end the session)', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token(60));
    api.on('/auth/refresh', api.token(60));
    const b = browser();
    const tab1 = client(api, { channel: b.channel(), locks: b.locks });
    const tab2 = client(api, { channel: b.channel(), locks: b.locks });
    await tab1.login('rita', 'pw');
    await vi.advanceTimersByTimeAsync(0); // tab2 adopts the session from the channel
    expect(tab2.getSession()?.accessToken).toBe(tab1.getSession()?.accessToken);

    await vi.advanceTimersByTimeAsync(48_000); // both renewals come due
    expect(api.count('/auth/refresh')).toBe(1);
    expect(tab2.getSession()?.accessToken).toBe(tab1.getSession()?.accessToken);
  });

  it('logging out in one tab logs out the others', async () => {
    const api = fakeApi();
    api.on('/auth/login', api.token());
    const b = browser();
    const tab1 = client(api, { channel: b.channel(), locks: b.locks });
    const tab2 = client(api, { channel: b.channel(), locks: b.locks });
    await tab1.login('rita', 'pw');
    await vi.advanceTimersByTimeAsync(0);
    await tab1.logout();
    await vi.advanceTimersByTimeAsync(0);
    expect(tab2.getSession()).toBeNull();
  });
});
