/**
 * Shopify Admin GraphQL API client (plain fetch: @shopify/admin-api-client forces https,
 * which would keep us from the local stand-in).
 *
 * Every request (token grants, GraphQL calls, staged-upload PUT/POSTs) goes through
 * http.ts: timed (timeoutMs, uploads uploadTimeoutMs), metered, and HTTP failures mapped
 * the default way (429 → RunLaterError(Retry-After), 5xx/408/network/timeout → retryable,
 * other 4xx → permanent). Shopify's own part, here:
 *  - HTTP 200 with errors[].extensions.code THROTTLED → RunLaterError for the time the cost
 *    bucket needs to refill: ceil((requestedQueryCost − currentlyAvailable) / restoreRate) s;
 *    the bucket's state goes into the usage rows;
 *  - INTERNAL_SERVER_ERROR → RetryableError; other GraphQL errors, userErrors → PermanentError;
 *  - 401 → one token renewal and one retry (grant mode), then PermanentError.
 *
 * All inputs travel in `variables` (never inlined in the document): the local stand-in
 * reads them from there only.
 */
import { PermanentError, RetryableError, RunLaterError } from '../core/outcomes.js';
import { request, type Answer, type CallOptions, type HttpService, type UsageExtras } from './http.js';
import { ShopifyTokenProvider, normalizeStoreUrl, shopifyService, type ShopifyTokenProviderOptions } from './shopifyAuth.js';
import * as Q from './shopifyQueries.js';

export { normalizeStoreUrl } from './shopifyAuth.js';

/** The token provider's options (`storeUrl` as configured, "shop.myshopify.com" or "http://host:port"), and: */
export interface ShopifyClientOptions extends ShopifyTokenProviderOptions {
  apiVersion?: string; // SHOPIFY_API_VERSION
  /** Per staged-upload request (default 2 min); `timeoutMs` is per GraphQL or token request. */
  uploadTimeoutMs?: number;
}

