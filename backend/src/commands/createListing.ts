/**
 * CreateListing (queue listing.create, started by file.approved): the approved file
 * becomes one live Shopify product, whatever the retries. Each Shopify step is a
 * checkpoint: staged upload of the web rendition (≤ 20 MP, made from the print file),
 * productCreate (preceded by a lookup of the tag `ff-file-<fileId>`, so a crash between
 * productCreate and its checkpoint never makes a second product), variants (one per
 * offered size at the configured price; a re-run checks what exists first), publish
 * to the Online Store. Then the listing row (UNIQUE file_id + platform), the Drive
 * moves (original → its species folder, print file → Published), file PUBLISHED, and
 * listing.created.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeWebRendition } from '../images/renditions.js';
import type { PriceTable } from '../domain/settings/prices.js';
import { formatPrice, ShopifyUserError, type ShopifyClient, type SizePrice } from '../integrations/shopify.js';
import type { PipelineDeps } from '../pipeline/deps.js';
import { folder, need } from '../pipeline/deps.js';
import { failingFileOnFinalError } from '../pipeline/guard.js';
import { callOpts, type OfferedWithPrice } from '../pipeline/imageSteps.js';
import { metadataSchema, slugify, type Metadata } from '../domain/files/metadata.js';
import { streamToFile, withTempDir } from '../pipeline/tempfiles.js';
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import { strictPayload } from '../jobs/registry.js';
import { defineCommand, type JobContext } from '../jobs/command.js';

export const listingPayload = strictPayload({ file_id: z.string().uuid() });
type Payload = z.infer<typeof listingPayload>;
type Ctx = JobContext<Payload, PipelineDeps>;

export const PLATFORM = 'shopify';
export const PRODUCT_TYPE = 'Canvas Print';
export const fileTag = (fileId: string) => `ff-file-${fileId}`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export const descriptionHtml = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escapeHtml(p.trim())}</p>`)
    .join('');
export function productTags(meta: Metadata, fileId: string): string[] {
  const tags = [...meta.hashtags.map((h) => h.replace(/^#/, '')), meta.species, fileTag(fileId)];
  return [...new Map(tags.map((t) => [t.toLowerCase(), t])).values()];
}

export function sizesWithPrices(offered: OfferedWithPrice[], prices: PriceTable): SizePrice[] {
  const out: SizePrice[] = [];
  for (const s of offered) {
    const price = prices[s.key];
    if (price !== undefined) out.push({ name: s.label, price });
  }
  return out;
}

interface ProductRef {
  id: string;
  handle: string;
  reused: boolean;
}

/**
 * productCreate, at most once per file. A lookup by the file's tag runs first, unless
 * this job already looked and has not sent productCreate since (a THROTTLED answer is
 * "not executed": re-looking on every wait would spend the refilled bucket on the
 * lookup and never get to create). The handle is deterministic, so even a product the
 * search index does not show yet cannot be created twice: Shopify refuses the handle.
 */
async function productStep(ctx: Ctx, shopify: ShopifyClient, meta: Metadata, sizes: SizePrice[], imageUrl: string): Promise<ProductRef> {
  return ctx.step('product', async () => {
    const fileId = ctx.payload.file_id;
    const lookup = async () => {
      const existing = await shopify.findProductByTag(fileTag(fileId), callOpts(ctx));
      return existing ? { id: existing.id, handle: existing.handle, reused: true } : null;
    };
    if (ctx.checkpoint('product_create_sent') || !ctx.checkpoint('product_lookup_done')) {
      const found = await lookup();
      if (found) return found;
      await ctx.saveCheckpoint('product_lookup_done', true);
    }
    await ctx.saveCheckpoint('product_create_sent', true);
    let p;
    try {
      p = await shopify.productCreate(
        {
          title: meta.title,
          handle: productHandle(meta, fileId),
          descriptionHtml: descriptionHtml(meta.description),
          productType: PRODUCT_TYPE,
          vendor: 'Field & Fen',
          tags: productTags(meta, fileId),
          imageUrl,
          imageAlt: meta.title,
          sizes,
        },
        callOpts(ctx),
      );
    } catch (err) {
      if (err instanceof ShopifyUserError && err.userErrors.some((e) => e.field?.includes('handle'))) {
        // Our handle is taken: by our own product from an earlier run (the index may lag).
        const found = await lookup();
        if (found) return found;
        throw new RetryableError('Shopify says the product handle exists but the product is not searchable yet', 'SHOPIFY_INDEX_LAG');
      }
      // Refused before it ran (throttled, rate limited): nothing was created.
      if (err instanceof RunLaterError) await ctx.saveCheckpoint('product_create_sent', false);
      throw err;
    }
    await ctx.deps.options.hooks?.afterProductCreate?.(ctx.job.id, p.id);
    return { id: p.id, handle: p.handle, reused: false };
  });
}

