/**
 * The live connection: ONE graphql-sse client in single-connection mode to
 * `/graphql/stream`, carrying every subscription of the tab over one event stream.
 * The bearer token goes in the Authorization header of each request (never in a URL),
 * fetched fresh at each (re)connection, so a renewed token is used at once.
 *
 * State, for the header's Live indicator and for fallback polling:
 *   connecting    first connection under way
 *   connected     the stream is up: pages refetch on events, nobody polls
 *   reconnecting  the stream broke; retrying (1 s, 2 s, 4 s … 30 s, with jitter)
 *   offline       the browser is offline, or OFFLINE_AFTER tries in a row failed (still retrying)
 * Retries never stop; a subscription the server ended with an error is made again.
 * After a reconnection `onReconnected` listeners run (events may have been missed:
 * the app refetches what is on screen).
 */
import { createClient, type Client, type ClientOptions } from 'graphql-sse';
import type { TadaDocumentNode } from 'gql.tada';
import { printDocument } from './graphql';

export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Failed tries in a row after which the indicator says offline. */
export const OFFLINE_AFTER = 3;
export const MAX_RETRY_DELAY_MS = 30_000;

/** The wait before retry number `retries` (0-based): 1 s doubling to 30 s, plus up to 20 % jitter. */
export function retryDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** retries);
  return Math.round(base * (1 + 0.2 * random()));
}

export interface LiveOptions {
  url: string;
  /** The current access token (null: logged out, the stream is not opened). */
  getToken: () => Promise<string | null>;
  /** For tests: make the graphql-sse client from these options. */
  createClient?: (options: ClientOptions<true>) => Client<true>;
  /** For tests: the wait between tries. */
  wait?: (ms: number) => Promise<void>;
  /** Window-like target for online/offline events (default: window when present). */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  isOnline?: () => boolean;
}

export interface LiveSink<R> {
  next: (data: R) => void;
  error?: (err: unknown) => void;
}

export class LiveConnection {
  private state: LiveState = 'connecting';
  private failures = 0;
  private stateListeners = new Set<() => void>();
  private reconnectListeners = new Set<() => void>();
  private readonly client: Client<true>;
  private readonly wait: (ms: number) => Promise<void>;
  private readonly isOnline: () => boolean;
  private wakeRetry: (() => void) | null = null;
  private disposed = false;
  private readonly events: LiveOptions['events'];

  constructor(private readonly options: LiveOptions) {
    this.wait = options.wait ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.isOnline = options.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine !== false));
    this.events = options.events === undefined ? (typeof window === 'undefined' ? null : window) : options.events;
    this.events?.addEventListener('online', this.onOnline);
    this.events?.addEventListener('offline', this.onOffline);
    const make = options.createClient ?? ((o: ClientOptions<true>) => createClient(o));
    this.client = make({
      url: options.url,
      singleConnection: true,
      // Open on the first subscription, close after the last (the shell keeps one open
      // while someone is logged in).
      lazy: true,
      lazyCloseTimeout: 3000,
      headers: async (): Promise<Record<string, string>> => {
        const token = await this.options.getToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retry: (retries) => this.retry(retries),
      on: {
        connecting: (reconnecting) => this.setState(reconnecting ? this.brokenState() : this.failures > 0 ? this.brokenState() : 'connecting'),
        connected: (reconnected) => {
          const wasBroken = reconnected || this.failures > 0;
          this.failures = 0;
          this.setState('connected');
          if (wasBroken) for (const l of this.reconnectListeners) l();
        },
      },
    });
  }

  // ── state ──────────────────────────────────────────────────────────────────────

  getState = (): LiveState => this.state;

  subscribeState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** Run after the stream came back from a break (events may have been missed). */
  onReconnected(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private setState(next: LiveState): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.stateListeners) l();
  }

  private brokenState(): LiveState {
    return !this.isOnline() || this.failures >= OFFLINE_AFTER ? 'offline' : 'reconnecting';
  }

  private async retry(retries: number): Promise<void> {
    this.failures = retries + 1;
    this.setState(this.brokenState());
    // Back online: try at once rather than finishing a 30 s wait.
    await Promise.race([this.wait(retryDelayMs(retries)), new Promise<void>((r) => (this.wakeRetry = r))]);
    this.wakeRetry = null;
  }

  private onOnline = () => {
    if (this.state !== 'connected') this.setState(this.failures > 0 ? 'reconnecting' : this.state);
    this.wakeRetry?.();
  };

  private onOffline = () => {
    if (this.state !== 'connected') this.setState('offline');
  };

  // ── subscriptions ───────────────────────────────────────────────────────────────

  /**
   * Subscribe to a GraphQL subscription; returns the unsubscribe function. An error
   * from the server (e.g. a token that expired mid-stream) ends graphql-sse's
   * subscription: it is made again after a pause, for as long as it is wanted.
   */
  subscribe<R, V>(document: TadaDocumentNode<R, V>, variables: V, sink: LiveSink<R>): () => void {
    const query = printDocument(document as TadaDocumentNode<unknown, unknown>);
    let stopped = false;
    let dispose: (() => void) | null = null;
    let attempt = 0;
    const start = () => {
      if (stopped || this.disposed) return;
      dispose = this.client.subscribe<R>(
        { query, variables: (variables ?? {}) as Record<string, unknown> },
        {
          next: (result) => {
            attempt = 0;
            if (result.data) sink.next(result.data as R);
            if (result.errors?.length) sink.error?.(result.errors);
          },
          error: (err) => {
            sink.error?.(err);
            if (!stopped) void this.wait(retryDelayMs(attempt++)).then(start);
          },
          complete: () => {
            // The server ended it (e.g. restarted): ask again unless we unsubscribed.
            if (!stopped) void this.wait(retryDelayMs(attempt++)).then(start);
          },
        },
      );
    };
    start();
    return () => {
      stopped = true;
      dispose?.();
    };
  }

  dispose(): void {
    this.disposed = true;
    this.events?.removeEventListener('online', this.onOnline);
    this.events?.removeEventListener('offline', this.onOffline);
    this.client.dispose();
  }
}
