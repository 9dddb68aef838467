/**
 * UpdateListing (queue listing.create): push the file's current metadata (title,
 * description, tags) to its Shopify product, e.g. after an edit of a published file;
 * with `prices: true` also each variant's price from the price table in force (a size
 * no longer in the table keeps its price), stored back in the listing's data.
 * Idempotent by nature (productUpdate and productVariantsBulkUpdate set values), so a
 * retry reads the table again instead of replaying a checkpoint. Emits listing.updated.
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { need } from '../pipeline/deps.js';
import { callOpts } from '../pipeline/imageSteps.js';
import { metadataSchema } from '../domain/files/metadata.js';
import { priceFor, type PriceTable } from '../domain/settings/prices.js';
import type { SizePrice } from '../integrations/shopify.js';
import { PermanentError } from '../core/outcomes.js';
import { descriptionHtml, PLATFORM, productTags } from './createListing.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const updateListingPayload = strictPayload({ file_id: z.string().uuid(), prices: z.boolean().optional() });
type Payload = z.infer<typeof updateListingPayload>;

/** What CreateListing stored on the listing: variant_ids[i] is the variant of sizes[i]. */
interface ListingData { handle?: string; variant_ids?: string[]; publication_id?: string; sizes?: SizePrice[] }

/** The recorded sizes at today's prices, and the variants whose price the table sets. */
export function repriced(data: ListingData, table: PriceTable): { sizes: SizePrice[]; updates: { id: string; price: number }[] } {
  const ids = data.variant_ids ?? [];
  const sizes = data.sizes ?? [];
  if (sizes.length === 0 || ids.length !== sizes.length) {
    throw new PermanentError('the listing does not record its variants and their sizes', 'LISTING_DATA_INCOMPLETE');
  }
  const updates: { id: string; price: number }[] = [];
  const next = sizes.map((s, i) => {
    const price = safePriceFor(table, s.name);
    if (price === undefined) return s;
    updates.push({ id: ids[i], price });
    return { ...s, price };
  });
  return { sizes: next, updates };
}

function safePriceFor(table: PriceTable, label: string): number | undefined {
  try {
    return priceFor(table, label);
  } catch {
    return undefined; // not a WIDTHxHEIGHT label: nothing in the table can price it
  }
}

export const updateListing = defineCommand<Payload, PipelineDeps>({
  type: 'UpdateListing',
  queue: 'listing.create',
  payload: updateListingPayload,
  timeoutMs: 2 * 60_000,
  fileIdOf: (p) => p.file_id,
  async handler(ctx) {
    const { files, listings } = ctx.deps;
    const file = await files.get(ctx.payload.file_id);
    const listing = await listings.find(file.id, PLATFORM);
    if (!listing) throw new PermanentError('the file has no Shopify listing to update', 'NO_LISTING');
    const parsed = metadataSchema.safeParse(JSON.parse(file.metadata_json ?? 'null'));
    if (!parsed.success) throw new PermanentError('the file has no valid metadata', 'NO_METADATA');
    const meta = parsed.data;
    const data = JSON.parse(listing.data_json ?? '{}') as ListingData;
    const plan = ctx.payload.prices ? repriced(data, await ctx.deps.settings.prices()) : null; // refused before any call
    const shopify = need(ctx.deps, 'shopify');
    await shopify.updateProduct(
      { id: listing.platform_listing_id, title: meta.title, descriptionHtml: descriptionHtml(meta.description), tags: productTags(meta, file.id) },
      callOpts(ctx),
    );
    if (plan) {
      if (plan.updates.length) await shopify.variantsBulkUpdatePrices(listing.platform_listing_id, plan.updates, callOpts(ctx));
      await listings.updateData(listing.id, { ...data, sizes: plan.sizes });
    } else {
      await listings.touch(listing.id);
    }
    ctx.emit('listing.updated', { file_id: file.id, listing_id: listing.id, platform: PLATFORM });
    const prices = plan ? Object.fromEntries(plan.sizes.map((s) => [s.name, s.price])) : undefined;
    return { file_id: file.id, product_id: listing.platform_listing_id, ...(prices ? { prices } : {}) };
  },
});
