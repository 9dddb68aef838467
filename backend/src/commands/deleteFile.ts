/**
 * DeleteFile (queue system): archive a file (status ARCHIVED with a reason). Nothing
 * is erased: the Drive files, listings and history stay for the record; a later
 * pipeline job for the file leaves an archived file alone.
 *
 * A file on sale must stop selling: when it has a Shopify listing not yet archived or
 * deleted, its product is set to ARCHIVED first (productUpdate, a checkpointed step),
 * the listing row becomes `archived`, and only then the file. That order keeps a
 * failure consistent (file and product both still live) and lets a retry finish the
 * job even after the file itself was archived. A product already gone from Shopify
 * marks the listing `deleted`. Shopify is needed only when there is such a listing.
 */
import { z } from 'zod';
import type { Listing } from '../domain/listings/service.js';
import { ShopifyUserError } from '../integrations/shopify.js';
import type { PipelineDeps } from '../pipeline/deps.js';
import { need } from '../pipeline/deps.js';
import { callOpts } from '../pipeline/imageSteps.js';
import { PLATFORM } from './createListing.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand, type JobContext } from '../jobs/command.js';

export const deleteFilePayload = strictPayload({ file_id: z.string().uuid(), reason: z.string().trim().min(1).max(500).optional() });
type Payload = z.infer<typeof deleteFilePayload>;

const ENDED_LISTING = new Set(['archived', 'deleted']);

/** The product's status after this step: ARCHIVED, or DELETED when Shopify no longer has it. */
function archiveProduct(ctx: JobContext<Payload, PipelineDeps>, listing: Listing): Promise<'ARCHIVED' | 'DELETED'> {
  const shopify = need(ctx.deps, 'shopify');
  return ctx.step('shopify_archive', async () => {
    try {
      await shopify.setProductStatus(listing.platform_listing_id, 'ARCHIVED', callOpts(ctx));
      return 'ARCHIVED' as const;
    } catch (err) {
      const gone = err instanceof ShopifyUserError && err.userErrors.some((e) => e.field?.includes('id') && /does not exist/i.test(e.message));
      if (gone) return 'DELETED' as const;
      throw err;
    }
  });
}

export const deleteFile = defineCommand<Payload, PipelineDeps>({
  type: 'DeleteFile',
  queue: 'system',
  payload: deleteFilePayload,
  timeoutMs: 60_000,
  fileIdOf: (p) => p.file_id,
  async handler(ctx) {
    const { files, listings } = ctx.deps;
    const file = await files.get(ctx.payload.file_id);
    const listing = await listings.find(file.id, PLATFORM);
    const live = listing && !ENDED_LISTING.has(listing.status) ? listing : null;
    if (file.status === 'archived' && !live) return { file_id: file.id, status: 'archived', already: true };

    let product: 'ARCHIVED' | 'DELETED' | null = null;
    if (live) {
      product = await archiveProduct(ctx, live);
      const status = product === 'ARCHIVED' ? 'archived' : 'deleted';
      await listings.touch(live.id, status);
      ctx.emit('listing.updated', { file_id: file.id, listing_id: live.id, platform: PLATFORM, status });
    }
    if (file.status !== 'archived') {
      const reason = `ARCHIVED: ${ctx.payload.reason ?? `archived from ${file.status.toUpperCase()}`}`;
      await files.setStatus(file.id, 'archived', { reason, from: [file.status] });
      ctx.emit('file.updated', { file_id: file.id, status: 'archived' });
    }
    return { file_id: file.id, status: 'archived', previous: file.status, ...(live ? { product_id: live.platform_listing_id, product_status: product } : {}) };
  },
});
