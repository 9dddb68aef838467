/**
 * Announce again every job that waits for a message (after a restore: the broker holds
 * none for the restored database's jobs, or holds messages of jobs it no longer has).
 *  - PENDING and RETRYING: a new message each through the outbox (a RETRYING job's
 *    due time is kept: its message waits in the outbox until then). A job that still
 *    has its message somewhere gets two: the claim runs it once, the other is a duplicate.
 *  - RUNNING: no worker holds that run any more; ended as the stale-run sweep ends one
 *    (a `lost` run, attempt kept, RETRYING with backoff or FAILED when none are left),
 *    which announces its retry itself. A fresh message alone would not do: the claim
 *    treats a RUNNING job's non-redelivered message as a duplicate.
 * One place, so a change to how announcements are written changes it too.
 */
import type { Db } from '../db/connection.js';
import type { Job } from '../db/schema.js';
import type { Finisher } from '../worker/finish.js';
import { sweepStaleRuns } from '../worker/sweep.js';
import { nowIso } from '../time.js';
import { notCompleted } from './statusIndex.js';
import { insertOutbox, outboxAt, type NewOutboxRow, type OutboxRelay } from './outbox.js';
import type { CommandRegistry } from './registry.js';
import type { JobService } from './service.js';

/** A margin that makes every RUNNING job "stale" to the sweep, whatever its command's timeout. */
const EVERY_RUN_MS = -100 * 365 * 86_400_000;
const BATCH = 500;

export interface ReannounceDeps {
  db: Db;
  jobs: JobService;
  relay: OutboxRelay;
  registry: CommandRegistry;
  finisher: Finisher;
}

export async function reannounceWaitingJobs(deps: ReannounceDeps): Promise<{ announced: number; reset: number }> {
  const { db, jobs, relay } = deps;
  let announced = 0;
  let after = '';
  for (;;) {
    const batch: Job[] = await db
      .selectFrom('jobs')
      .selectAll()
      .where('status', 'in', ['pending', 'retrying'])
      .where(notCompleted)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (batch.length === 0) break;
    const now = nowIso();
    const due: Job[] = [];
    const later: NewOutboxRow[] = [];
    for (const j of batch) {
      // Not yet due: a message each, which the poll path publishes when it is.
      if (j.run_after && j.run_after > now) {
        const m = jobs.messageFor(j);
        later.push(outboxAt(j.run_after, m.exchange, m.routing_key, m.body, j.id));
      } else due.push(j);
    }
    // Due now: batch announcements, one message per queue and up to ANNOUNCE_MAX jobs.
    const claimed = await db.transaction().execute((trx) => insertOutbox(trx, [...jobs.announce(due), ...later]));
    relay.dispatch(claimed);
    announced += batch.length;
    after = batch[batch.length - 1].id;
  }
  let reset = 0;
  for (let n = -1; n !== 0; reset += n) n = await sweepStaleRuns(db, deps.registry, deps.finisher, EVERY_RUN_MS);
  return { announced, reset };
}
