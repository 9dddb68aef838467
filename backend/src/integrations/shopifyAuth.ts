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
 *
 * Also here: the Shopify side of http.ts (service name and outcome codes), shared by
 * the token grant and the client's own requests.
 */
import { PermanentError } from '../core/outcomes.js';
import { request, type CallOptions, type HttpService, type OutcomeCodes } from './http.js';
import type { UsageRecorder } from './usage.js';

export interface ShopifyTokenProviderOptions {
  storeUrl: string; // SHOPIFY_STORE_URL, normalised: scheme://host[:port]
  accessToken?: string; // SHOPIFY_ACCESS_TOKEN (fixed, legacy apps)
  clientId?: string; // SHOPIFY_API_KEY
  clientSecret?: string; // SHOPIFY_API_SECRET
  usage: UsageRecorder;
  fetch?: typeof fetch;
  now?: () => number;
  renewBeforeMs?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

export const TOKEN_ENDPOINT = 'POST /admin/oauth/access_token';
const DEFAULT_TIMEOUT_MS = 30_000;

/** http.ts's view of Shopify; what a refused request is called and says depends on the request. */
export function shopifyService(
  base: { usage: UsageRecorder; fetch?: typeof fetch; timeoutMs?: number },
  rejected: OutcomeCodes['rejected'],
  describe: HttpService['describe'],
): HttpService {
  return {
    service: 'shopify', name: 'Shopify', usage: base.usage, fetch: base.fetch ?? fetch, timeoutMs: base.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    codes: { rateLimited: 'SHOPIFY_RATE_LIMITED', unavailable: 'SHOPIFY_UNAVAILABLE', timeout: 'SHOPIFY_TIMEOUT', network: 'SHOPIFY_NETWORK', rejected },
    describe,
  };
}

type GrantAnswer = { access_token?: string; expires_in?: number; scope?: string; error?: string; error_description?: string } | undefined;

interface CachedToken {
  token: string;
  expiresAt: number;
  scope: string;
}

export class ShopifyTokenProvider {
  private readonly opts: ShopifyTokenProviderOptions;
  private readonly http: HttpService;
  private readonly now: () => number;
  private cached: CachedToken | null = null;
  private inFlight: Promise<CachedToken> | null = null;

  constructor(opts: ShopifyTokenProviderOptions) {
    if (!opts.accessToken && !(opts.clientId && opts.clientSecret)) {
      throw new Error('Shopify: set SHOPIFY_ACCESS_TOKEN, or SHOPIFY_API_KEY and SHOPIFY_API_SECRET');
    }
    this.opts = opts;
    this.http = shopifyService(opts, 'SHOPIFY_AUTH_FAILED', (a) => {
      const body = a.json as GrantAnswer;
      const reason = body?.error ? `${body.error}: ${body.error_description ?? ''}`.trim() : a.text.slice(0, 200);
      return `Shopify client-credentials grant refused (${a.status}): ${reason}`;
    });
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

  async getToken(opts: CallOptions = {}): Promise<string> {
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

  private async grant(opts: CallOptions): Promise<CachedToken> {
    const a = await request(this.http, {
      endpoint: TOKEN_ENDPOINT, url: `${this.opts.storeUrl}/admin/oauth/access_token`, method: 'POST', call: opts,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.opts.clientId!, client_secret: this.opts.clientSecret! }).toString(),
    });
    const body = a.json as GrantAnswer;
    if (!body?.access_token) throw new PermanentError(this.http.describe(a, TOKEN_ENDPOINT), 'SHOPIFY_AUTH_FAILED');
    const expiresIn = Number(body.expires_in) > 0 ? Number(body.expires_in) : 86399;
    return { token: body.access_token, scope: body.scope ?? '', expiresAt: this.now() + expiresIn * 1000 };
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
