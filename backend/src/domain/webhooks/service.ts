/**
 * Webhook deliveries: a delivery is acted on once. Its id is recorded in the same
 * transaction as the job that does its work, so a redelivery (Shopify retries until it
 * sees a 2xx, and may deliver twice anyway) finds the row and starts nothing, and a
 * failed commit leaves neither.
 */
import type { Db } from '../../db/connection.js';
import type { EnqueueRequest, JobService } from '../../jobs/service.js';
import { insertDelivery, pruneDeliveries } from './repository.js';

/** How long delivery ids are kept (Shopify retries a failed delivery for 4 hours). */
export const DELIVERY_RETENTION_MS = 7 * 86_400_000;

export class WebhookDeliveryService {
  constructor(
    private readonly db: Db,
    private readonly jobs: JobService,
  ) {}

  /** Record the delivery and enqueue its jobs, once: `duplicate` when the id was seen before (nothing enqueued). */
  async acceptOnce(source: string, deliveryId: string, work: EnqueueRequest[]): Promise<{ duplicate: boolean; jobIds: string[] }> {
    const result = await this.db.transaction().execute(async (trx) => {
      if (!(await insertDelivery(trx, source, deliveryId))) return null;
      return this.jobs.enqueueInTransaction(trx, work);
    });
    if (!result) return { duplicate: true, jobIds: [] };
    this.jobs.dispatch(result.claimed);
    return { duplicate: false, jobIds: result.jobs.map((j) => j.id) };
  }

  /** Record a delivery with nothing to enqueue: false when the id was seen before. */
  recordOnce(source: string, deliveryId: string): Promise<boolean> {
    return insertDelivery(this.db, source, deliveryId);
  }

  prune(olderThanMs = DELIVERY_RETENTION_MS): Promise<number> {
    return pruneDeliveries(this.db, olderThanMs);
  }
}
