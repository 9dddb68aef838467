/**
 * Webhook signatures against the providers' documented examples, not only our stand-ins:
 *  - Standard Webhooks (which Replicate follows): the specification's published test
 *    vector (secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, id msg_p5jXN8AQM9LWM0D4loKWxJek,
 *    timestamp 1614265330, body {"test": 2432232314} → v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=),
 *    the same vector the reference libraries (svix, standard-webhooks) test with;
 *  - Shopify publishes no fixed digest, only the recipe (base64 HMAC-SHA256 of the raw body
 *    with the app's client secret): the expected value is computed here by openssl, an
 *    independent implementation, over a products/delete body as Shopify documents it.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  shopifyHmac,
  signStandardWebhook,
  standardWebhookKey,
  verifyShopifyHmac,
  verifyStandardWebhook,
} from '../../src/integrations/webhookSignatures.js';

const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const key = standardWebhookKey(VECTOR.secret)!;
const headers = (over: Record<string, string | undefined> = {}) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
  ...over,
});

describe('Standard Webhooks (Replicate)', () => {
  it('reproduces the specification test vector', () => {
    expect(signStandardWebhook(key, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(verifyStandardWebhook(key, headers(), Buffer.from(VECTOR.body), VECTOR.timestamp)).toEqual({ ok: true });
  });

  it('accepts the vector among several space-separated signatures (a key rotation), and the key without its whsec_ prefix', () => {
    const several = `v1,${Buffer.alloc(32, 7).toString('base64')} v1a,ignored ${VECTOR.signature}`;
    expect(verifyStandardWebhook(key, headers({ 'webhook-signature': several }), Buffer.from(VECTOR.body), VECTOR.timestamp)).toEqual({ ok: true });
    expect(standardWebhookKey(VECTOR.secret.slice(6))!.equals(key)).toBe(true);
  });

  it('refuses a changed body, id or timestamp, another key, and missing or malformed headers', () => {
    const body = Buffer.from(VECTOR.body);
    const refused = (h: Record<string, string | undefined>, b = body, k = key, now = VECTOR.timestamp) => verifyStandardWebhook(k, h, b, now);
    expect(refused(headers(), Buffer.from('{"test": 2432232315}'))).toMatchObject({ ok: false, reason: 'no webhook-signature matches' });
    expect(refused(headers({ 'webhook-id': 'msg_other' }))).toMatchObject({ ok: false });
    expect(refused(headers({ 'webhook-timestamp': String(VECTOR.timestamp + 1) }), body, key, VECTOR.timestamp + 1)).toMatchObject({ ok: false, reason: 'no webhook-signature matches' });
    expect(refused(headers(), body, Buffer.from('another key'))).toMatchObject({ ok: false });
    expect(refused(headers({ 'webhook-signature': undefined }))).toMatchObject({ ok: false, reason: expect.stringContaining('required') });
    expect(refused(headers({ 'webhook-signature': 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }))).toMatchObject({ ok: false, reason: 'webhook-signature has no v1 signature' });
    expect(refused(headers({ 'webhook-signature': 'v1,not base64!' }))).toMatchObject({ ok: false });
    expect(refused(headers({ 'webhook-timestamp': 'yesterday' }))).toMatchObject({ ok: false, reason: expect.stringContaining('seconds') });
    expect(standardWebhookKey('whsec_')).toBeNull();
  });

  it('refuses a timestamp more than 5 minutes from our clock, either way (replays)', () => {
    const body = Buffer.from(VECTOR.body);
    expect(verifyStandardWebhook(key, headers(), body, VECTOR.timestamp + 300)).toEqual({ ok: true });
    expect(verifyStandardWebhook(key, headers(), body, VECTOR.timestamp + 301)).toMatchObject({ ok: false, reason: 'webhook-timestamp is too far from now' });
    expect(verifyStandardWebhook(key, headers(), body, VECTOR.timestamp - 301)).toMatchObject({ ok: false });
  });
});

describe('Shopify HMAC', () => {
  const secret = 'hush-0123456789abcdef';
  // products/delete carries only the numeric id (Shopify's documented example payload).
  const body = Buffer.from('{"id":788032119674292922}');

  it('equals openssl’s base64 HMAC-SHA256 of the raw body', () => {
    const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', secret, '-binary'], { input: body });
    const expected = openssl.toString('base64');
    expect(shopifyHmac(secret, body)).toBe(expected);
    expect(verifyShopifyHmac(secret, body, expected)).toEqual({ ok: true });
  });

  it('refuses a missing, malformed or wrong header, and a body changed by one byte (or re-serialised)', () => {
    const good = shopifyHmac(secret, body);
    expect(verifyShopifyHmac(secret, body, undefined)).toMatchObject({ ok: false, reason: 'X-Shopify-Hmac-Sha256 is missing' });
    expect(verifyShopifyHmac(secret, body, 'not-base64')).toMatchObject({ ok: false, reason: expect.stringContaining('not a base64') });
    expect(verifyShopifyHmac(secret, body, Buffer.alloc(16).toString('base64'))).toMatchObject({ ok: false }); // wrong length
    expect(verifyShopifyHmac('another secret', body, good)).toMatchObject({ ok: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body' });
    expect(verifyShopifyHmac(secret, Buffer.from('{"id":788032119674292923}'), good)).toMatchObject({ ok: false });
    expect(verifyShopifyHmac(secret, Buffer.from('{"id": 788032119674292922}'), good)).toMatchObject({ ok: false });
  });
});
