/**
 * UpdateListing (queue listing.create): push the file's current metadata (title,
 * description, tags) to its Shopify product, e.g. after an edit of a published file.
 * Idempotent by nature (productUpdate sets values). Emits listing.updated.
 */
import { z } from 'zod';
import type { PipelineDeps } from '../pipeline/deps.js';
import { need } from '../pipeline/deps.js';
import { callOpts } from '../pipeline/imageSteps.js';
import { metadataSchema } from '../domain/files/metadata.js';
import { PermanentError } from '../core/outcomes.js';
import { descriptionHtml, PLATFORM, productTags } from './createListing.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand } from '../jobs/command.js';

export const updateListingPayload = strictPayload({ file_id: z.string().uuid() });
type Payload = z.infer<typeof updateListingPayload>;

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
    const shopify = need(ctx.deps, 'shopify');
    await shopify.updateProduct(
      { id: listing.platform_listing_id, title: meta.title, descriptionHtml: descriptionHtml(meta.description), tags: productTags(meta, file.id) },
      callOpts(ctx),
    );
    await listings.touch(listing.id);
    ctx.emit('listing.updated', { file_id: file.id, listing_id: listing.id, platform: PLATFORM });
    return { file_id: file.id, product_id: listing.platform_listing_id };
  },
});
