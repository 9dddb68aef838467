/**
 * Turning deliveries into runs. One transaction per batch of deliveries (group
 * commit). A delivery becomes a run only if its job is waiting (PENDING/RETRYING, due,
 * attempts left) — or RUNNING and redelivered, which means the worker that had it died:
 * the new run takes over and that attempt stays spent (its history row says `lost`).
 * Everything else is acknowledged without running: nothing runs twice at once, and a
 * job that kills its worker every time ends FAILED when its attempts are gone instead
 * of looping. The claim also names the worker (`hostname:pid`) holding the run.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { Job, NewJobRun } from '../db/schema.js';
import { FINAL_STATES, claimFresh, getJobs, reclaim } from '../jobs/repository.js';
import { recordRuns } from '../jobs/runs.js';
import { nowIso } from '../time.js';

export interface Delivery {
  jobId: string;
  redelivered: boolean;
}

export type Claim =
  | { kind: 'claimed'; job: Job; runId: string; takeover: boolean }
  /** Attempts used up by runs that never finished (the worker died each time). */
  | { kind: 'exhausted'; job: Job }
  /** Finished, cancelled, or running elsewhere: a duplicate delivery. */
  | { kind: 'duplicate'; job: Job }
  /** RETRYING and not yet due: a scheduled message will come. */
  | { kind: 'early'; job: Job }
  | { kind: 'missing' };

export async function claimBatch(db: Db, deliveries: Delivery[]): Promise<Claim[]> {
  return db.transaction().execute((trx) => claimIn(trx, deliveries));
}

/** claimBatch's work inside the caller's transaction (worker/writer.ts shares one with finishes). */
export async function claimIn(trx: Db, deliveries: Delivery[]): Promise<Claim[]> {
  const runId = randomUUID();
  const now = nowIso();
  const ids = [...new Set(deliveries.map((d) => d.jobId))];
  const claimed = new Map((await claimFresh(trx, ids, runId, now)).map((j) => [j.id, j]));
  const others = new Map(
    (await getJobs(trx, ids.filter((id) => !claimed.has(id)))).map((j) => [j.id, j]),
  );
  const given = new Set<string>();
  const lost: NewJobRun[] = [];
  const out: Claim[] = [];
  for (const d of deliveries) {
    const fresh = claimed.get(d.jobId);
    if (fresh && !given.has(d.jobId)) {
      given.add(d.jobId);
      out.push({ kind: 'claimed', job: fresh, runId, takeover: false });
      continue;
    }
    const job = fresh ?? others.get(d.jobId);
    if (!job) {
      out.push({ kind: 'missing' });
      continue;
    }
    if (given.has(d.jobId) || FINAL_STATES.includes(job.status)) {
      out.push({ kind: 'duplicate', job });
      continue;
    }
    if (job.attempts >= job.max_attempts && (job.status !== 'running' || d.redelivered)) {
      out.push({ kind: 'exhausted', job });
      continue;
    }
    if (job.status === 'running' && d.redelivered) {
      const taken = await reclaim(trx, job, runId, now);
      given.add(d.jobId);
      if (taken) lost.push(lostRun(job, now));
      out.push(taken ? { kind: 'claimed', job: taken, runId, takeover: true } : { kind: 'duplicate', job });
      continue;
    }
    if (job.status === 'retrying' && job.run_after && job.run_after > now) {
      out.push({ kind: 'early', job });
      continue;
    }
    out.push({ kind: 'duplicate', job });
  }
  if (lost.length) await recordRuns(trx, lost, now);
  return out;
}

/** The history row of the run a takeover supersedes: its worker died mid-run. */
function lostRun(job: Job, now: string): NewJobRun {
  return {
    job_id: job.id,
    attempt: job.attempts,
    outcome: 'lost',
    error: 'the worker stopped during the run (message redelivered)',
    worker: job.worker,
    started_at: job.started_at ?? now,
    ended_at: now,
  };
}
