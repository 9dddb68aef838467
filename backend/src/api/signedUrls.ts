/**
 * Signed image URLs: an <img src> or an EventSource cannot send an Authorization
 * header, and a bearer token in a URL ends up in logs, history and Referer headers for
 * its whole life. So such URLs carry `?exp=<unix seconds>&sig=<hmac>` instead: valid
 * for at most 5 minutes and for one path only. HMAC-SHA256 over `${path}:${exp}`, keyed
 * with HMAC(JWT_SECRET, 'image-urls') (a key of its own: a signature is never a JWT
 * signature). Routes accept them with `config: { signedUrl: true }` (api/auth.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The longest a signed URL may be valid. */
export const MAX_SIGNED_URL_SECONDS = 300;

const keys = new Map<string, Buffer>();
function keyFor(jwtSecret: string): Buffer {
  let k = keys.get(jwtSecret);
  if (!k) {
    k = createHmac('sha256', jwtSecret).update('image-urls').digest();
    keys.set(jwtSecret, k);
  }
  return k;
}

const sign = (jwtSecret: string, path: string, exp: number) => createHmac('sha256', keyFor(jwtSecret)).update(`${path}:${exp}`).digest('base64url');

/**
 * `path` (e.g. `/api/files/<id>/preview`, no query) with a signature valid for
 * `ttlSeconds` (≤ 300). For GraphQL's `thumbnailUrl`/`previewUrl`.
 */
export function signedImageUrl(path: string, ttlSeconds: number, jwtSecret: string, now = Date.now()): string {
  if (!(ttlSeconds > 0 && ttlSeconds <= MAX_SIGNED_URL_SECONDS)) throw new RangeError(`ttlSeconds must be 1–${MAX_SIGNED_URL_SECONDS}`);
  const exp = Math.floor(now / 1000) + Math.ceil(ttlSeconds);
  return `${path}?exp=${exp}&sig=${sign(jwtSecret, path, exp)}`;
}

/** Why a signed URL is refused, or null when it is valid for `path` now. */
export function checkSignedUrl(path: string, exp: unknown, sig: unknown, jwtSecret: string, now = Date.now()): string | null {
  if (typeof exp !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(exp)) return 'signed URL needs exp and sig';
  const expSeconds = Number(exp);
  const nowSeconds = Math.floor(now / 1000);
  if (expSeconds <= nowSeconds) return 'signed URL expired';
  if (expSeconds > nowSeconds + MAX_SIGNED_URL_SECONDS) return 'signed URL is valid for too long';
  const expected = Buffer.from(sign(jwtSecret, path, expSeconds));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signed URL signature is not valid';
  return null;
}