export const DEFAULT_API_VERSION = '2026-01';
export const SIZE_OPTION = 'Size';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** userErrors came back: the input will not succeed as sent. */
export class ShopifyUserError extends PermanentError {
  readonly userErrors: Q.UserError[];
  constructor(operation: string, userErrors: Q.UserError[]) {
    super(`Shopify ${operation}: ${userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ` : '') + e.message).join('; ')}`, 'SHOPIFY_USER_ERROR');
    this.name = 'ShopifyUserError';
    this.userErrors = userErrors;
  }
}

export class ShopifyClient {
  readonly storeUrl: string;
  readonly apiVersion: string;
  readonly graphqlUrl: string;
  /** Bucket state from the last answer that reported one. */
  lastThrottleStatus: ThrottleStatus | null = null;
  private readonly auth: ShopifyTokenProvider;
  private readonly graphqlHttp: HttpService;
  private readonly uploadHttp: HttpService;
  private readonly now: () => number;
  private onlineStorePublicationId: string | null = null;

  constructor(opts: ShopifyClientOptions) {
    this.storeUrl = normalizeStoreUrl(opts.storeUrl);
    this.apiVersion = opts.apiVersion || DEFAULT_API_VERSION;
    this.graphqlUrl = `${this.storeUrl}/admin/api/${this.apiVersion}/graphql.json`;
    this.now = opts.now ?? Date.now;
    this.auth = new ShopifyTokenProvider({ ...opts, storeUrl: this.storeUrl, now: this.now });
    this.graphqlHttp = shopifyService(opts, (s) => (s === 401 ? 'SHOPIFY_AUTH_FAILED' : 'SHOPIFY_HTTP_ERROR'), (a, endpoint) =>
      a.status === 401
        ? `Shopify ${endpoint}: access token rejected (401)`
        : `Shopify ${endpoint}: HTTP ${a.status} ${JSON.stringify((a.json as { errors?: unknown } | undefined)?.errors ?? a.text.slice(0, 200))}`);
    this.uploadHttp = shopifyService({ ...opts, timeoutMs: opts.uploadTimeoutMs ?? 120_000 }, 'SHOPIFY_UPLOAD_FAILED', (a) =>
      `Shopify staged upload refused (${a.status}): ${a.text.slice(0, 300)}`);
  }

  // ---------------------------------------------------------------- core

  /** Run one GraphQL operation and return its `data`. */
  async graphql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, opts: CallOptions & { operationName?: string } = {}): Promise<T> {
    const operation = opts.operationName ?? operationNameOf(query);
    for (let renewable = this.auth.canRenew; ; renewable = false) {
      const token = await this.auth.getToken(opts);
      const answer = await request(this.graphqlHttp, {
        endpoint: `graphql ${operation}`, url: this.graphqlUrl, method: 'POST', call: opts,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Shopify-Access-Token': token },
        body: JSON.stringify({ query, variables }),
        accept: renewable ? [401] : [], // a revoked or early-expired token: one new grant, one retry
        meter: (a) => this.throttleUsage(a),
      });
      if (answer.status !== 401) return this.interpret<T>(operation, answer);
      this.auth.invalidate(token);
    }
  }

  /** The cost bucket of a GraphQL answer, as usage columns (and as lastThrottleStatus). */
  private throttleUsage(a: Answer): UsageExtras {
    const t = readThrottleStatus(a.json);
    if (!t) return {};
    this.lastThrottleStatus = t;
    return { rateLimitRemaining: t.currentlyAvailable, rateLimitResetAt: new Date(this.now() + refillMs(t, t.maximumAvailable)).toISOString() };
  }

  /** A 2xx answer's GraphQL-level outcome. */
  private interpret<T>(operation: string, a: Answer): T {
    const body = a.json as { data?: unknown; errors?: unknown } | undefined;
    if (!body || typeof body !== 'object') throw new RetryableError(`Shopify ${operation}: answer is not JSON`, 'SHOPIFY_BAD_RESPONSE');
    const errors: Array<{ message?: string; extensions?: { code?: string } }> = Array.isArray(body.errors) ? body.errors : [];
    if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
      throw new RunLaterError(throttleDelayMs(body), `Shopify ${operation}: THROTTLED`, 'SHOPIFY_THROTTLED');
    }
    if (errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
      throw new RetryableError(`Shopify ${operation}: ${errors[0]?.message ?? 'internal error'}`, 'SHOPIFY_UNAVAILABLE');
    }
    if (errors.length > 0) {
      throw new PermanentError(`Shopify ${operation}: ${errors.map((e) => e.message).join('; ')}`, 'SHOPIFY_GRAPHQL_ERROR');
    }
    return body.data as T;
  }

  // ---------------------------------------------------------------- media

  /**
   * Stage an image for product media: stagedUploadsCreate, then send the bytes to the
   * target (multipart form POST with the target's parameters first and the file last, or a
   * raw PUT). Returns the resourceUrl, to be used as CreateMediaInput.originalSource.
   */
  async stagedUploadImage(input: { filename: string; mimeType: string; bytes: Buffer; httpMethod?: 'POST' | 'PUT' }, opts: CallOptions = {}): Promise<string> {
    const httpMethod = input.httpMethod ?? 'POST';
    const data = await this.graphql<Q.StagedUploadsData>(Q.STAGED_UPLOADS_CREATE, {
      input: [{ resource: 'IMAGE', filename: input.filename, mimeType: input.mimeType, httpMethod, fileSize: String(input.bytes.length) }],
    }, opts);
    const payload = data.stagedUploadsCreate;
    if (payload.userErrors.length) throw new ShopifyUserError('stagedUploadsCreate', payload.userErrors);
    const target = payload.stagedTargets?.[0];
    if (!target?.url || !target.resourceUrl) throw new PermanentError('Shopify stagedUploadsCreate returned no target', 'SHOPIFY_BAD_RESPONSE');
    await this.uploadToTarget(httpMethod, target, input, opts);
    return target.resourceUrl;
  }

  private async uploadToTarget(method: 'POST' | 'PUT', target: Q.StagedTarget, input: { filename: string; mimeType: string; bytes: Buffer }, opts: CallOptions): Promise<void> {
    const blob = new Blob([new Uint8Array(input.bytes)], { type: input.mimeType });
    let headers: Record<string, string> | undefined;
    let body: BodyInit;
    if (method === 'POST') {
      const form = new FormData();
      for (const p of target.parameters) form.append(p.name, p.value);
      form.append('file', blob, input.filename); // the storage policy requires the file last
      body = form;
    } else {
      headers = { 'Content-Type': input.mimeType };
      for (const p of target.parameters) {
        if (p.name === 'content_type') headers['Content-Type'] = p.value;
        else if (p.name === 'acl') headers['x-goog-acl'] = p.value;
        else headers[p.name] = p.value;
      }
      body = blob;
    }
    await request(this.uploadHttp, { endpoint: `${method} staged-upload`, url: target.url, method, headers, body, call: opts });
  }

  // ---------------------------------------------------------------- products

  /** The product carrying `tag` (we tag each product `ff-file-<fileId>`), or null. */
  async findProductByTag(tag: string, opts: CallOptions = {}): Promise<Q.ShopifyProduct | null> {
    const data = await this.graphql<Q.ProductsData>(Q.PRODUCTS_BY_QUERY, { query: `tag:"${tag.replace(/["\\]/g, '\\$&')}"` }, opts);
    // The search is by token; keep only an exact tag match.
    const hit = data.products.nodes.map(Q.mapProduct).find((p) => p.tags.includes(tag));
    return hit ?? null;
  }

  async getProduct(id: string, opts: CallOptions = {}): Promise<Q.ShopifyProduct | null> {
    const data = await this.graphql<Q.ProductData>(Q.PRODUCT_BY_ID, { id }, opts);
    return data.product ? Q.mapProduct(data.product) : null;
  }

  /**
   * Step 1 of a listing: the product with its Size option, tags and image (status ACTIVE by
   * default). Shopify gives it one standalone variant; variantsBulkCreate replaces it.
   */
  async productCreate(input: Q.CreateProductInput, opts: CallOptions = {}): Promise<Q.ShopifyProduct> {
    if (input.sizes.length === 0) throw new PermanentError('Shopify productCreate: no sizes to offer', 'SHOPIFY_NO_SIZES');
    const product: Record<string, unknown> = {
      title: input.title,
      descriptionHtml: input.descriptionHtml,
      productType: input.productType,
      tags: input.tags,
      status: input.status ?? 'ACTIVE',
      productOptions: [{ name: SIZE_OPTION, values: input.sizes.map((s) => ({ name: s.name })) }],
    };
    if (input.vendor) product.vendor = input.vendor;
    if (input.handle) product.handle = input.handle;
    const media = [{ originalSource: input.imageUrl, mediaContentType: 'IMAGE', alt: input.imageAlt }];
    const data = await this.graphql<Q.ProductCreateData>(Q.PRODUCT_CREATE, { product, media }, opts);
    const payload = data.productCreate;
    if (payload.userErrors.length) throw new ShopifyUserError('productCreate', payload.userErrors);
    if (!payload.product) throw new PermanentError('Shopify productCreate returned no product', 'SHOPIFY_BAD_RESPONSE');
    return Q.mapProduct(payload.product);
  }

  /** Step 2: one variant per size at its price; the standalone variant is removed. */
  async variantsBulkCreate(productId: string, sizes: Q.SizePrice[], opts: CallOptions = {}): Promise<Q.ShopifyVariant[]> {
    const variants = sizes.map((s) => ({
      price: formatPrice(s.price),
      optionValues: [{ optionName: SIZE_OPTION, name: s.name }],
      inventoryItem: { tracked: false }, // printed on demand: never "sold out"
    }));
    const data = await this.graphql<Q.VariantsBulkCreateData>(Q.VARIANTS_BULK_CREATE, { productId, variants, strategy: 'REMOVE_STANDALONE_VARIANT' }, opts);
    const payload = data.productVariantsBulkCreate;
    if (payload.userErrors.length) throw new ShopifyUserError('productVariantsBulkCreate', payload.userErrors);
    return (payload.productVariants ?? []).map(Q.mapVariant);
  }

  /** productCreate then variantsBulkCreate. Commands that checkpoint call the steps themselves. */
  async createProduct(input: Q.CreateProductInput, opts: CallOptions = {}): Promise<{ productId: string; handle: string; variantIds: string[]; product: Q.ShopifyProduct }> {
    const product = await this.productCreate(input, opts);
    const variants = await this.variantsBulkCreate(product.id, input.sizes, opts);
    return { productId: product.id, handle: product.handle, variantIds: variants.map((v) => v.id), product };
  }

  async updateProduct(input: { id: string; title?: string; descriptionHtml?: string; tags?: string[] }, opts: CallOptions = {}): Promise<Q.ShopifyProduct> {
    const product: Record<string, unknown> = { id: input.id };
    for (const key of ['title', 'descriptionHtml', 'tags'] as const) if (input[key] !== undefined) product[key] = input[key];
    const data = await this.graphql<Q.ProductUpdateData>(Q.PRODUCT_UPDATE, { product }, opts);
    const payload = data.productUpdate;
    if (payload.userErrors.length) throw new ShopifyUserError('productUpdate', payload.userErrors);
    if (!payload.product) throw new PermanentError('Shopify productUpdate returned no product', 'SHOPIFY_BAD_RESPONSE');
    return Q.mapProduct(payload.product);
  }

  /** productUpdate with only `status` (productChangeStatus is deprecated in favour of it). ARCHIVED hides it from every channel. */
  async setProductStatus(id: string, status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT', opts: CallOptions = {}): Promise<Q.ShopifyProduct> {
    const data = await this.graphql<Q.ProductUpdateData>(Q.PRODUCT_UPDATE, { product: { id, status } }, opts);
    const payload = data.productUpdate;
    if (payload.userErrors.length) throw new ShopifyUserError('productUpdate', payload.userErrors);
    if (!payload.product) throw new PermanentError('Shopify productUpdate returned no product', 'SHOPIFY_BAD_RESPONSE');
    return Q.mapProduct(payload.product);
  }

  /** New prices for existing variants of one product (productVariantsBulkUpdate; other variant fields untouched). */
  async variantsBulkUpdatePrices(productId: string, prices: { id: string; price: string | number }[], opts: CallOptions = {}): Promise<Q.ShopifyVariant[]> {
    const variants = prices.map((v) => ({ id: v.id, price: formatPrice(v.price) }));
    const data = await this.graphql<Q.VariantsBulkUpdateData>(Q.VARIANTS_BULK_UPDATE, { productId, variants }, opts);
    const payload = data.productVariantsBulkUpdate;
    if (payload.userErrors.length) throw new ShopifyUserError('productVariantsBulkUpdate', payload.userErrors);
    return (payload.productVariants ?? []).map(Q.mapVariant);
  }

  /** The shop's name: one cheap authenticated call (connection test). */
  async shopName(opts: CallOptions = {}): Promise<string> {
    const data = await this.graphql<Q.ShopData>(Q.SHOP_NAME, {}, opts);
    if (typeof data?.shop?.name !== 'string') throw new PermanentError('Shopify shop answered no name', 'SHOPIFY_BAD_RESPONSE');
    return data.shop.name;
  }

  // ---------------------------------------------------------------- webhooks

  /** This app's webhook subscriptions for these topics (e.g. PRODUCTS_UPDATE). */
  async webhookSubscriptions(topics: string[], opts: CallOptions = {}): Promise<Q.WebhookSubscription[]> {
    const data = await this.graphql<Q.WebhookSubscriptionsData>(Q.WEBHOOK_SUBSCRIPTIONS, { topics }, opts);
    return data.webhookSubscriptions.nodes;
  }

  /** Subscribe `uri` (an https URL) to `topic`, JSON payloads. */
  async webhookSubscriptionCreate(topic: string, uri: string, opts: CallOptions = {}): Promise<Q.WebhookSubscription> {
    const data = await this.graphql<Q.WebhookSubscriptionCreateData>(Q.WEBHOOK_SUBSCRIPTION_CREATE, { topic, webhookSubscription: { uri, format: 'JSON' } }, opts);
    const payload = data.webhookSubscriptionCreate;
    if (payload.userErrors.length) throw new ShopifyUserError('webhookSubscriptionCreate', payload.userErrors);
    if (!payload.webhookSubscription) throw new PermanentError('Shopify webhookSubscriptionCreate returned no subscription', 'SHOPIFY_BAD_RESPONSE');
    return payload.webhookSubscription;
  }

  // ---------------------------------------------------------------- publishing

  /** The "Online Store" publication id, looked up once per client. */
  async onlineStorePublication(opts: CallOptions = {}): Promise<string> {
    if (this.onlineStorePublicationId) return this.onlineStorePublicationId;
    const data = await this.graphql<Q.PublicationsData>(Q.PUBLICATIONS, {}, opts);
    // Publication.name is deprecated in favour of catalog.title; accept either.
    const hit = data.publications.nodes.find((p) => p.name === 'Online Store' || p.catalog?.title === 'Online Store');
    if (!hit) throw new PermanentError('Shopify: no "Online Store" publication (is the sales channel installed?)', 'SHOPIFY_NO_ONLINE_STORE');
    this.onlineStorePublicationId = hit.id;
    return hit.id;
  }

  async publishToOnlineStore(productId: string, opts: CallOptions = {}): Promise<{ publicationId: string }> {
    const publicationId = await this.onlineStorePublication(opts);
    const data = await this.graphql<Q.PublishData>(Q.PUBLISHABLE_PUBLISH, { id: productId, input: [{ publicationId }] }, opts);
    if (data.publishablePublish.userErrors.length) throw new ShopifyUserError('publishablePublish', data.publishablePublish.userErrors);
    return { publicationId };
  }
}

