/**
 * The platform's Shopify webhook subscriptions: PRODUCTS_UPDATE and PRODUCTS_DELETE to
 * `PUBLIC_BASE_URL/webhooks/shopify`. Ensured by a housekeeping task at the first start
 * and every SUBSCRIPTION_CHECK_MS after (one process per interval, by lease; a restart
 * within the interval relies on the last check): the existing
 * subscriptions are listed first and only a missing topic is created, so restarts and
 * several workers make no duplicates, and a subscription Shopify dropped (it removes one
 * after repeated failed deliveries) comes back. Subscriptions to other addresses (another
 * deployment of the app) are left alone.
 */
import type { ShopifyClient } from '../integrations/shopify.js';
import type { Logger } from '../logger.js';

export const SHOPIFY_WEBHOOK_TOPICS = ['PRODUCTS_UPDATE', 'PRODUCTS_DELETE'] as const;
/** How often the subscriptions are checked after the first time. */
export const SUBSCRIPTION_CHECK_MS = 6 * 3_600_000;

export async function ensureShopifySubscriptions(shopify: ShopifyClient, uri: string, log?: Logger): Promise<{ created: string[]; existing: string[] }> {
  const subscribed = await shopify.webhookSubscriptions([...SHOPIFY_WEBHOOK_TOPICS]);
  const existing = SHOPIFY_WEBHOOK_TOPICS.filter((t) => subscribed.some((s) => s.topic === t && s.uri === uri));
  const created: string[] = [];
  for (const topic of SHOPIFY_WEBHOOK_TOPICS) {
    if (existing.includes(topic)) continue;
    await shopify.webhookSubscriptionCreate(topic, uri);
    created.push(topic);
  }
  if (created.length) log?.info({ created, uri }, 'subscribed to Shopify webhooks');
  return { created, existing };
}
