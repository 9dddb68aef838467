/** The job message body on the wire (SPEC §2). */
export interface JobMessage {
  job_id: string;
  command_type: string;
  payload: unknown;
  attempt: number;
  max_attempts: number;
}

export function encodeJobMessage(m: JobMessage): string {
  return JSON.stringify(m);
}

/** Parse a delivered body; null when it is not a job message (it is then dead-lettered). */
export function decodeJobMessage(body: unknown): JobMessage | null {
  let value = body;
  try {
    if (Buffer.isBuffer(value)) value = JSON.parse(value.toString('utf8'));
    else if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (typeof m.job_id !== 'string' || typeof m.command_type !== 'string') return null;
  return {
    job_id: m.job_id,
    command_type: m.command_type,
    payload: m.payload,
    attempt: typeof m.attempt === 'number' ? m.attempt : 0,
    max_attempts: typeof m.max_attempts === 'number' ? m.max_attempts : 0,
  };
}