// ---------------------------------------------------------------- helpers

/** "mutation productCreate(...)" → "productCreate"; anonymous documents use their root field. */
export function operationNameOf(query: string): string {
  const named = /^\s*(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query.replace(/#[^\n]*/g, ''));
  if (named) return named[1];
  const root = /\{\s*([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  return root ? root[1] : 'anonymous';
}

function readThrottleStatus(body: any): ThrottleStatus | null {
  const t = body?.extensions?.cost?.throttleStatus;
  if (!t || typeof t.currentlyAvailable !== 'number' || typeof t.restoreRate !== 'number') return null;
  return { maximumAvailable: Number(t.maximumAvailable), currentlyAvailable: t.currentlyAvailable, restoreRate: t.restoreRate };
}

function refillMs(t: ThrottleStatus, needed: number): number {
  if (!(t.restoreRate > 0)) return 1000;
  return Math.max(0, Math.ceil((needed - t.currentlyAvailable) / t.restoreRate)) * 1000;
}

/** Time until the bucket holds the requested cost: ceil(deficit / restoreRate) s, at least 1 s. */
export function throttleDelayMs(body: any): number {
  const t = readThrottleStatus(body);
  const requested = Number(body?.extensions?.cost?.requestedQueryCost);
  if (!t || !Number.isFinite(requested)) return 1000;
  return Math.max(1000, refillMs(t, requested));
}

export function formatPrice(price: string | number): string {
  const n = typeof price === 'number' ? price : Number(price);
  if (!Number.isFinite(n) || n < 0 || (typeof price === 'string' && !/^\d+(\.\d{1,2})?$/.test(price.trim()))) {
    throw new PermanentError(`invalid price ${JSON.stringify(price)}`, 'SHOPIFY_BAD_PRICE');
  }
  return n.toFixed(2);
}

export type { CreateProductInput, ShopifyProduct, ShopifyVariant, ShopifyMedia, SizePrice, UserError, WebhookSubscription } from './shopifyQueries.js';
