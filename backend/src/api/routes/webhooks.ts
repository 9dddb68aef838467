/**
 * POST /webhooks/file-ingested — the contract Zapier integrations use (SPEC §4):
 * `{file_id, filename, species?, drive_url?, scale?}` where file_id is the Drive file
 * id; 201 `{job_id, file_id, status:"queued"}` (file_id: our file record's id); a
 * payload already seen, or a Drive file already known → 409 DUPLICATE with the
 * existing ids. Hash, file row and job are written in one transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Engine } from '../../engine.js';
import { servicesOf } from '../../domain/services.js';
import { WEBHOOK } from '../auth.js';

const body = z.strictObject({
  file_id: z.string().trim().min(1).max(200),
  filename: z.string().trim().min(1).max(500),
  species: z.string().trim().min(1).max(100).optional(),
  drive_url: z.string().trim().url().max(2000).optional(),
  scale: z.union([z.literal(1), z.literal(2), z.literal(4)]).optional(),
});

export async function webhookRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { files } = servicesOf(engine);
  r.post('/webhooks/file-ingested', { config: { roles: WEBHOOK }, schema: { tags: ['webhooks'], summary: 'A new file to process (Zapier)', body } }, async (req, reply) => {
    // A payload or Drive file seen before is a DuplicateIngestError: 409 with the existing ids.
    const { fileId, jobId } = await files.ingestWebhook(req.body);
    return reply.status(201).send({ job_id: jobId, file_id: fileId, status: 'queued' });
  });
}
