/**
 * GraphQL at /graphql (graphql-yoga 5 on graphql 16, mounted in the Fastify server),
 * with subscriptions over SSE in graphql-sse's single-connection mode at
 * /graphql/stream (one stream per browser tab carries all its subscriptions).
 *
 * Guarded before anything runs: a bearer token (the same access tokens as REST; no
 * token → UNAUTHORIZED), graphql-armor's depth, alias, token and cost limits
 * (LIMITS below; the dashboard's largest query passes them), no introspection and no
 * field suggestions unless DEBUG=true, and GraphiQL (an offline build) only then.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import { servicesOf } from '../domain/services.js';
import { InvalidTokenError, verifyToken } from '../domain/users/service.js';
import type { Engine } from '../engine.js';
import type { Logger } from '../logger.js';
import { makeContext } from './context.js';
import { gqlError, maskError } from './errors.js';
import { Live } from './live.js';
import { schema } from './schema.js';

/** Query limits (graphql-armor), stated in README. */
export const LIMITS = {
  maxDepth: 8,
  maxAliases: 10,
  maxTokens: 3000,
  maxCost: 10_000,
  maxDirectives: 20,
} as const;

/** Validation failures (unknown field, limits, introspection when off) carry the REST code VALIDATION_ERROR. */
const validationCode: Plugin = {
  onValidate() {
    return ({ result, setResult }) => {
      if (result.length) setResult(result.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: 'VALIDATION_ERROR' } })));
    };
  },
};

const noIntrospection: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
};

interface ServerContext {
  req: FastifyRequest;
  reply: FastifyReply;
}

export function createGraphql(engine: Engine, log: Logger, live = new Live()) {
  const debug = engine.config.DEBUG;
  const services = servicesOf(engine);
  const secret = engine.config.JWT_SECRET;
  const yoga = createYoga<ServerContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: debug ? { title: 'Field & Fen GraphQL', subscriptionsProtocol: 'GRAPHQL_SSE' } : false,
    // Loaded on first use: its offline bundle is ~28 MB of heap, and it serves DEBUG only.
    renderGraphiQL: debug ? (options) => import('@graphql-yoga/render-graphiql').then((m) => m.renderGraphiQL(options)) : undefined,
    maskedErrors: { maskError: maskError(log) },
    logging: false,
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.maxDepth },
        maxAliases: { n: LIMITS.maxAliases },
        maxTokens: { n: LIMITS.maxTokens },
        costLimit: { maxCost: LIMITS.maxCost },
        maxDirectives: { n: LIMITS.maxDirectives },
        blockFieldSuggestion: { enabled: !debug },
      }),
      ...(debug ? [] : [noIntrospection]),
      validationCode,
      useGraphQLSSE({ endpoint: '/graphql/stream' }),
    ],
    context: async ({ request }) => {
      const header = request.headers.get('authorization');
      const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
      if (!token) throw gqlError('UNAUTHORIZED', 'missing bearer token', 401);
      let user;
      try {
        user = await verifyToken(secret, token);
      } catch (err) {
        throw gqlError('UNAUTHORIZED', err instanceof InvalidTokenError ? err.message : 'token is not valid', 401);
      }
      // `service` tokens (Zapier) may call webhooks only: nothing of GraphQL is theirs.
      if (user.role === 'service') throw gqlError('FORBIDDEN', 'role service may not use the GraphQL API', 403);
      return makeContext(user, engine, services, live);
    },
  });
  return { yoga, live };
}

/** Mount /graphql and /graphql/stream in Fastify (auth is in-band: the context checks the token). */
export function mountGraphql(app: FastifyInstance, engine: Engine, log: Logger): Live {
  const { yoga, live } = createGraphql(engine, log);
  // Open event streams, ended when the server closes (else a graceful close would wait on
  // them forever); the browser's client reconnects, to another process if this one is gone.
  const streams = new Set<FastifyReply['raw']>();
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const response = await yoga.handleNodeRequestAndResponse(req, reply, { req, reply });
    response.headers.forEach((value, key) => void reply.header(key, value));
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      // SSE through a proxy: no buffering (nginx honours this header).
      reply.header('x-accel-buffering', 'no');
      streams.add(reply.raw);
      reply.raw.once('close', () => streams.delete(reply.raw));
    }
    reply.status(response.status);
    return reply.send(response.body);
  };
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'] as const;
  app.route({ url: '/graphql', method: [...methods], config: { public: true }, schema: { hide: true }, handler });
  // graphql-sse reads the body itself (its PUT and DELETE carry none, its POSTs JSON): hand it
  // the text, still within the server's body limit, instead of Fastify's parsed object.
  void app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    // The stream is authenticated like REST (bearer token on every request of the client,
    // roles admin/reviewer): a refused caller gets a plain 401/403 before any stream opens.
    scoped.route({ url: '/graphql/stream', method: [...methods], config: { roles: ['admin', 'reviewer'] }, schema: { hide: true }, handler });
  });
  app.addHook('preClose', async () => {
    for (const raw of streams) raw.end();
  });
  app.addHook('onClose', async () => live.close());
  return live;
}
