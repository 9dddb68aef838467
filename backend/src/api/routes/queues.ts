/** /api/queues — depths, consumers, dead letters; redrive a queue's dead letters. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Engine } from '../../engine.js';
import { WORK_QUEUES } from '../../queue/topology.js';
import { queueStats, redrive } from '../../queue/redrive.js';
import { ADMIN, READ } from '../auth.js';
import { ApiError } from '../errors.js';

function requireBroker(engine: Engine): void {
  if (!engine.broker.connected) throw new ApiError(503, 'SERVICE_UNAVAILABLE', 'RabbitMQ is not reachable right now');
}

export async function queueRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/queues', { config: { roles: READ }, schema: { tags: ['queues'], summary: 'Work queues with depth, consumers and dead letters' } }, async () => {
    requireBroker(engine);
    return { queues: await queueStats(engine.broker) };
  });
  r.post(
    '/api/queues/:name/redrive',
    { config: { roles: ADMIN }, schema: { tags: ['queues'], summary: "Move a work queue's dead letters back and reset their jobs", params: z.strictObject({ name: z.enum(WORK_QUEUES) }) } },
    async (req) => {
      requireBroker(engine);
      return { redriven: await redrive(engine, req.params.name) };
    },
  );
}
