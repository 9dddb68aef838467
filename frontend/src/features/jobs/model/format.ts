/** Small wording helpers for jobs. */

/**
 * A job id short enough for a table: its last 8 characters. Ids are time-ordered
 * (UUID v7), so jobs made in the same minute share their first characters; the end is random.
 */
export const shortId = (id: string): string => (id.length > 8 ? id.slice(-8) : id);

/** 1 → "1 attempt", 3 → "3 attempts" (digits grouped: "1,204 jobs"). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? word : many}`;
}

/** When a job last changed, from the times the API gives (the latest of created, started, completed). */
export function lastActivity(job: { createdAt: string; startedAt?: string | null; completedAt?: string | null }): string {
  let best = job.createdAt;
  for (const t of [job.startedAt, job.completedAt]) if (t && new Date(t).getTime() > new Date(best).getTime()) best = t;
  return best;
}
