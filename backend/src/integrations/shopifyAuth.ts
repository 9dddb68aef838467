/**
 * Admin API access token for the Shopify client.
 *
 * Two modes:
 *  - fixed token (SHOPIFY_ACCESS_TOKEN, a legacy admin-created app): sent as is, never renewed;
 *  - client-credentials grant (SHOPIFY_API_KEY / SHOPIFY_API_SECRET, Dev Dashboard apps):
 *    `POST {store}/admin/oauth/access_token` with grant_type=client_credentials, client_id,
 *    client_secret (form-encoded, as in Shopify's own example) answers
 *    `{access_token, scope, expires_in}`; expires_in is 86399 s (24 h). The token is cached,
 *    renewed `renewBeforeMs` ahead of expiry, and once more when the API answers 401.
 *
 * The token endpoint answers an HTML page on errors unless asked for JSON, so we send
 * `Accept: application/json` to get `{error, error_description}`.
 */
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import type { UsageRecorder } from './usage.js';

export interface CallOpts {
  jobId?: string;
  signal?: AbortSignal;
}

export interface ShopifyTokenProviderOptions {
  storeUrl: string; // already normalised: scheme://host[:port]
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  usage: UsageRecorder;
  fetch?: typeof fetch;
  now?: () => number;
  renewBeforeMs?: number;
}

export const TOKEN_ENDPOINT = 'POST /admin/oauth/access_token';

interface CachedToken {
  token: string;
  expiresAt: number;
  scope: string;
}

export class ShopifyTokenProvider {
  private readonly opts: ShopifyTokenProviderOptions;
  private readonly fetchFn: typeof fetch;
  private readonly now: () => number;
  private cached: CachedToken | null = null;
  private inFlight: Promise<CachedToken> | null = null;

  constructor(opts: ShopifyTokenProviderOptions) {
    if (!opts.accessToken && !(opts.clientId && opts.clientSecret)) {
      throw new Error('Shopify: set SHOPIFY_ACCESS_TOKEN, or SHOPIFY_API_KEY and SHOPIFY_API_SECRET');
    }
    this.opts = opts;
    this.fetchFn = opts.fetch ?? fetch;
    this.now = opts.now ?? Date.now;
  }

  /** True when a rejected token can be replaced (grant mode). */
  get canRenew(): boolean {
    return !this.opts.accessToken;
  }

  /** Scopes granted with the current token (grant mode), for diagnostics. */
  get scope(): string | null {
    return this.cached?.scope ?? null;
  }

  async getToken(opts: CallOpts = {}): Promise<string> {
    if (this.opts.accessToken) return this.opts.accessToken;
    const renewBefore = this.opts.renewBeforeMs ?? 5 * 60_000;
    if (this.cached && this.now() < this.cached.expiresAt - renewBefore) return this.cached.token;
    // Concurrent callers share one grant request instead of racing for tokens.
    this.inFlight ??= this.grant(opts).finally(() => {
      this.inFlight = null;
    });
    this.cached = await this.inFlight;
    return this.cached.token;
  }

  /** Forget `token` after the API rejected it, so the next getToken() asks for a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async grant(opts: CallOpts): Promise<CachedToken> {
    const started = performance.now();
    let status: number | null = null;
    try {
      const res = await this.fetchFn(`${this.opts.storeUrl}/admin/oauth/access_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.opts.clientId!,
          client_secret: this.opts.clientSecret!,
        }).toString(),
        signal: opts.signal,
      });
      status = res.status;
      const text = await res.text();
      if (res.status === 429) {
        const seconds = Number(res.headers.get('retry-after'));
        throw new RunLaterError(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, 'Shopify token endpoint rate limited', 'SHOPIFY_RATE_LIMITED');
      }
      if (res.status >= 500 || res.status === 408) {
        throw new RetryableError(`Shopify token endpoint answered ${res.status}`, 'SHOPIFY_UNAVAILABLE');
      }
      const body = parseJson(text) as { access_token?: string; expires_in?: number; scope?: string; error?: string; error_description?: string } | null;
      if (!res.ok || !body?.access_token) {
        const reason = body?.error ? `${body.error}: ${body.error_description ?? ''}`.trim() : text.slice(0, 200);
        throw new PermanentError(`Shopify client-credentials grant refused (${res.status}): ${reason}`, 'SHOPIFY_AUTH_FAILED');
      }
      const expiresIn = Number(body.expires_in) > 0 ? Number(body.expires_in) : 86399;
      return { token: body.access_token, scope: body.scope ?? '', expiresAt: this.now() + expiresIn * 1000 };
    } catch (err) {
      if (err instanceof PermanentError || err instanceof RetryableError || err instanceof RunLaterError) throw err;
      throw new RetryableError(`Shopify token request failed: ${(err as Error).message}`, 'SHOPIFY_NETWORK', { cause: err });
    } finally {
      await this.opts.usage.record({
        service: 'shopify',
        endpoint: TOKEN_ENDPOINT,
        statusCode: status,
        durationMs: Math.round(performance.now() - started),
        jobId: opts.jobId ?? null,
      });
    }
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * SHOPIFY_STORE_URL is "shop.myshopify.com" (→ https://) or a full URL such as
 * "http://127.0.0.1:4010" for the local stand-in. Returns scheme://host[:port].
 */
export function normalizeStoreUrl(storeUrl: string): string {
  const raw = storeUrl.trim();
  if (!raw) throw new Error('SHOPIFY_STORE_URL is empty');
  const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
  const url = new URL(withScheme);
  return `${url.protocol}//${url.host}`;
}
