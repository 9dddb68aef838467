/**
 * The worker's one group commit: the claims of newly started runs and the ends of
 * finished ones, whatever accumulated while the previous commit ran, written in ONE
 * transaction (finishes first, then claims). Under load a worker frees slots and fills
 * them in the same moment; two transactions (one per kind) wrote the pages both touch
 * twice — the running jobs' entries in jobs_open_status_created, every index's upper
 * pages — and paid two commits. SQLite's single writer is the engine's bottleneck.
 * If the shared transaction fails, each item is retried on its own (Batcher), so one
 * bad finish cannot fail a claim.
 */
import type { Db } from '../db/connection.js';
import { Batcher } from '../jobs/batcher.js';
import { claimIn, type Claim, type Delivery } from './claim.js';
import type { Finish, Finisher, FinishResult } from './finish.js';

type Write = { claim: Delivery } | { finish: Finish };
type Written = { claim: Claim } | { finish: FinishResult };

/** Items per commit (claims and finishes together). */
const MAX_BATCH = 1000;

export class RunWriter {
  private readonly batcher: Batcher<Write, Written>;

  constructor(db: Db, finisher: Finisher) {
    this.batcher = new Batcher(async (items) => {
      const finishes: Finish[] = [];
      const deliveries: Delivery[] = [];
      for (const it of items) {
        if ('finish' in it) finishes.push(it.finish);
        else deliveries.push(it.claim);
      }
      const { ended, claims } = await db.transaction().execute(async (trx) => ({
        ended: finishes.length ? await finisher.finishIn(trx, finishes) : null,
        claims: deliveries.length ? await claimIn(trx, deliveries) : [],
      }));
      if (ended) finisher.afterCommit(finishes, ended);
      let f = 0;
      let c = 0;
      return items.map((it) => ('finish' in it ? { finish: ended!.results[f++] } : { claim: claims[c++] }));
    }, MAX_BATCH);
  }

  async claim(d: Delivery): Promise<Claim> {
    return ((await this.batcher.submit({ claim: d })) as { claim: Claim }).claim;
  }

  async finish(f: Finish): Promise<FinishResult> {
    return ((await this.batcher.submit({ finish: f })) as { finish: FinishResult }).finish;
  }

  /** Resolves once everything submitted so far is committed. */
  drain(): Promise<void> {
    return this.batcher.drain();
  }
}