export const productHandle = (meta: Metadata, fileId: string) => `${slugify(meta.title).slice(0, 80) || 'canvas-print'}-${fileId.slice(0, 8)}`;

async function variantsStep(ctx: Ctx, shopify: ShopifyClient, productId: string, sizes: SizePrice[]): Promise<string[]> {
  return ctx.step('variants', async () => {
    if (ctx.checkpoint('variants_started')) {
      // A previous run may have created them before it died: look before creating.
      const current = await shopify.getProduct(productId, callOpts(ctx));
      const priceOf = new Map((current?.variants ?? []).map((v) => [v.selectedOptions.find((o) => o.name === 'Size')?.value, v.price]));
      if (current && current.variants.length === sizes.length && sizes.every((s) => priceOf.get(s.name) === formatPrice(s.price))) {
        return current.variants.map((v) => v.id);
      }
    } else {
      await ctx.saveCheckpoint('variants_started', true);
    }
    return (await shopify.variantsBulkCreate(productId, sizes, callOpts(ctx))).map((v) => v.id);
  });
}

export const createListing = defineCommand<Payload, PipelineDeps>({
  type: 'CreateListing',
  queue: 'listing.create',
  payload: listingPayload,
  timeoutMs: 10 * 60_000,
  fileIdOf: (p) => p.file_id,
  handler: failingFileOnFinalError(async (ctx) => {
    const { files, listings } = ctx.deps;
    const file = await files.get(ctx.payload.file_id);
    if (file.status === 'published') return { skipped: true, status: file.status };
    if (file.status !== 'approved') throw new PermanentError(`file is ${file.status.toUpperCase()}, not APPROVED`, 'INVALID_STATE');
    const shopify = need(ctx.deps, 'shopify');
    const drive = need(ctx.deps, 'drive');
    const meta = metadataSchema.parse(JSON.parse(file.metadata_json ?? 'null'));
    const sizes = sizesWithPrices(JSON.parse(file.offered_sizes_json ?? '[]') as OfferedWithPrice[], await ctx.deps.settings.prices());
    if (sizes.length === 0) throw new PermanentError('no offered size has a price in the price table', 'NO_PRICED_SIZES');
    if (!file.processed_drive_file_id) throw new PermanentError('the file has no print file in Drive', 'NO_PRINT_FILE');

    const imageUrl = await ctx.step('staged_upload', () =>
      withTempDir(ctx.deps.options.tmpDir, async (dir) => {
        const print = await streamToFile(await drive.download(file.processed_drive_file_id!, callOpts(ctx)), path.join(dir, 'print.jpg'));
        const web = await writeWebRendition(print, path.join(dir, 'web.jpg'));
        return shopify.stagedUploadImage({ filename: meta.filename, mimeType: 'image/jpeg', bytes: await readFile(web.path) }, callOpts(ctx));
      }),
    );
    const product = await productStep(ctx, shopify, meta, sizes, imageUrl);
    const variantIds = await variantsStep(ctx, shopify, product.id, sizes);
    const published = await ctx.step('publish', () => shopify.publishToOnlineStore(product.id, callOpts(ctx)));

    const url = `${shopify.storeUrl}/products/${product.handle}`;
    const listing = await listings.record({
      fileId: file.id,
      platform: PLATFORM,
      platformListingId: product.id,
      url,
      status: 'active',
      data: { handle: product.handle, variant_ids: variantIds, publication_id: published.publicationId, sizes },
    });

    // Drive: the original to its species folder, the print file to Published.
    await ctx.step('drive_species', async () => {
      if (!file.drive_file_id) return null;
      const speciesFolder = await drive.findOrCreateFolder(meta.species, folder(ctx.deps, 'species'), callOpts(ctx));
      const current = await drive.getFile(file.drive_file_id, callOpts(ctx));
      if (current.parents.includes(speciesFolder.id)) return speciesFolder.id;
      await drive.moveFile(file.drive_file_id, { addParents: speciesFolder.id, removeParents: current.parents }, callOpts(ctx));
      return speciesFolder.id;
    });
    await ctx.step('drive_published', async () => {
      const target = folder(ctx.deps, 'published');
      const current = await drive.getFile(file.processed_drive_file_id!, callOpts(ctx));
      if (!current.parents.includes(target)) await drive.moveFile(current.id, { addParents: target, removeParents: current.parents }, callOpts(ctx));
      return target;
    });

    await files.setStatus(file.id, 'published', { from: ['approved'] });
    ctx.emit('listing.created', { file_id: file.id, listing_id: listing.id, platform: PLATFORM, platform_listing_id: product.id, url });
    return { file_id: file.id, product_id: product.id, reused_product: product.reused, variants: variantIds.length, url };
  }),
});
