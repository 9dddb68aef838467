/** File and what hangs off it: sizes, listings, reviews, jobs, API usage and cost. */
import type { FileRow } from '../../db/schema.js';
import type { Listing } from '../../domain/listings/service.js';
import type { Review } from '../../domain/reviews/service.js';
import type { ServiceUsage } from '../../domain/usage/service.js';
import { signedImageUrl } from '../../api/signedUrls.js';
import { builder } from '../builder.js';
import { FileStatus, connection } from './common.js';
import { FileRef, JobRef, type FileShape } from './refs.js';
import { sizeOptions, type SizeOption } from './sizes.js';

const parse = (s: string | null) => (s === null ? null : JSON.parse(s));
const hasThumbnail = (f: FileShape) => ('thumbnail' in f ? f.thumbnail !== null : Boolean(f.has_thumbnail));

export const SizeOptionRef = builder.objectRef<SizeOption>('PrintSizeOption').implement({
  fields: (t) => ({
    label: t.exposeString('label', { description: 'WIDTHxHEIGHT in inches, in the image orientation' }),
    key: t.exposeString('key', { description: 'SHORTxLONG, the price table key' }),
    widthIn: t.exposeInt('widthIn'),
    heightIn: t.exposeInt('heightIn'),
    dpi: t.exposeInt('dpi', { description: 'Effective DPI of the print file at this size' }),
    price: t.exposeFloat('price', { nullable: true }),
    offered: t.exposeBoolean('offered'),
    reason: t.exposeString('reason', { nullable: true, description: 'Why the size is not offered' }),
  }),
});

export const ListingRef = builder.objectRef<Listing>('Listing').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    platform: t.exposeString('platform'),
    platformListingId: t.exposeString('platform_listing_id'),
    url: t.exposeString('url', { nullable: true }),
    status: t.string({ description: 'ACTIVE, DRAFT, ARCHIVED or DELETED (kept in step with the store by its webhooks)', resolve: (l) => l.status.toUpperCase() }),
    title: t.exposeString('title', { nullable: true, description: "The product's title in the store, as its last webhook gave it" }),
    storeUpdatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the store last told us about the product (a webhook)', resolve: (l) => l.store_updated_at }),
    data: t.field({ type: 'JSON', nullable: true, resolve: (l) => parse(l.data_json) }),
    createdAt: t.field({ type: 'DateTime', resolve: (l) => l.created_at }),
    updatedAt: t.field({ type: 'DateTime', resolve: (l) => l.updated_at }),
  }),
});

export const ReviewRef = builder.objectRef<Review>('Review').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    decision: t.string({ resolve: (r) => r.decision.toUpperCase() }),
    reviewer: t.exposeString('reviewer'),
    reason: t.exposeString('reason', { nullable: true }),
    changes: t.field({ type: 'JSON', nullable: true, description: 'field → {from, to}', resolve: (r) => parse(r.changes_json) }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.created_at }),
  }),
});

export const ServiceUsageRef = builder.objectRef<ServiceUsage>('ServiceUsage').implement({
  fields: (t) => ({
    service: t.exposeString('service'),
    calls: t.exposeInt('requests'),
    errors: t.exposeInt('errors'),
    costUsd: t.exposeFloat('cost_usd', { nullable: true }),
  }),
});

FileRef.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    originalFilename: t.exposeString('original_filename'),
    processedFilename: t.exposeString('processed_filename', { nullable: true }),
    species: t.exposeString('species', { nullable: true }),
    status: t.field({ type: FileStatus, resolve: (f) => f.status.toUpperCase() as never }),
    statusReason: t.exposeString('status_reason', { nullable: true }),
    driveFileId: t.exposeString('drive_file_id', { nullable: true }),
    driveUrl: t.exposeString('drive_url', { nullable: true }),
    width: t.exposeInt('width', { nullable: true }),
    height: t.exposeInt('height', { nullable: true }),
    aspectRatio: t.exposeFloat('aspect_ratio', { nullable: true }),
    ratioFamily: t.exposeString('ratio_family', { nullable: true }),
    metadata: t.field({ type: 'JSON', nullable: true, description: 'The draft or approved metadata (title, description, hashtags, captions, species, filename)', resolve: (f) => parse(f.metadata_json) }),
    metadataWarnings: t.stringList({ description: 'Soft limits the stored draft misses', resolve: (f) => parse(f.metadata_warnings_json) ?? [] }),
    sizes: t.field({
      type: [SizeOptionRef],
      description: 'Every size of the ratio family, offered or not (with why)',
      resolve: async (f, _a, ctx) => {
        const [jobs, prices] = await Promise.all([ctx.loaders.jobsOfFile.load(f.id), ctx.loaders.prices.load('prices')]);
        return sizeOptions(f as FileRow, jobs, prices, ctx.engine.config.MIN_PRINT_DPI);
      },
    }),
    listings: t.field({ type: [ListingRef], resolve: (f, _a, ctx) => ctx.loaders.listingsOfFile.load(f.id) }),
    reviews: t.field({ type: [ReviewRef], resolve: (f, _a, ctx) => ctx.loaders.reviewsOfFile.load(f.id) }),
    jobs: t.field({ type: [JobRef], description: 'Newest first', resolve: (f, _a, ctx) => ctx.loaders.jobsOfFile.load(f.id) }),
    apiUsage: t.field({ type: [ServiceUsageRef], resolve: (f, _a, ctx) => ctx.loaders.usageOfFile.load(f.id) }),
    costUsd: t.float({
      description: 'Metered spend of its jobs so far (USD)',
      resolve: async (f, _a, ctx) => (await ctx.loaders.usageOfFile.load(f.id)).reduce((sum, u) => sum + (u.cost_usd ?? 0), 0),
    }),
    thumbnailUrl: t.string({ nullable: true, description: 'Signed for 5 minutes', resolve: (f, _a, ctx) => (hasThumbnail(f) ? signedImageUrl(`/api/files/${f.id}/thumbnail`, 300, ctx.engine.config.JWT_SECRET) : null) }),
    previewUrl: t.string({ nullable: true, description: 'Large review image (2048 px), signed for 5 minutes', resolve: (f, _a, ctx) => (hasThumbnail(f) ? signedImageUrl(`/api/files/${f.id}/preview`, 300, ctx.engine.config.JWT_SECRET) : null) }),
    createdAt: t.field({ type: 'DateTime', resolve: (f) => f.created_at }),
    updatedAt: t.field({ type: 'DateTime', resolve: (f) => f.updated_at }),
  }),
});

export const FileConnection = connection('File', FileRef);
