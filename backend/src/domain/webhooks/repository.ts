/** Webhook deliveries acted on, per source: a redelivery (same id) finds its row and changes nothing. */
import type { Db } from '../../db/connection.js';
import { isoAfter, nowIso } from '../../time.js';

/** True when this delivery is new (its row was written now), false when it was seen before. */
export async function insertDelivery(db: Db, source: string, deliveryId: string): Promise<boolean> {
  const row = await db
    .insertInto('webhook_deliveries')
    .values({ source, delivery_id: deliveryId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['source', 'delivery_id']).doNothing())
    .returning('delivery_id')
    .executeTakeFirst();
  return Boolean(row);
}

export async function pruneDeliveries(db: Db, olderThanMs: number): Promise<number> {
  const r = await db.deleteFrom('webhook_deliveries').where('created_at', '<', isoAfter(-olderThanMs)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
