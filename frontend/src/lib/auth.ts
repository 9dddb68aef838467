/**
 * The dashboard's session: a short-lived access token in memory (and in this tab's
 * sessionStorage, so a reload keeps it), renewed before it expires and after a 401
 * through `POST /auth/refresh`, which spends the httpOnly refresh cookie the API set at
 * login (script never sees it). `POST /auth/logout` ends the session.
 *
 * Tabs: a refresh rotates the cookie, and presenting a spent cookie again ends every
 * session of the user (the API's theft detection). So two tabs must never refresh at
 * once: refreshes take a Web Lock across tabs, and a new token is announced on a
 * BroadcastChannel so the other tabs adopt it instead of refreshing themselves.
 *
 * Roles: the dashboard is for `admin` and `reviewer`; a `service` login is refused
 * (its session is ended at once).
 */
import { ApiError, readError, send } from './http';

export type Role = 'admin' | 'reviewer';

export interface Session {
  accessToken: string;
  role: Role;
  username: string;
  /** When the access token expires (ms since the epoch). */
  expiresAt: number;
  /** The token's whole lifetime as issued (ms): sets when it is renewed. */
  lifetimeMs: number;
}

/** Why a login did not happen. `code`: the API's error_code, or SERVICE_ACCOUNT. */
export class LoginError extends ApiError {}

export const SERVICE_ACCOUNT_MESSAGE =
  'This is a service account (for webhooks and integrations) and can’t use the dashboard. Log in as an admin or a reviewer.';

const STORAGE_KEY = 'fieldfen.session';
const LOCK_NAME = 'fieldfen.auth.refresh';
const CHANNEL_NAME = 'fieldfen.auth';

/**
 * How long before expiry to renew: a fifth of the lifetime, at most a minute (a
 * one-hour token is renewed at 59 minutes, a one-minute token at 48 seconds).
 */
export function renewalLeadMs(lifetimeMs: number): number {
  return Math.min(60_000, Math.max(1_000, lifetimeMs / 5));
}

/** After a refresh that got no answer (network, 5xx): try again this much later. */
export const REFRESH_RETRY_MS = 15_000;

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  role: string;
}

type Message = { type: 'session'; session: Session } | { type: 'logout' };

interface ChannelLike {
  postMessage(m: Message): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<Message>) => void): void;
  close(): void;
}
interface LocksLike {
  request<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface AuthOptions {
  apiBase?: string;
  fetch?: typeof fetch;
  /** sessionStorage by default; null: keep nothing. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** BroadcastChannel by default (when the browser has it); null: none. */
  channel?: ChannelLike | null;
  /** navigator.locks by default (when the browser has it); null: none. */
  locks?: LocksLike | null;
  now?: () => number;
}

/** The `sub` claim of a JWT (display only: the API is the one that verifies). */
export function tokenSubject(token: string): string {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : '';
  } catch {
    return '';
  }
}

export class AuthClient {
  private session: Session | null = null;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<Session | null> | null = null;
  /** Why the last session ended: the person logged out, or it expired (a refresh was refused). */
  endReason: 'logout' | 'expired' | null = null;
  private readonly apiBase: string;
  private readonly fetchFn: typeof fetch;
  private readonly storage: AuthOptions['storage'];
  private readonly channel: ChannelLike | null;
  private readonly locks: LocksLike | null;
  private readonly now: () => number;

