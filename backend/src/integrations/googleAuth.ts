/**
 * Google service-account access tokens and the metered HTTP plumbing shared by
 * Google clients (see STACK.md: googleapis/gtoken ignore the credentials'
 * `token_uri`, so the OAuth2 JWT-bearer grant is done here by hand).
 *
 * Grant (RFC 7523, Google "OAuth2ServiceAccount"): an RS256 JWT with iss =
 * client_email, scope, aud = token_uri, iat, exp ≤ iat + 3600, POSTed form-encoded
 * as `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>` to
 * the credentials' own token_uri; the answer is `{access_token, expires_in,
 * token_type:"Bearer"}`, a refusal `400 {error:"invalid_grant", error_description}`.
 */
import { createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import type { ApiUsageEntry, UsageRecorder } from './usage.js';

export interface ServiceAccountCredentials {
  type?: string;
  project_id?: string;
  private_key_id?: string;
  private_key: string;
  client_email: string;
  client_id?: string;
  token_uri: string;
  [extra: string]: unknown;
}

export interface CallOptions {
  jobId?: string;
  signal?: AbortSignal;
}

export const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Renew this long before the token's stated expiry, so no call carries a dying token. */
const RENEW_MARGIN_MS = 5 * 60_000;

/** Read and check a service-account key file (GOOGLE_DRIVE_CREDENTIALS_PATH). */
export async function loadServiceAccount(path: string): Promise<ServiceAccountCredentials> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read service-account JSON at ${path}: ${(err as Error).message}`);
  }
  return parseServiceAccount(parsed, path);
}

export function parseServiceAccount(value: unknown, where = 'service-account JSON'): ServiceAccountCredentials {
  const v = value as Partial<ServiceAccountCredentials> | null;
  if (!v || typeof v !== 'object') throw new Error(`${where} is not a JSON object`);
  if (v.type !== undefined && v.type !== 'service_account') throw new Error(`${where} has type "${v.type}", expected "service_account"`);
  for (const key of ['client_email', 'private_key'] as const) {
    if (typeof v[key] !== 'string' || !v[key]) throw new Error(`${where} lacks ${key}`);
  }
  return { ...v, token_uri: typeof v.token_uri === 'string' && v.token_uri ? v.token_uri : DEFAULT_TOKEN_URI } as ServiceAccountCredentials;
}

/** Build the signed grant assertion (exported for tests). */
export function signServiceAccountJwt(creds: ServiceAccountCredentials, scope: string, nowSec = Math.floor(Date.now() / 1000)): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = { alg: 'RS256', typ: 'JWT', ...(creds.private_key_id ? { kid: creds.private_key_id } : {}) };
  const claims = { iss: creds.client_email, scope, aud: creds.token_uri, iat: nowSec, exp: nowSec + 3600 };
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(creds.private_key).toString('base64url');
  return `${input}.${signature}`;
}

/** Record one request; a failing recorder must never fail the call it meters. */
export function meter(usage: UsageRecorder, entry: ApiUsageEntry): void {
  try {
    const r = usage.record(entry);
    if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(() => {});
  } catch {
    /* metering is best effort */
  }
}

/** Delay asked by a Retry-After header (seconds or HTTP date), if any. */
export function retryAfterMs(res: Response): number | null {
  const h = res.headers.get('retry-after');
  if (!h) return null;
  const secs = Number(h);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** An error thrown before any answer: abort by the caller stays as it is, the rest is retryable. */
export function networkError(err: unknown, service: string, signal?: AbortSignal): Error {
  if (signal?.aborted) return err as Error;
  const e = err as Error;
  if (e?.name === 'TimeoutError') return new RetryableError(`${service}: request timed out`, 'DRIVE_TIMEOUT', { cause: err });
  return new RetryableError(`${service}: network error: ${e?.message ?? String(err)}`, 'DRIVE_NETWORK_ERROR', { cause: err });
}

export interface TokenSourceOptions {
  credentials: ServiceAccountCredentials;
  scope: string;
  usage: UsageRecorder;
  service: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Caches one access token; concurrent callers share a single grant request. */
export class ServiceAccountTokenSource {
  private token: { value: string; renewAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: TokenSourceOptions) {
    this.fetchFn = opts.fetch ?? globalThis.fetch;
  }

  async getAccessToken(call: CallOptions = {}): Promise<string> {
    if (this.token && this.token.renewAt > Date.now()) return this.token.value;
    this.inflight ??= this.grant(call).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** Forget a token the API refused (401), unless a newer one already replaced it. */
  invalidate(value: string): void {
    if (this.token?.value === value) this.token = null;
  }

  private async grant(call: CallOptions): Promise<string> {
    const { credentials, usage, service } = this.opts;
    const body = new URLSearchParams({ grant_type: JWT_BEARER, assertion: signServiceAccountJwt(credentials, this.opts.scope) });
    const started = Date.now();
    const signals = [AbortSignal.timeout(this.opts.timeoutMs ?? 30_000), ...(call.signal ? [call.signal] : [])];
    let res: Response;
    try {
      res = await this.fetchFn(credentials.token_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.any(signals),
      });
    } catch (err) {
      meter(usage, { service, endpoint: 'POST token', statusCode: null, durationMs: Date.now() - started, jobId: call.jobId ?? null });
      throw networkError(err, `${service} token`, call.signal);
    }
    const text = await res.text().catch(() => '');
    meter(usage, { service, endpoint: 'POST token', statusCode: res.status, durationMs: Date.now() - started, jobId: call.jobId ?? null });
    let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string } = {};
    try {
      json = JSON.parse(text);
    } catch {
      /* non-JSON answers are judged by status below */
    }
    if (res.ok && json.access_token) {
      const ttlMs = Number(json.expires_in ?? 3600) * 1000;
      this.token = { value: json.access_token, renewAt: Date.now() + ttlMs - Math.min(RENEW_MARGIN_MS, ttlMs / 2) };
      return json.access_token;
    }
    const what = `${service} token grant failed: ${res.status} ${json.error ?? ''} ${json.error_description ?? text.slice(0, 200)}`.trim();
    if (res.status === 429) throw new RunLaterError(retryAfterMs(res) ?? 5000, what, 'DRIVE_RATE_LIMITED');
    if (res.status >= 500 || res.status === 408 || res.ok) throw new RetryableError(what, 'DRIVE_AUTH_UNAVAILABLE');
    throw new PermanentError(what, 'DRIVE_AUTH_FAILED');
  }
}
