/**
 * SyncShopifyListing (queue system, started by a verified Shopify webhook, see
 * pipeline/webhooks.ts): the owner changed or deleted a product in Shopify admin; the
 * listing follows.
 *
 *  - products/delete → the listing is `deleted` (no call: the payload's id is all there is);
 *  - products/update → the product is read back by its id (one metered GraphQL call) and
 *    its status (active, draft, archived), title and storefront URL are recorded; a product
 *    no longer there is `deleted`. Reading the product, rather than trusting the payload,
 *    means webhooks arriving out of order or late still record what is true now.
 *
 * Each word is recorded only if it is newer than the last one the listing has
 * (`triggered_at`, Shopify's X-Shopify-Triggered-At). Emits listing.updated when the
 * listing changed.
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { need } from '../pipeline/deps.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';
import { PLATFORM } from './createListing.js';

export const SHOPIFY_PRODUCT_TOPICS = ['products/update', 'products/delete'] as const;

export const syncShopifyListingPayload = strictPayload({
  listing_id: z.string().min(1),
  product_id: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/),
  topic: z.enum(SHOPIFY_PRODUCT_TOPICS),
  triggered_at: z.string().datetime({ offset: true }),
});
type Payload = z.infer<typeof syncShopifyListingPayload>;

export const syncShopifyListing = defineCommand<Payload, PipelineDeps>({
  type: 'SyncShopifyListing',
  queue: 'system',
  payload: syncShopifyListingPayload,
  timeoutMs: 60_000,
  async handler(ctx) {
    const { listings } = ctx.deps;
    const { listing_id, product_id, topic } = ctx.payload;
    const at = new Date(ctx.payload.triggered_at).toISOString();
    let state: { status: string; title?: string | null; url?: string | null };
    if (topic === 'products/delete') {
      state = { status: 'deleted' };
    } else {
      const product = await need(ctx.deps, 'shopify').getProduct(product_id, { jobId: ctx.job.id, signal: ctx.signal });
      state = product
        ? { status: product.status.toLowerCase(), title: product.title, url: product.onlineStoreUrl }
        : { status: 'deleted' };
    }
    const listing = await listings.applyStoreState(listing_id, { ...state, at });
    if (!listing) return { listing_id, product_id, changed: false, reason: 'a newer word from the store is recorded already' };
    ctx.emit('listing.updated', { file_id: listing.file_id, listing_id, platform: PLATFORM, status: listing.status });
    return { listing_id, product_id, changed: true, status: listing.status, title: listing.title, url: listing.url };
  },
});
