/**
 * Local stand-in for a Shopify store's Admin API, strict enough that the production client
 * runs against it unchanged (SHOPIFY_STORE_URL=http://127.0.0.1:<port>):
 *
 *  - POST /admin/oauth/access_token — client-credentials grant (form or JSON). Wrong or
 *    unknown credentials → 400 `{error:"invalid_client", error_description}` (JSON when the
 *    client accepts JSON, an HTML page otherwise, as Shopify does); tokens expire after
 *    `tokenTtlSeconds` (86399) or at `expireAllTokens()`.
 *  - POST /admin/api/{version}/graphql.json — unknown version → 404 `{"errors":"Not Found"}`;
 *    bad token → 401 `{"errors":"[API] Invalid API key or access token (unrecognized login or
 *    wrong password)"}`; cost-based leaky bucket (THROTTLED with HTTP 200, as Shopify).
 *    Supported root fields: stagedUploadsCreate, productCreate, productVariantsBulkCreate,
 *    productVariantsBulkUpdate, productUpdate (status included), publishablePublish,
 *    publications, products, product, shop, webhookSubscriptions, webhookSubscriptionCreate.
 *    Inputs are read
 *    from `variables` only (see document.ts); the answer has a fixed complete shape.
 *  - POST /staged-uploads/ (multipart) and PUT /staged-uploads/<key> — the staged targets.
 *  - Webhooks (shopify/webhooks.ts): a productUpdate through the API, or the owner's change
 *    through `admin.updateProduct` / `admin.deleteProduct` (stand-in controls, as if done in
 *    Shopify admin), POSTs signed products/update | products/delete to the subscribed URIs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Catalog, VariableError, type FakeProduct } from './shopify/catalog.js';
import { DocumentError, LeakyBucket, estimateCost, parseOperation, resolveArgs, type ParsedOperation } from './shopify/document.js';
import { StagedUploads } from './shopify/uploads.js';
import { FakeWebhooks } from './shopify/webhooks.js';

export interface FakeShopifyOptions {
  clientId?: string;
  clientSecret?: string;
  fixedToken?: string; // a legacy admin-created app token, always accepted
  port?: number;
  host?: string;
  maximumAvailable?: number; // cost bucket size (2000)
  restoreRate?: number; // points per second (100)
  tokenTtlSeconds?: number; // 86399, as Shopify
  supportedVersions?: string[];
  searchIndexDelayMs?: number; // products(query:) sees a product only this long after creation
  scope?: string;
  shopName?: string; // `shop { name }`
}

export interface FakeRequest { method: string; path: string; endpoint: string; status: number; operation?: string; at: number }
export interface ThrottleRecord { operation: string; requestedQueryCost: number; currentlyAvailable: number; restoreRate: number; maximumAvailable: number }
type Route = 'graphql' | 'token' | 'upload' | 'any';

export const INVALID_TOKEN_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
const DEFAULT_VERSIONS = ['2025-07', '2025-10', '2026-01', '2026-04', '2026-07', '2026-10', '2027-01', 'unstable'];

export async function startFakeShopify(opts: FakeShopifyOptions = {}) {
  const clientId = opts.clientId ?? 'fake-shopify-client-id';
  const clientSecret = opts.clientSecret ?? 'fake-shopify-client-secret';
  const scope = opts.scope ?? 'read_products,write_products,read_publications,write_publications';
  const versions = new Set(opts.supportedVersions ?? DEFAULT_VERSIONS);
  const ttl = opts.tokenTtlSeconds ?? 86399;
  const tokens = new Map<string, number>(); // token → expiresAt (ms)
  const requests: FakeRequest[] = [];
  const throttled: ThrottleRecord[] = [];
  const counters = { tokenGrants: 0, graphql: 0, uploads: 0, throttled: 0, unauthorized: 0 };
  const failures: Array<{ status: number; retryAfter?: number; route: Route }> = [];
  const forcedThrottles: Array<{ currentlyAvailable?: number }> = [];
  let baseUrl = '';
  const bucket = new LeakyBucket(opts.maximumAvailable ?? 2000, opts.restoreRate ?? 100);
  const uploads = new StagedUploads(() => baseUrl, '64000000001');
  const catalog = new Catalog(() => baseUrl, uploads, Date.now, opts.searchIndexDelayMs ?? 0);
  const webhooks = new FakeWebhooks(clientSecret, () => new URL(baseUrl).host);
  const storeUrl = (p: FakeProduct) => (catalog.render(p).onlineStoreUrl as string | null);

  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, { errors: `stand-in failure: ${(err as Error).message}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const log = (endpoint: string, status: number, operation?: string) => requests.push({ method: req.method ?? '', path: url.pathname, endpoint, status, operation, at: Date.now() });

    if (url.pathname === '/admin/oauth/access_token') {
      const status = injected('token', res) ?? grant(req, res, body);
      return void log('POST /admin/oauth/access_token', status);
    }
    if (url.pathname.startsWith('/staged-uploads/')) {
      const status = injected('upload', res) ?? (await uploads.handle(req, res, url, body));
      counters.uploads++;
      return void log(`${req.method} staged-upload`, status);
    }
    const gql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (gql) {
      const parsed = parseBody(body);
      let op: ParsedOperation | null = null;
      try {
        op = parsed ? parseOperation(parsed.query) : null;
      } catch { /* reported below */ }
      const operation = op?.name ?? op?.rootField ?? 'anonymous';
      counters.graphql++;
      const status = await graphql(req, res, gql[1], parsed, op, operation);
      return void log(`graphql ${operation}`, status, op?.rootField);
    }
    send(res, 404, { errors: 'Not Found' });
    log(`${req.method} ${url.pathname}`, 404);
  }

  function injected(route: Route, res: ServerResponse): number | undefined {
    const i = failures.findIndex((f) => f.route === route || f.route === 'any');
    if (i < 0) return undefined;
    const [f] = failures.splice(i, 1);
    if (f.status === 429) {
      send(res, 429, { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' }, { 'Retry-After': (f.retryAfter ?? 2).toFixed(1) });
    } else {
      send(res, f.status, { errors: f.status >= 500 ? 'An unexpected error occurred' : 'Injected failure' });
    }
    return f.status;
  }

  function grant(req: IncomingMessage, res: ServerResponse, body: Buffer): number {
    const wantsJson = String(req.headers.accept ?? '').includes('json');
    const fail = (error: string, description: string) => {
      if (wantsJson) return send(res, 400, { error, error_description: description });
      res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html><body><p>Oauth error ${error}: ${description}</p></body></html>`);
      return 400;
    };
    if (req.method !== 'POST') return send(res, 405, { errors: 'Method Not Allowed' });
    const ct = String(req.headers['content-type'] ?? '');
    const params: Record<string, string> = ct.includes('json')
      ? ((parseJsonSafe(body.toString()) as Record<string, string>) ?? {})
      : Object.fromEntries(new URLSearchParams(body.toString()));
    if (params.grant_type !== 'client_credentials') return fail('unsupported_grant_type', 'The authorization grant type is not supported.');
    if (params.client_id !== clientId || params.client_secret !== clientSecret) {
      return fail('invalid_client', 'Client authentication failed: unknown client or invalid client secret.');
    }
    const token = `shpat_${randomBytes(16).toString('hex')}`;
    tokens.set(token, Date.now() + ttl * 1000);
    counters.tokenGrants++;
    return send(res, 200, { access_token: token, scope, expires_in: ttl });
  }

  function validToken(token: string | undefined): boolean {
    if (!token) return false;
    if (opts.fixedToken && token === opts.fixedToken) return true;
    const exp = tokens.get(token);
    return exp !== undefined && Date.now() < exp;
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, version: string, parsed: { query: string; variables: Record<string, unknown> } | null, op: ParsedOperation | null, operation: string): Promise<number> {
    if (!versions.has(version)) return send(res, 404, { errors: 'Not Found' });
    if (req.method !== 'POST') return send(res, 405, { errors: 'Method Not Allowed' });
    const failed = injected('graphql', res);
    if (failed !== undefined) return failed;
    const token = req.headers['x-shopify-access-token'];
    if (!validToken(typeof token === 'string' ? token : undefined)) {
      counters.unauthorized++;
      return send(res, 401, INVALID_TOKEN_BODY);
    }
    if (!parsed) return send(res, 400, { errors: { query: 'Required parameter missing or invalid' } });
    const headers = { 'X-Shopify-API-Version': version, 'X-Request-Id': randomUUID() };
    if (!op) {
      let message = 'syntax error';
      try { parseOperation(parsed.query); } catch (e) { message = (e as Error).message; }
      return send(res, 200, { errors: [{ message, locations: [{ line: 1, column: 1 }] }] }, headers);
    }
    const cost = estimateCost(parsed.query, op, parsed.variables);
    if (cost > 1000) {
      return send(res, 200, { errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (1000).`, extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: 1000, documentation: 'https://shopify.dev/api/usage/limits#rate-limits' } }] }, headers);
    }
    const forced = forcedThrottles.shift();
    if (forced) bucket.drainTo(forced.currentlyAvailable ?? Math.max(0, cost - 2 * bucket.restoreRate));
    if (forced || !bucket.tryTake(cost)) {
      const status = bucket.status();
      counters.throttled++;
      throttled.push({ operation, requestedQueryCost: cost, ...status });
      return send(res, 200, {
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/limits#rate-limits' } }],
        extensions: { cost: { requestedQueryCost: cost, actualQueryCost: null, throttleStatus: status } },
      }, headers);
    }
    const extensions = () => ({ cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: bucket.status() } });
    try {
      const value = await resolve(op, resolveArgs(op, parsed.variables));
      return send(res, 200, { data: { [op.rootField]: value }, extensions: extensions() }, headers);
    } catch (err) {
      if (err instanceof VariableError) {
        return send(res, 200, { errors: [{ message: err.message, locations: [{ line: 1, column: 1 }], extensions: { value: err.value ?? null, problems: [{ path: [], explanation: err.explanation }] } }] }, headers);
      }
      if (err instanceof DocumentError) return send(res, 200, { errors: [{ message: err.message }] }, headers);
      if (err instanceof UnknownField) {
        const typeName = op.type === 'mutation' ? 'Mutation' : 'QueryRoot';
        return send(res, 200, { errors: [{ message: `Field '${op.rootField}' doesn't exist on type '${typeName}'`, extensions: { code: 'undefinedField', typeName, fieldName: op.rootField } }] }, headers);
      }
      const requestId = headers['X-Request-Id'];
      return send(res, 200, { errors: [{ message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests). [${(err as Error).message}]`, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] }, headers);
    }
  }

  async function resolve(op: ParsedOperation, args: Record<string, unknown>): Promise<unknown> {
    const queries: Record<string, () => unknown> = {
      product: () => catalog.product(args),
      products: () => catalog.productsQuery(args),
      publications: () => catalog.publications(),
      shop: () => ({ id: 'gid://shopify/Shop/1', name: opts.shopName ?? 'Field & Fen (stand-in)', myshopifyDomain: new URL(baseUrl).host }),
      webhookSubscriptions: () => webhooks.list(args),
    };
    const mutations: Record<string, () => unknown> = {
      stagedUploadsCreate: () => catalog.stagedUploadsCreate(args),
      productCreate: () => catalog.productCreate(args),
      productVariantsBulkCreate: () => catalog.productVariantsBulkCreate(args),
      productVariantsBulkUpdate: () => catalog.productVariantsBulkUpdate(args),
      productUpdate: () => {
        const out = catalog.productUpdate(args) as { product: { id: string } | null };
        const changed = out.product ? catalog.find(out.product.id) : undefined;
        if (changed) void webhooks.productUpdated(changed, storeUrl(changed)); // as Shopify: any update, the app's own included
        return out;
      },
      webhookSubscriptionCreate: () => webhooks.create(args),
      publishablePublish: () => catalog.publishablePublish(args),
    };
    const table = op.type === 'mutation' ? mutations : queries;
    if (!Object.hasOwn(table, op.rootField)) throw new UnknownField();
    return table[op.rootField]();
  }

  await new Promise<void>((ok) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', ok));
  const addr = server.address() as AddressInfo;
  baseUrl = `http://${opts.host ?? '127.0.0.1'}:${addr.port}`;

  return {
    baseUrl,
    clientId,
    clientSecret,
    fixedToken: opts.fixedToken,
    state: catalog,
    get products(): FakeProduct[] {
      return catalog.products;
    },
    requests,
    throttled,
    counters,
    bucket,
    fail: {
      /** The next `n` requests on `route` (default graphql) fail with `status`. */
      next(n: number, o: { status: 500 | 502 | 503 | 429 | number; retryAfter?: number; route?: Route }): void {
        for (let i = 0; i < n; i++) failures.push({ status: o.status, retryAfter: o.retryAfter, route: o.route ?? 'graphql' });
      },
      clear(): void {
        failures.length = 0;
      },
    },
    /** The next `n` GraphQL calls are THROTTLED, the bucket drained to `currentlyAvailable`. */
    throttleNext(n: number, o: { currentlyAvailable?: number } = {}): void {
      for (let i = 0; i < n; i++) forcedThrottles.push({ ...o });
    },
    /** Refill the cost bucket, as if the wait a THROTTLED answer asked for had passed. */
    refillBucket(): void {
      bucket.drainTo(bucket.maximumAvailable);
    },
    /** Subscriptions and every delivery made (shopify/webhooks.ts); `redeliver` repeats one byte for byte. */
    webhooks,
    /** The shop owner's own changes, as made in Shopify admin: they change the product and send the webhooks. */
    admin: {
      async updateProduct(id: string, change: { status?: 'ACTIVE' | 'DRAFT' | 'ARCHIVED'; title?: string }) {
        const p = catalog.find(id);
        if (!p) throw new Error(`stand-in Shopify: no product ${id}`);
        if (change.status) p.status = change.status;
        if (change.title) p.title = change.title;
        p.updatedAt = Date.now();
        return webhooks.productUpdated(p, storeUrl(p));
      },
      async deleteProduct(id: string) {
        const i = catalog.products.findIndex((p) => p.id === id);
        if (i < 0) throw new Error(`stand-in Shopify: no product ${id}`);
        catalog.products.splice(i, 1);
        return webhooks.productDeleted(id);
      },
    },
    /** Every issued token stops working: the next call answers 401. */
    expireAllTokens(): void {
      for (const t of tokens.keys()) tokens.set(t, 0);
    },
    async close(): Promise<void> {
      await webhooks.settle();
      return new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      });
    },
  };
}

export type FakeShopify = Awaited<ReturnType<typeof startFakeShopify>>;

class UnknownField extends Error {}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
  return status;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function parseJsonSafe(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseBody(body: Buffer): { query: string; variables: Record<string, unknown> } | null {
  const json = parseJsonSafe(body.toString()) as { query?: unknown; variables?: unknown } | null;
  if (!json || typeof json.query !== 'string' || !json.query.trim()) return null;
  const variables = json.variables && typeof json.variables === 'object' ? (json.variables as Record<string, unknown>) : {};
  return { query: json.query, variables };
}
