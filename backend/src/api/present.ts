/** How rows are shown by the APIs: upper-case states, parsed JSON, no internals. */
import type { Job } from '../db/schema.js';

/** A stored JSON column as a value (null stays null). */
export const parseJson = (s: string | null) => (s === null ? null : JSON.parse(s));
const parse = parseJson;

export function presentJob(j: Job) {
  return {
    id: j.id,
    command_type: j.command_type,
    status: j.status.toUpperCase(),
    attempts: j.attempts,
    max_attempts: j.max_attempts,
    payload: parse(j.payload_json),
    result: parse(j.result_json),
    last_error: j.last_error,
    checkpoint: parse(j.checkpoint_json),
    file_id: j.file_id,
    queue: j.queue,
    run_after: j.run_after,
    created_at: j.created_at,
    started_at: j.started_at,
    completed_at: j.completed_at,
  };
}
