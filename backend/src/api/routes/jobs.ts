/** /api/jobs — create (one or in bulk), list, read, retry, cancel. Thin: validate, call, present. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JOB_STATES } from '../../db/schema.js';
import type { Engine } from '../../engine.js';
import { ADMIN, READ } from '../auth.js';
import { cursorParam, limitParam, stateParam } from '../listQuery.js';
import { presentCurrentRun, presentJob, presentJobRun } from '../present.js';

const createBody = z.strictObject({
  command_type: z.string().min(1).max(100),
  payload: z.record(z.string(), z.unknown()).default({}),
});
const bulkBody = z.strictObject({ jobs: z.array(createBody).min(1).max(10_000) });
const listQuery = z.strictObject({
  status: stateParam(JOB_STATES),
  command_type: z.string().max(100).optional(),
  file_id: z.string().max(100).optional(),
  limit: limitParam,
  cursor: cursorParam,
});
const idParams = z.strictObject({ id: z.string().min(1).max(100) });

export async function jobRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['jobs'];

  r.post('/api/jobs', { config: { roles: ADMIN }, schema: { tags, summary: 'Enqueue a job', body: createBody } }, async (req, reply) => {
    const job = await engine.jobs.enqueue({ commandType: req.body.command_type, payload: req.body.payload });
    return reply.status(201).send({ job_id: job.id, status: 'PENDING' });
  });

  r.post('/api/jobs/bulk', { config: { roles: ADMIN }, schema: { tags, summary: 'Enqueue many jobs in one transaction', body: bulkBody } }, async (req, reply) => {
    const jobs = await engine.jobs.enqueueMany(req.body.jobs.map((j) => ({ commandType: j.command_type, payload: j.payload })));
    return reply.status(201).send({ job_ids: jobs.map((j) => j.id) });
  });

  r.get('/api/jobs', { config: { roles: READ }, schema: { tags, summary: 'List jobs, newest first', querystring: listQuery } }, async (req) => {
    const q = req.query;
    const page = await engine.jobs.list({ status: q.status, commandType: q.command_type, fileId: q.file_id, limit: q.limit, cursor: q.cursor });
    return { items: page.items.map(presentJob), next_cursor: page.next_cursor };
  });

  r.get('/api/jobs/:id', { config: { roles: READ }, schema: { tags, summary: 'One job with its runs, newest first', params: idParams } }, async (req) => {
    const job = await engine.jobs.get(req.params.id);
    const runs = (await engine.jobs.runs(job.id)).map(presentJobRun);
    return { ...presentJob(job), runs: job.status === 'running' ? [presentCurrentRun(job), ...runs] : runs };
  });

  r.post('/api/jobs/:id/retry', { config: { roles: ADMIN }, schema: { tags, summary: 'Run a FAILED or CANCELLED job again', params: idParams } }, async (req) =>
    presentJob(await engine.jobs.retry(req.params.id)),
  );

  r.post('/api/jobs/:id/cancel', { config: { roles: ADMIN }, schema: { tags, summary: 'Cancel a PENDING, RETRYING or RUNNING job', params: idParams } }, async (req) =>
    presentJob(await engine.jobs.cancel(req.params.id)),
  );
}
