/**
 * The API's error shape (`{detail, error_code, timestamp, …}`) as one error class, and
 * the plain-language message a person is shown for it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The API's error_code (UNAUTHORIZED, RATE_LIMITED, …); NETWORK when no answer came. */
    readonly code: string,
    detail: string,
    /** Seconds to wait (429: retry_after or the Retry-After header). */
    readonly retryAfter: number | null = null,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** Read an error answer into an ApiError (whatever its body). */
export async function readError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const header = Number(res.headers.get('retry-after'));
  const retryAfter = typeof body.retry_after === 'number' ? body.retry_after : Number.isFinite(header) && header > 0 ? header : null;
  const code = typeof body.error_code === 'string' ? body.error_code : res.status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR';
  const detail = typeof body.detail === 'string' ? body.detail : `the server answered ${res.status}`;
  return new ApiError(res.status, code, detail, retryAfter);
}

/** A fetch that turns "no answer at all" into ApiError NETWORK. */
export async function send(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'the server could not be reached');
  }
}

/** What to tell a person about an error, in one sentence. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'NETWORK':
        return 'Can’t reach the server. Check your connection and try again.';
      case 'UNAUTHORIZED':
        return 'Your session has ended. Log in again.';
      case 'FORBIDDEN':
        return 'Your role doesn’t allow this.';
      case 'NOT_FOUND':
        return 'That doesn’t exist (any more).';
      case 'RATE_LIMITED':
        return err.retryAfter ? `Too many requests. Try again in ${formatWait(err.retryAfter)}.` : 'Too many requests. Try again in a moment.';
    }
    if (err.status >= 500) return `The server had a problem (error ${err.status}). Try again in a moment.`;
    return sentence(err.message);
  }
  return err instanceof Error ? sentence(err.message) : 'Something went wrong.';
}

/** 840 → "14 minutes", 75 → "1 minute 15 seconds", 9 → "9 seconds". */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (m === 0) return unit(rest, 'second');
  if (rest === 0 || m >= 10) return unit(rest >= 30 && m >= 10 ? m + 1 : m, 'minute');
  return `${unit(m, 'minute')} ${unit(rest, 'second')}`;
}

const sentence = (s: string) => {
  const t = s.trim();
  if (!t) return 'Something went wrong.';
  return t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
};
