/**
 * Recurring housekeeping that runs once per interval however many processes run:
 * each task holds a named lease in the database for its interval; a process runs
 * the task only when it wins the lease (a conditional upsert — one winner).
 *
 * Tasks (registered by the worker): sweep of stale runs, retention pruning, and the
 * pipeline's Drive scan.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { Logger } from '../logger.js';
import { isoAfter, nowIso } from '../time.js';

export interface HousekeepingTask {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
}

/** Try to take the named lease for `ttlMs`; true for exactly one caller per period. */
export async function acquireLease(db: Db, name: string, owner: string, ttlMs: number): Promise<boolean> {
  const now = nowIso();
  const row = await db
    .insertInto('leases')
    .values({ name, owner, expires_at: isoAfter(ttlMs) })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, expires_at: isoAfter(ttlMs) })
        .where('leases.expires_at', '<=', now),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === owner;
}

export class Housekeeper {
  /** Who holds this process's leases (leases.owner). */
  readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private readonly busy = new Set<string>();
  /** Runs performed by this process, by task (for tests and logs). */
  readonly runs = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly tasks: HousekeepingTask[],
    private readonly log: Logger,
    private readonly tickMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    for (const task of this.tasks) {
      if (this.busy.has(task.name)) continue;
      this.busy.add(task.name);
      try {
        if (await acquireLease(this.db, `housekeeping:${task.name}`, this.owner, task.intervalMs)) {
          await task.run();
          this.runs.set(task.name, (this.runs.get(task.name) ?? 0) + 1);
        }
      } catch (err) {
        this.log.warn({ task: task.name, err: (err as Error).message }, 'housekeeping task failed');
      } finally {
        this.busy.delete(task.name);
      }
    }
  }
}
