/** How the stand-ins send a webhook: POST, record the answer on the delivery, never throw. */
export interface RecordedDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** HTTP status of the answer; 0 while under way or when the request failed. */
  status: number;
  /** The answer's JSON (or text), or the transport error's message. */
  answer: unknown;
}

/** POST `d` (the provider's answer window as timeout), tracked in `inflight` until it settles. */
export function deliver<D extends RecordedDelivery>(d: D, timeoutMs: number, inflight: Set<Promise<unknown>>): Promise<D> {
  const p = (async () => {
    try {
      const res = await fetch(d.url, { method: 'POST', headers: d.headers, body: d.body, signal: AbortSignal.timeout(timeoutMs) });
      d.status = res.status;
      const text = await res.text();
      try {
        d.answer = JSON.parse(text);
      } catch {
        d.answer = text;
      }
    } catch (err) {
      d.answer = (err as Error).message;
    }
    return d;
  })();
  inflight.add(p);
  void p.finally(() => inflight.delete(p));
  return p;
}
