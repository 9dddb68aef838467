/**
 * The dashboard (frontend/, a built single-page app) served by the API process:
 *  - `/` and every deep link that a browser asks for as HTML (`/files?status=FAILED`)
 *    → dist/index.html with `cache-control: no-cache` (a deployment is picked up at once);
 *  - `/assets/*` → Vite's content-hashed files, a year of immutable cache;
 *  - other top-level files of dist (favicon.svg) → an hour of cache;
 *  - `/config.json` → the runtime configuration the app reads at start, so one build
 *    serves any deployment (no rebuild to change the API base or the name).
 * API prefixes (/api, /graphql, /auth, /webhooks, /health, /docs, /metrics) never fall
 * back to the page: an unknown API path stays a JSON 404. All of these routes are
 * public: they carry no data (the app logs in through /auth like any client).
 *
 * Configuration (read here, once, when the server is built):
 *   DASHBOARD_DIR    the built app; default `../frontend/dist` relative to backend/
 *                    (a relative value is resolved from backend/ too)
 *   PUBLIC_BASE_URL  optional: the address people use (absolute links); in /config.json
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ConfigError, REPO_ROOT } from '../config/index.js';
import { errorBody } from './errors.js';

const BACKEND_ROOT = path.join(REPO_ROOT, 'backend');

/** Paths that belong to the API: never answered with the page. */
export const API_PREFIXES = ['/api', '/graphql', '/auth', '/webhooks', '/health', '/docs', '/metrics'];

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The page's own security headers: scripts and connections from this origin only,
 * no framing. (The API's JSON answers need none of this.)
 */
const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export interface DashboardOptions {
  /** Absolute path of the built app (its index.html and assets/). */
  dir: string;
  publicBaseUrl: string | null;
}

/** DASHBOARD_DIR and PUBLIC_BASE_URL (from the configuration, or the environment; a bad value is a ConfigError). */
export function dashboardOptions(env: { DASHBOARD_DIR?: string; PUBLIC_BASE_URL?: string } = process.env): DashboardOptions {
  const dir = path.resolve(BACKEND_ROOT, env.DASHBOARD_DIR?.trim() || '../frontend/dist');
  const base = env.PUBLIC_BASE_URL?.trim() || null;
  if (base) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(base).protocol);
    } catch {
      /* not a URL */
    }
    if (!ok) throw new ConfigError('PUBLIC_BASE_URL', 'must be a URL (http: or https:)');
  }
  return { dir, publicBaseUrl: base ? base.replace(/\/+$/, '') : null };
}

/** What the app reads at start (frontend/src/lib/config.ts). */
export function runtimeConfig(options: DashboardOptions) {
  return {
    appName: 'Field & Fen',
    /** Where the API is: '' = the origin that served the page (this process). */
    apiBase: '',
    publicBaseUrl: options.publicBaseUrl,
  };
}

const isApiPath = (url: string) => API_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
const wantsHtml = (req: FastifyRequest) => (req.headers.accept ?? '').includes('text/html');

export async function dashboardRoutes(app: FastifyInstance, options: DashboardOptions = dashboardOptions()): Promise<void> {
  const { dir } = options;
  const indexFile = path.join(dir, 'index.html');
  // reply.sendFile only (serve: false): the routes are ours, so they carry `public`.
  await app.register(fastifyStatic, { serve: false });
  const config = { public: true };
  const schema = { hide: true };

  const sendIndex = async (reply: FastifyReply) => {
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch {
      return reply
        .status(404)
        .header('cache-control', 'no-cache')
        .send(errorBody('NOT_FOUND', `the dashboard is not built (no ${indexFile}): run npm run build`));
    }
    return reply.headers({ ...PAGE_HEADERS, 'cache-control': 'no-cache' }).type('text/html; charset=utf-8').send(html);
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    reply.status(404).send(errorBody('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));

  app.get('/', { config, schema }, (_req, reply) => sendIndex(reply));

  app.get('/config.json', { config, schema }, async (_req, reply) => reply.header('cache-control', 'no-cache').send(runtimeConfig(options)));

  app.get('/assets/*', { config, schema }, (req, reply) => {
    const file = (req.params as { '*': string })['*'];
    return reply.sendFile(file, path.join(dir, 'assets'), { immutable: true, maxAge: YEAR_SECONDS * 1000, cacheControl: true, dotfiles: 'deny' });
  });

  // Everything else a browser navigates to is a route of the app (the SPA fallback).
  app.get('/*', { config, schema }, async (req, reply) => {
    const pathname = req.url.split('?')[0];
    if (isApiPath(pathname)) return notFound(req, reply);
    // A top-level file of the build (favicon.svg, robots.txt): served as it is.
    const name = pathname.slice(1);
    if (/^[\w.-]+\.[a-z0-9]+$/i.test(name) && name !== 'index.html') {
      const found = await stat(path.join(dir, name)).then((s) => s.isFile(), () => false);
      if (found) return reply.sendFile(name, dir, { maxAge: 3600 * 1000, cacheControl: true, dotfiles: 'deny' });
    }
    if (!wantsHtml(req)) return notFound(req, reply);
    return sendIndex(reply);
  });
}