  constructor(options: AuthOptions = {}) {
    this.apiBase = options.apiBase ?? '';
    this.fetchFn = options.fetch ?? ((...a) => fetch(...a));
    this.storage = options.storage === undefined ? safeSessionStorage() : options.storage;
    this.channel = options.channel === undefined ? (typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : null) : options.channel;
    this.locks = options.locks === undefined ? ((globalThis.navigator as Navigator | undefined)?.locks ?? null) : options.locks;
    this.now = options.now ?? Date.now;
    this.channel?.addEventListener('message', (e) => {
      if (e.data.type === 'session') this.adopt(e.data.session, false);
      else this.adopt(null, false);
    });
    // A tab woken from sleep (its timer late or throttled) renews at once if it must.
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible' && this.session && this.expiringSoon(this.session)) void this.refresh().catch(() => {});
      });
    }
  }

  // ── state (for React: useSyncExternalStore(subscribe, getSession)) ─────────────

  getSession = (): Session | null => this.session;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Take a session (or none): store, schedule its renewal, tell listeners (and other tabs). */
  private adopt(session: Session | null, announce: boolean): void {
    this.session = session;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (session) {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(session));
      this.scheduleRenewal(session);
    } else {
      this.storage?.removeItem(STORAGE_KEY);
    }
    if (announce) this.channel?.postMessage(session ? { type: 'session', session } : { type: 'logout' });
    for (const l of this.listeners) l();
  }

  private scheduleRenewal(session: Session, delay?: number): void {
    if (this.timer) clearTimeout(this.timer);
    const left = session.expiresAt - this.now();
    const wait = delay ?? Math.max(0, left - renewalLeadMs(session.lifetimeMs));
    this.timer = setTimeout(() => void this.refresh().catch(() => {}), wait);
  }


  private toSession(answer: TokenAnswer): Session {
    if (answer.role !== 'admin' && answer.role !== 'reviewer') throw new LoginError(403, 'SERVICE_ACCOUNT', SERVICE_ACCOUNT_MESSAGE);
    const lifetimeMs = answer.expires_in * 1000;
    return { accessToken: answer.access_token, role: answer.role, username: tokenSubject(answer.access_token), expiresAt: this.now() + lifetimeMs, lifetimeMs };
  }

  private expiringSoon(session: Session): boolean {
    return session.expiresAt - this.now() <= renewalLeadMs(session.lifetimeMs);
  }

  // ── the calls ──────────────────────────────────────────────────────────────────

  /** Log in. Throws LoginError (wrong password: UNAUTHORIZED; locked out: RATE_LIMITED with retryAfter; SERVICE_ACCOUNT; NETWORK). */
  async login(username: string, password: string): Promise<Session> {
    const res = await send(this.fetchFn, `${this.apiBase}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      credentials: 'include',
    });
    if (!res.ok) {
      const e = await readError(res);
      throw new LoginError(e.status, e.code, e.message, e.retryAfter);
    }
    let session: Session;
    try {
      session = this.toSession((await res.json()) as TokenAnswer);
    } catch (err) {
      if (err instanceof LoginError) void this.endServerSession();
      throw err;
    }
    this.endReason = null;
    this.adopt(session, true);
    return session;
  }

  /**
   * At start: this tab's stored session if it is still good, else a refresh by the
   * cookie (a new tab, or one that slept through its token). Null: log in.
   */
  async restore(): Promise<Session | null> {
    const stored = this.readStored();
    if (stored && !this.expiringSoon(stored)) {
      this.adopt(stored, false);
      return stored;
    }
    return this.refresh().catch(() => null);
  }

  /**
   * A new access token by the refresh cookie. One at a time in this tab (callers share
   * it) and across tabs (a Web Lock; a tab that waited takes the token another tab just
   * got). Null when the session is over (401): the caller is logged out. Throws
   * ApiError when no answer came (the session is kept; a retry is scheduled).
   */
  refresh(): Promise<Session | null> {
    if (this.inflight) return this.inflight;
    const before = this.session?.accessToken;
    const run = async (): Promise<Session | null> => {
      const current = this.session;
      if (current && current.accessToken !== before && !this.expiringSoon(current)) return current;
      let res: Response;
      try {
        res = await send(this.fetchFn, `${this.apiBase}/auth/refresh`, { method: 'POST', credentials: 'include' });
      } catch (err) {
        if (this.session) this.scheduleRenewal(this.session, REFRESH_RETRY_MS);
        throw err;
      }
      if (res.status === 401 || res.status === 403) {
        if (this.session) this.endReason = 'expired';
        this.adopt(null, true);
        return null;
      }
      if (!res.ok) {
        if (this.session) this.scheduleRenewal(this.session, REFRESH_RETRY_MS);
        throw await readError(res);
      }
      try {
        const session = this.toSession((await res.json()) as TokenAnswer);
        this.adopt(session, true);
        return session;
      } catch (err) {
        if (!(err instanceof LoginError)) throw err;
        void this.endServerSession();
        this.adopt(null, true);
        return null;
      }
    };
    this.inflight = (this.locks ? this.locks.request(LOCK_NAME, run) : run()).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** End the session here, in every tab, and on the server. */
  async logout(): Promise<void> {
    this.endReason = 'logout';
    this.adopt(null, true);
    await this.endServerSession();
  }

  private async endServerSession(): Promise<void> {
    await send(this.fetchFn, `${this.apiBase}/auth/logout`, { method: 'POST', credentials: 'include' }).catch(() => undefined);
  }

  /** A token good for the next request (renewed first when it is about to expire); null: logged out. */
  async getToken(): Promise<string | null> {
    const s = this.session;
    if (!s) return null;
    if (!this.expiringSoon(s)) return s.accessToken;
    const renewed = await this.refresh().catch(() => (s.expiresAt > this.now() ? s : null));
    return renewed?.accessToken ?? null;
  }

  /**
   * fetch with the bearer token; on a 401, one refresh and one retry (if the token was
   * renewed meanwhile by someone else, just the retry). Used by the GraphQL client.
   */
  authorizedFetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const attempt = async (token: string | null) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return send(this.fetchFn, url, { ...init, headers });
    };
    const token = await this.getToken();
    const res = await attempt(token);
    if (res.status !== 401 || !token) return res;
    const current = this.session?.accessToken;
    const next = current && current !== token ? current : (await this.refresh().catch(() => null))?.accessToken;
    return next ? attempt(next) : res;
  };

  private readStored(): Session | null {
    try {
      const raw = this.storage?.getItem(STORAGE_KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as Session;
      if (typeof s.accessToken !== 'string' || typeof s.expiresAt !== 'number' || typeof s.lifetimeMs !== 'number' || (s.role !== 'admin' && s.role !== 'reviewer')) return null;
      return s;
    } catch {
      return null;
    }
  }

  /** Stop timers and the channel (tests; a page unload needs nothing). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.channel?.close();
  }
}

function safeSessionStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage disabled: memory only
  }
}
