/**
 * Signed image URLs (`…/preview?exp=<unix seconds>&sig=…`) are valid for 5 minutes; a
 * file fetched long ago is fetched again before its preview is shown.
 */

/** When the URL's signature expires (ms since the epoch); null when it carries none. */
export function signedUrlExpiry(url: string | null | undefined): number | null {
  if (!url) return null;
  const m = /[?&]exp=(\d+)/.exec(url);
  return m ? Number(m[1]) * 1000 : null;
}

/** True when the URL is expired or expires within `marginMs`. */
export function expiresSoon(url: string | null | undefined, now = Date.now(), marginMs = 45_000): boolean {
  const exp = signedUrlExpiry(url);
  return exp !== null && exp - now < marginMs;
}
