/**
 * Issue 11, signed webhooks:
 *  - `webhook_deliveries`: the delivery ids already acted on, per source (Shopify's
 *    X-Shopify-Webhook-Id), so a redelivery changes nothing; pruned after a week by the
 *    pipeline's housekeeping (Shopify retries a failed delivery for 4 hours);
 *  - `listings.title` and `listings.store_updated_at`: what the store last told us about
 *    the product (its status goes in the existing `status`: active, draft, archived,
 *    deleted) and when.
 */
import type { Kysely } from 'kysely';
import { dialectName, dialectTypes } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = dialectTypes(dialectName(db));
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['source', 'delivery_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').column('created_at').execute();
  await db.schema.alterTable('listings').addColumn('title', 'text').execute();
  await db.schema.alterTable('listings').addColumn('store_updated_at', t.timestamp).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('listings').dropColumn('store_updated_at').execute();
  await db.schema.alterTable('listings').dropColumn('title').execute();
  await db.schema.dropTable('webhook_deliveries').ifExists().execute();
}
