/**
 * Google service-account access tokens (googleapis/gtoken ignore the credentials'
 * `token_uri`, so the OAuth2 JWT-bearer grant is done here by hand; the request
 * itself goes through http.ts like every other).
 *
 * Grant (RFC 7523, Google "OAuth2ServiceAccount"): an RS256 JWT with iss =
 * client_email, scope, aud = token_uri, iat, exp ≤ iat + 3600, POSTed form-encoded
 * as `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>` to
 * the credentials' own token_uri; the answer is `{access_token, expires_in,
 * token_type:"Bearer"}`, a refusal `400 {error:"invalid_grant", error_description}`.
 */
import { createSign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RetryableError } from '../core/outcomes.js';
import { request, type Answer, type CallOptions, type HttpService } from './http.js';
import type { UsageRecorder } from './usage.js';

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

export interface TokenSourceOptions {
  credentials: ServiceAccountCredentials;
  scope: string;
  usage: UsageRecorder;
  service: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

type GrantAnswer = { access_token?: string; expires_in?: number; error?: string; error_description?: string } | undefined;

/** Caches one access token; concurrent callers share a single grant request. */
export class ServiceAccountTokenSource {
  private token: { value: string; renewAt: number } | null = null;
  private inflight: Promise<string> | null = null;
  private readonly http: HttpService;

  constructor(private readonly opts: TokenSourceOptions) {
    const describe = (a: Answer) => {
      const json = a.json as GrantAnswer;
      return `${opts.service} token grant failed: ${a.status} ${json?.error ?? ''} ${json?.error_description ?? a.text.slice(0, 200)}`.trim();
    };
    this.http = {
      service: opts.service, name: 'Google', usage: opts.usage, fetch: opts.fetch ?? globalThis.fetch, timeoutMs: opts.timeoutMs ?? 30_000,
      codes: { rateLimited: 'DRIVE_RATE_LIMITED', unavailable: 'DRIVE_AUTH_UNAVAILABLE', timeout: 'DRIVE_TIMEOUT', network: 'DRIVE_NETWORK_ERROR', rejected: 'DRIVE_AUTH_FAILED' },
      describe,
      laterMs: () => 5000,
    };
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
    const body = new URLSearchParams({ grant_type: JWT_BEARER, assertion: signServiceAccountJwt(this.opts.credentials, this.opts.scope) });
    const a = await request(this.http, {
      endpoint: 'POST token', url: this.opts.credentials.token_uri, method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, call,
    });
    const json = a.json as GrantAnswer;
    if (!json?.access_token) throw new RetryableError(this.http.describe(a, 'POST token'), 'DRIVE_AUTH_UNAVAILABLE');
    const ttlMs = Number(json.expires_in ?? 3600) * 1000;
    this.token = { value: json.access_token, renewAt: Date.now() + ttlMs - Math.min(RENEW_MARGIN_MS, ttlMs / 2) };
    return json.access_token;
  }
}
