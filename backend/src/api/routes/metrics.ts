/**
 * GET /metrics (Prometheus text, admin token). The API's own metrics plus gauges read
 * at scrape time: jobs by state (from the database), queue and dead-letter depths
 * (from the broker), the outbox backlog. Run counters (durations, retries,
 * redeliveries, duplicate executions) are kept by each worker process and served on
 * its WORKER_METRICS_PORT.
 */
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Engine } from '../../engine.js';
import { jobsByStatus } from '../../domain/overview/repository.js';
import { queueStats } from '../../queue/redrive.js';
import { JOB_STATES } from '../../db/schema.js';

export async function metricsRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'fieldfen_api_' });
  new client.Gauge({
    name: 'fieldfen_jobs',
    help: 'Jobs by state (database).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      // Counted on the open-states index, COMPLETED as the rest of the total: no GROUP BY
      // over every row of a long-lived table at each scrape.
      const counts = await jobsByStatus(engine.db);
      for (const s of JOB_STATES) this.set({ status: s }, counts[s]);
    },
  });
  new client.Gauge({
    name: 'fieldfen_broker_up',
    help: '1 when the API is connected to RabbitMQ.',
    registers: [registry],
    collect() {
      this.set(engine.broker.connected ? 1 : 0);
    },
  });
  const depth = new client.Gauge({ name: 'fieldfen_queue_depth', help: 'Messages ready in a work queue.', labelNames: ['queue'], registers: [registry] });
  const dlq = new client.Gauge({ name: 'fieldfen_dlq_depth', help: 'Dead letters of a work queue.', labelNames: ['queue'], registers: [registry] });
  const consumers = new client.Gauge({ name: 'fieldfen_queue_consumers', help: 'Consumers of a work queue.', labelNames: ['queue'], registers: [registry] });
  /** Read the queues once per scrape (prom-client runs collect() callbacks concurrently). */
  async function refreshQueueGauges(): Promise<void> {
    if (!engine.broker.connected) return;
    for (const q of await queueStats(engine.broker).catch(() => [])) {
      depth.set({ queue: q.name }, q.depth);
      dlq.set({ queue: q.name }, q.dlq_depth);
      consumers.set({ queue: q.name }, q.consumers);
    }
  }
  new client.Gauge({
    name: 'fieldfen_outbox_backlog',
    help: 'Messages due but not yet published (grows while the broker is away).',
    registers: [registry],
    async collect() {
      this.set(await engine.relay.backlog());
    },
  });
  const requests = new client.Histogram({
    name: 'fieldfen_http_request_duration_seconds',
    help: 'API request duration by route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    requests.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { tags: ['metrics'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
    await refreshQueueGauges();
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
