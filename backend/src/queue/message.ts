/**
 * Messages on the work queues. The jobs table is the truth; a message only announces
 * that jobs are waiting, so one message may name many jobs of one queue:
 *  - a single job: the SPEC §2 body `{job_id, command_type, payload, attempt, max_attempts}`
 *    (what a retry, a redrive or a lone enqueue publishes, and what dead letters carry);
 *  - a batch: `{job_ids: [...]}` (a bulk enqueue, a group commit of concurrent enqueues,
 *    the relay flushing a backlog). Workers claim what is still waiting and skip the rest.
 */
export interface JobMessage {
  job_id: string;
  command_type: string;
  payload: unknown;
  attempt: number;
  max_attempts: number;
}

/** Jobs one batch announcement names at most (small enough to spread over workers). */
export const ANNOUNCE_MAX = 100;

export function encodeJobMessage(m: JobMessage): string {
  return JSON.stringify(m);
}

export function encodeBatch(jobIds: readonly string[]): string {
  return JSON.stringify({ job_ids: jobIds });
}

function parse(body: unknown): Record<string, unknown> | null {
  let value = body;
  try {
    if (Buffer.isBuffer(value)) value = JSON.parse(value.toString('utf8'));
    else if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Parse a single-job body; null when it is not one. */
export function decodeJobMessage(body: unknown): JobMessage | null {
  const m = parse(body);
  if (!m || typeof m.job_id !== 'string' || typeof m.command_type !== 'string') return null;
  return {
    job_id: m.job_id,
    command_type: m.command_type,
    payload: m.payload,
    attempt: typeof m.attempt === 'number' ? m.attempt : 0,
    max_attempts: typeof m.max_attempts === 'number' ? m.max_attempts : 0,
  };
}

/** The job ids a work-queue message announces (single or batch); null when it is neither (dead-lettered). */
export function announcedJobIds(body: unknown): string[] | null {
  const m = parse(body);
  if (!m) return null;
  if (Array.isArray(m.job_ids)) {
    const ids = m.job_ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
    return ids.length > 0 && ids.length === m.job_ids.length ? ids : null;
  }
  return typeof m.job_id === 'string' && typeof m.command_type === 'string' ? [m.job_id] : null;
}
