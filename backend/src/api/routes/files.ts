/**
 * /api/files — the review queue and file records (SPEC §4). Thin: validate, call the
 * FileService, present.
 * Roles: reading, approving and rejecting are for reviewers and admins (READ);
 * reprocessing starts paid work again (a new upscale and metadata prediction), so it
 * is for admins only.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { FILE_STATES } from '../../db/schema.js';
import { metadataEditsSchema } from '../../domain/files/metadata.js';
import { servicesOf } from '../../domain/services.js';
import type { Engine } from '../../engine.js';
import { previewPath } from '../../images/renditions.js';
import { ADMIN, READ } from '../auth.js';
import { ApiError } from '../errors.js';
import { cursorParam, limitParam, stateParam } from '../listQuery.js';
import { presentFile, presentJob, presentListing, presentReview, presentUsage } from '../present.js';

const listQuery = z.strictObject({
  status: stateParam(FILE_STATES),
  species: z.string().max(100).optional(),
  limit: limitParam,
  cursor: cursorParam,
});
const idParams = z.strictObject({ id: z.string().min(1).max(100) });
/** `?exp=&sig=` of a signed image URL (checked by the auth hook, api/signedUrls.ts). */
const signedQuery = z.strictObject({ exp: z.string().max(20).optional(), sig: z.string().max(100).optional() });
const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

export async function fileRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { files, listings, reviews, usage, jobs } = servicesOf(engine);
  const tags = ['files'];

  r.get('/api/files', { config: { roles: READ }, schema: { tags, summary: 'List files, newest first', querystring: listQuery } }, async (req) => {
    const q = req.query;
    const page = await files.list({ status: q.status, species: q.species, limit: q.limit, cursor: q.cursor });
    return { items: page.items.map(presentFile), next_cursor: page.next_cursor };
  });

  r.get('/api/files/:id', { config: { roles: READ }, schema: { tags, summary: 'One file with its jobs, listings, reviews and API usage', params: idParams } }, async (req) => {
    const file = await files.get(req.params.id);
    const ids = [file.id];
    const [fileJobs, fileListings, fileReviews, fileUsage] = await Promise.all([jobs.ofFiles(ids, 200), listings.ofFiles(ids), reviews.ofFiles(ids), usage.ofFiles(ids)]);
    return {
      ...presentFile(file),
      jobs: fileJobs.map(presentJob),
      listings: fileListings.map(presentListing),
      reviews: fileReviews.map(presentReview),
      api_usage: fileUsage.map(presentUsage),
    };
  });

  r.get('/api/files/:id/thumbnail', { config: { roles: READ, signedUrl: true }, schema: { tags, summary: 'The review thumbnail (JPEG); bearer token or signed URL', params: idParams, querystring: signedQuery } }, async (req, reply) => {
    const jpeg = await files.thumbnail(req.params.id);
    if (!jpeg) throw new NotFoundError('thumbnail of file', req.params.id);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, max-age=300').send(jpeg);
  });

  // The review preview (2048 px JPEG) is made once by the pipeline's inspect step and
  // kept on disk under DATA_DIR; the API only reads it.
  r.get('/api/files/:id/preview', { config: { roles: READ, signedUrl: true }, schema: { tags, summary: 'The review preview (JPEG, 2048 px long side); bearer token or signed URL', params: idParams, querystring: signedQuery } }, async (req, reply) => {
    const file = await files.get(req.params.id);
    const jpeg = await readFile(previewPath(engine.config.DATA_DIR, file.id)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!jpeg) throw new ApiError(404, 'NOT_FOUND', `file ${file.id} has no preview on disk: previews are made when a file is inspected, so this one was inspected before previews existed or its preview was lost; reprocess the file to make one (the thumbnail is still available)`);
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'private, max-age=300').send(jpeg);
  });

  r.post(
    '/api/files/:id/approve',
    { config: { roles: READ }, schema: { tags, summary: 'Approve a PROCESSED file, optionally with edited metadata', params: idParams, body: metadataEditsSchema.nullish() } },
    async (req) => presentFile(await files.approve(req.params.id, req.user!.sub, req.body ?? {})),
  );

  r.post('/api/files/:id/reject', { config: { roles: READ }, schema: { tags, summary: 'Reject a PROCESSED or FAILED file with a reason', params: idParams, body: rejectBody } }, async (req) =>
    presentFile(await files.reject(req.params.id, req.user!.sub, req.body.reason)),
  );

  r.post('/api/files/:id/reprocess', { config: { roles: ADMIN }, schema: { tags, summary: 'Process a file again (new upscale and metadata)', params: idParams } }, async (req, reply) => {
    const { jobId } = await files.reprocess(req.params.id, req.user!.sub);
    return reply.status(201).send({ job_id: jobId, status: 'PENDING' });
  });
}
