/**
 * /api/files — the review queue and file records (SPEC §4). Thin: validate, call the
 * FileService, present.
 * Roles: reading, approving and rejecting are for reviewers and admins (READ);
 * reprocessing starts paid work again (a new upscale and metadata prediction), so it
 * is for admins only.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE_STATES, type FileRow } from '../../db/schema.js';
import type { Engine } from '../../engine.js';
import { FileNotFoundError, FileService, FileStateError, MetadataEditError, type FileSummary } from '../../pipeline/files.js';
import { metadataEditsSchema } from '../../pipeline/metadata.js';
import { ADMIN, READ } from '../auth.js';
import { ApiError } from '../errors.js';
import { parseJson as parse, presentJob } from '../present.js';
import { cursorParam, limitParam, stateParam } from '../listQuery.js';


export function presentFile(f: FileSummary | FileRow) {
  const hasThumb = 'thumbnail' in f ? f.thumbnail !== null : Boolean(f.has_thumbnail);
  return {
    id: f.id,
    original_filename: f.original_filename,
    processed_filename: f.processed_filename,
    species: f.species,
    status: f.status.toUpperCase(),
    status_reason: f.status_reason,
    drive_file_id: f.drive_file_id,
    drive_url: f.drive_url,
    processed_drive_file_id: f.processed_drive_file_id,
    content_checksum: f.content_checksum,
    width: f.width,
    height: f.height,
    aspect_ratio: f.aspect_ratio,
    ratio_family: f.ratio_family,
    offered_sizes: parse(f.offered_sizes_json),
    metadata: parse(f.metadata_json),
    thumbnail_url: hasThumb ? `/api/files/${f.id}/thumbnail` : null,
    created_at: f.created_at,
    updated_at: f.updated_at,
  };
}

const listQuery = z.strictObject({
  status: stateParam(FILE_STATES),
  species: z.string().max(100).optional(),
  limit: limitParam,
  cursor: cursorParam,
});
const idParams = z.strictObject({ id: z.string().min(1).max(100) });
const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

/** The service's errors as API errors. */
function asApi(err: unknown): never {
  if (err instanceof FileNotFoundError) throw new ApiError(404, 'NOT_FOUND', err.message);
  if (err instanceof FileStateError) throw new ApiError(409, 'INVALID_STATE', err.message, { status: err.status.toUpperCase() });
  if (err instanceof MetadataEditError) throw new ApiError(400, 'VALIDATION_ERROR', err.message);
  throw err;
}
const guarded = <T>(p: Promise<T>) => p.catch(asApi);

export async function fileRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const files = new FileService(engine.db, engine.jobs);
  const tags = ['files'];

  r.get('/api/files', { config: { roles: READ }, schema: { tags, summary: 'List files, newest first', querystring: listQuery } }, async (req) => {
    const q = req.query;
    const page = await files.list({ status: q.status, species: q.species, limit: q.limit, cursor: q.cursor });
    return { items: page.items.map(presentFile), next_cursor: page.next_cursor };
  });

  r.get('/api/files/:id', { config: { roles: READ }, schema: { tags, summary: 'One file with its jobs, listings, reviews and API usage', params: idParams } }, async (req) => {
    const d = await guarded(files.detail(req.params.id));
    return {
      ...presentFile(d.file),
      jobs: d.jobs.map(presentJob),
      listings: d.listings.map((l) => ({ id: l.id, platform: l.platform, platform_listing_id: l.platform_listing_id, url: l.url, status: l.status.toUpperCase(), data: parse(l.data_json), created_at: l.created_at, updated_at: l.updated_at })),
      reviews: d.reviews.map((v) => ({ id: v.id, decision: v.decision.toUpperCase(), reviewer: v.reviewer, reason: v.reason, changes: parse(v.changes_json), created_at: v.created_at })),
      api_usage: d.usage.map((u) => ({ service: u.service, requests: Number(u.requests), errors: Number(u.errors), cost_usd: u.cost_usd === null ? null : Number(u.cost_usd) })),
    };
  });

  r.get('/api/files/:id/thumbnail', { config: { roles: READ }, schema: { tags, summary: 'The review thumbnail (JPEG)', params: idParams } }, async (req, reply) => {
    const jpeg = await guarded(files.thumbnail(req.params.id));
    if (!jpeg) throw new ApiError(404, 'NOT_FOUND', 'this file has no thumbnail yet');
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, max-age=300').send(jpeg);
  });

  r.post(
    '/api/files/:id/approve',
    { config: { roles: READ }, schema: { tags, summary: 'Approve a PROCESSED file, optionally with edited metadata', params: idParams, body: metadataEditsSchema.nullish() } },
    async (req) => presentFile(await guarded(files.approve(req.params.id, req.user!.sub, req.body ?? {}))),
  );

  r.post('/api/files/:id/reject', { config: { roles: READ }, schema: { tags, summary: 'Reject a PROCESSED or FAILED file with a reason', params: idParams, body: rejectBody } }, async (req) =>
    presentFile(await guarded(files.reject(req.params.id, req.user!.sub, req.body.reason))),
  );

  r.post('/api/files/:id/reprocess', { config: { roles: ADMIN }, schema: { tags, summary: 'Process a file again (new upscale and metadata)', params: idParams } }, async (req, reply) => {
    const { jobId } = await guarded(files.reprocess(req.params.id, req.user!.sub));
    return reply.status(201).send({ job_id: jobId, status: 'PENDING' });
  });
}
