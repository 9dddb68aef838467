/**
 * The HTTP API (fastify): REST routes, OpenAPI at /docs, one error shape, auth on
 * every route but the public ones. Built from an Engine so tests and the bench run
 * the exact production server.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Engine } from '../engine.js';
import type { Logger } from '../logger.js';
import { installAuth } from './auth.js';
import { errorBody, installErrorHandling } from './errors.js';
import { authRoutes } from './routes/auth.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { metricsRoutes } from './routes/metrics.js';
import { queueRoutes } from './routes/queues.js';
import { fileRoutes } from './routes/files.js';
import { webhookRoutes } from './routes/webhooks.js';
import { backupRoutes } from './routes/backups.js';
import { signedWebhookRoutes } from './routes/signedWebhooks.js';
import { dashboardOptions, dashboardRoutes } from './dashboard.js';
import { mountGraphql } from '../graphql/server.js';
import type { Live } from '../graphql/live.js';

/** Largest accepted request body (bulk enqueue of a few thousand jobs fits). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface RouteInfo {
  method: string;
  url: string;
  public: boolean;
  roles: string[];
  /** Authenticated by this sender's signature instead of a bearer token (signed webhooks). */
  signature: string | null;
}
/** Each server's live-update hub (GraphQL subscriptions), fed by runApi's notice consumer. */
export const liveHubs = new WeakMap<FastifyInstance, Live>();

/** Every route a server registered, with its access rule (tests check each one). */
export const routeTables = new WeakMap<FastifyInstance, RouteInfo[]>();

export interface ServerOptions {
  logger: Logger;
  /** Extra route sets (the pipeline adds files and webhooks). */
  routes?: ((app: FastifyInstance, engine: Engine) => Promise<void>)[];
}

export async function buildServer(engine: Engine, options: ServerOptions): Promise<FastifyInstance> {
  const fastify = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: !engine.config.DEBUG, requestIdLogLabel: 'request_id' }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 100) : randomUUID()),
    // Only a proxy on this machine or a private network (the dashboard's nginx) may
    // name the client; anyone else's X-Forwarded-For is ignored.
    trustProxy: ['loopback', 'uniquelocal'],
    keepAliveTimeout: 65_000,
    // While closing, requests still arriving on kept-alive connections get our 503 (below), not fastify's own body.
    return503OnClosing: false,
  });
  // Our pino logger's type differs from fastify's base logger type only nominally.
  const app = fastify as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  installErrorHandling(app);
  // A graceful close (SIGTERM) lets in-flight requests finish; one that arrives on a kept-alive
  // connection meanwhile gets a whole 503 in the usual error shape, and fastify closes that
  // connection after it (Connection: close), so the client reconnects elsewhere or later.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_req, reply) => {
    if (closing) return reply.code(503).header('retry-after', '5').send(errorBody('SERVICE_UNAVAILABLE', 'the API is shutting down; try again shortly'));
  });
  installAuth(app, engine.config.JWT_SECRET);

  // The docs pages are public (they describe, they do not act).
  const table: RouteInfo[] = [];
  routeTables.set(app, table);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config as object), public: true };
    const cfg = route.config as { public?: boolean; roles?: string[]; signature?: string } | undefined;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url: route.url, public: Boolean(cfg?.public), roles: cfg?.roles ?? ['admin'], signature: cfg?.signature ?? null });
    }
  });

  await app.register(cookie); // the refresh-token cookie of /auth/* (routes/auth.ts)
  await app.register(swagger, {
    openapi: {
      info: { title: 'Field & Fen API', version: '1.0.0', description: 'Jobs, queues, files and webhooks. Errors: {detail, error_code, timestamp}.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  await healthRoutes(app, engine);
  await authRoutes(app, engine);
  await jobRoutes(app, engine);
  await queueRoutes(app, engine);
  await metricsRoutes(app, engine);
  await fileRoutes(app, engine);
  await webhookRoutes(app, engine);
  await backupRoutes(app, engine);
  await signedWebhookRoutes(app, engine);
  await dashboardRoutes(app, dashboardOptions(engine.config)); // the built dashboard at / (frontend/), public
  liveHubs.set(app, mountGraphql(app, engine, options.logger));
  for (const add of options.routes ?? []) await add(app, engine);
  return app;
}
