/**
 * /health — for monitoring: 200 healthy, or 503 degraded naming the failing part.
 * /health/live — for container and platform checks: 200 while the process serves and
 * its database answers. A broker outage must not get the API restarted: it keeps
 * accepting work into the outbox.
 */
import type { FastifyInstance } from 'fastify';
import { databaseAnswers } from '../../db/connection.js';
import type { Engine } from '../../engine.js';

export async function healthRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get('/health', { config: { public: true }, schema: { tags: ['health'], summary: 'Health of the API and its dependencies' } }, async (_req, reply) => {
    const database = (await databaseAnswers(engine.db)) ? 'connected' : 'disconnected';
    const rabbitmq = engine.broker.connected ? 'connected' : 'disconnected';
    const healthy = database === 'connected' && rabbitmq === 'connected';
    return reply.status(healthy ? 200 : 503).send({
      status: healthy ? 'healthy' : 'degraded',
      timestamp: new Date().toISOString(),
      database,
      rabbitmq,
      ...(engine.config.demoMode ? { demo: true } : {}),
    });
  });
  app.get('/health/live', { config: { public: true }, schema: { tags: ['health'], summary: 'Liveness' } }, async (_req, reply) => {
    const ok = await databaseAnswers(engine.db);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'alive' : 'database unavailable', timestamp: new Date().toISOString() });
  });
}
