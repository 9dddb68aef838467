/**
 * `POST /webhooks/<source>` for each signed third-party webhook the application takes
 * (Shopify, Replicate; see pipeline/webhooks.ts). No bearer token: the route config says
 * `signature: <source>` and the sender's signature over the raw body is the
 * authentication, checked by the application before anything is parsed. So this plugin
 * (its own encapsulated context) replaces the JSON parser with one that keeps the exact
 * bytes, for every content type, within a per-route body limit.
 *
 * A missing, malformed or wrong signature → 401 UNAUTHORIZED, nothing changed; otherwise
 * 200 `{status: accepted | duplicate | ignored}` (a sender retries anything else).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine.js';
import { ApiError } from '../errors.js';

/**
 * Largest body per source. Replicate posts the whole prediction, input included: an
 * upscale's input is a data URI of up to 1 MB of JPEG (1.4 MB as base64).
 */
const BODY_LIMITS: Record<string, number> = { shopify: 512 * 1024, replicate: 2 * 1024 * 1024 };
const DEFAULT_LIMIT = 256 * 1024;

export async function signedWebhookRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const hooks = engine.app.webhooks;
  if (!hooks?.sources.length) return;
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    for (const source of hooks.sources) {
      scope.post(
        `/webhooks/${source}`,
        {
          bodyLimit: BODY_LIMITS[source] ?? DEFAULT_LIMIT,
          config: { signature: source },
          schema: { tags: ['webhooks'], summary: `${source} webhook (signed by ${source}; no bearer token)` },
        },
        async (req, reply) => {
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          const query = Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          const answer = await hooks.receive(engine, source, { headers, query, body });
          if ('refused' in answer) throw new ApiError(401, 'UNAUTHORIZED', answer.refused);
          return reply.status(200).send({ status: answer.outcome, ...(answer.detail ? { detail: answer.detail } : {}) });
        },
      );
    }
  });
}
