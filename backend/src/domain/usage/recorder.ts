/**
 * The production UsageRecorder: one `api_usage` row per outbound request
 * (request_count 1), written by a Batcher so concurrent calls share one insert and
 * one commit. `record()` does not wait for the commit (metering must never slow or
 * fail the call it meters); `flush()` waits for everything recorded so far (tests,
 * shutdown).
 */
import type { Insertable } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { ApiUsageTable } from '../../db/schema.js';
import type { Logger } from '../../logger.js';
import { Batcher } from '../../jobs/batcher.js';
import { nowIso } from '../../time.js';
import type { ApiUsageEntry, UsageRecorder } from '../../core/usage.js';

type UsageRow = Insertable<ApiUsageTable>;

export class DbUsageRecorder implements UsageRecorder {
  private readonly batcher: Batcher<UsageRow, undefined>;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly log?: Logger,
  ) {
    this.batcher = new Batcher(async (rows) => {
      for (let i = 0; i < rows.length; i += 300) await this.db.insertInto('api_usage').values(rows.slice(i, i + 300)).execute();
      return rows.map(() => undefined);
    }, 1000);
  }

  record(e: ApiUsageEntry): void {
    const row: UsageRow = {
      service: e.service,
      endpoint: e.endpoint.slice(0, 200),
      request_count: 1,
      status_code: e.statusCode,
      duration_ms: Math.max(0, Math.round(e.durationMs)),
      rate_limit_remaining: e.rateLimitRemaining ?? null,
      rate_limit_reset_at: e.rateLimitResetAt ?? null,
      cost_usd: e.costUsd ?? null,
      job_id: e.jobId ?? null,
      recorded_at: nowIso(),
    };
    const p = this.batcher.submit(row).catch((err: unknown) => {
      this.log?.warn({ err: (err as Error).message, service: e.service }, 'api_usage row lost');
    });
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Resolves when every row recorded so far is committed (or reported lost). */
  async flush(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }
}
