/**
 * Signatures of the webhooks we receive, checked over the raw bytes before anything is
 * parsed. Pure functions: the caller supplies the key, the headers and the clock.
 *
 *  - Shopify (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries):
 *    `X-Shopify-Hmac-Sha256` = base64(HMAC-SHA256(app client secret, raw body)).
 *  - Replicate follows Standard Webhooks (https://replicate.com/docs/topics/webhooks/verify-webhook,
 *    https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp` (seconds),
 *    `webhook-signature` = space-separated `v1,<base64>` entries, each
 *    base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)); the key is the secret's part
 *    after `whsec_`, base64-decoded. One matching entry is enough (several during a
 *    rotation); a timestamp more than 5 minutes from our clock is refused (replays).
 *
 * Comparisons are constant-time over equal-length digests.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Standard Webhooks' default tolerance between the sender's timestamp and our clock. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** base64 HMAC-SHA256 of the raw body with the app's secret (what Shopify sends). */
export function shopifyHmac(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function verifyShopifyHmac(secret: string, body: Buffer, header: string | undefined): Verdict {
  if (!header) return { ok: false, reason: 'X-Shopify-Hmac-Sha256 is missing' };
  const given = decodeDigest(header.trim());
  if (!given) return { ok: false, reason: 'X-Shopify-Hmac-Sha256 is not a base64 SHA-256 digest' };
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body' };
}

/** The HMAC key of a Standard Webhooks secret (`whsec_` + base64); null when it is not one. */
export function standardWebhookKey(secret: string): Buffer | null {
  const b64 = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  if (!BASE64.test(b64)) return null;
  const key = Buffer.from(b64, 'base64');
  return key.length > 0 ? key : null;
}

/** One `v1,<base64>` signature of a message (what a Standard Webhooks sender puts in webhook-signature). */
export function signStandardWebhook(key: Buffer, id: string, timestamp: number | string, body: Buffer | string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`;
}

export interface StandardWebhookHeaders {
  'webhook-id'?: string;
  'webhook-timestamp'?: string;
  'webhook-signature'?: string;
}

export function verifyStandardWebhook(
  key: Buffer,
  headers: StandardWebhookHeaders,
  body: Buffer,
  nowSeconds: number,
  toleranceSeconds = TIMESTAMP_TOLERANCE_SECONDS,
): Verdict {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'webhook-timestamp is too far from now' };
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  let wellFormed = false;
  for (const entry of signatures.trim().split(/\s+/)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue; // other schemes (v1a, …) are not ours to check
    const given = decodeDigest(entry.slice(comma + 1));
    if (!given) continue;
    wellFormed = true;
    if (timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: wellFormed ? 'no webhook-signature matches' : 'webhook-signature has no v1 signature' };
}

/** A base64 SHA-256 digest (32 bytes), or null. */
function decodeDigest(text: string): Buffer | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 ? bytes : null;
}
