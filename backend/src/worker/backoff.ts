/**
 * Retry delay after a failed attempt (SPEC §2):
 *   RETRY_BASE_DELAY_SECONDS × 2^(attempt−1) + jitter(0..RETRY_JITTER_MS)
 * Defaults: base 1 s, jitter 500 ms, so attempts 1..4 wait ≈1, 2, 4, 8 s (+ ≤0.5 s).
 * Capped at one hour so a large attempt limit cannot schedule absurd waits.
 */
export const MAX_BACKOFF_MS = 3_600_000;

export function backoffMs(attempt: number, baseSeconds: number, jitterMs: number, random = Math.random): number {
  const exponential = baseSeconds * 1000 * 2 ** Math.max(0, attempt - 1);
  return Math.min(MAX_BACKOFF_MS, Math.round(exponential + random() * jitterMs));
}
