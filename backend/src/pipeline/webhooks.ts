/**
 * The pipeline's signed webhooks (the engine's Application.webhooks, served by
 * api/routes/signedWebhooks.ts at POST /webhooks/<source>). Each is verified over the
 * raw body before anything is parsed; a refusal changes nothing.
 *
 * Shopify (`/webhooks/shopify`, subscribed by shopifySubscriptions.ts):
 *  - X-Shopify-Hmac-Sha256 with SHOPIFY_API_SECRET;
 *  - products/update and products/delete of a product we list start one
 *    SyncShopifyListing job (the work happens there: Shopify wants an answer within 5 s);
 *    the delivery id (X-Shopify-Webhook-Id) is recorded in the same transaction, so a
 *    redelivery starts nothing; other topics and products we do not know are ignored.
 *
 * Replicate (`/webhooks/replicate?job=<job id>`, given at prediction creation):
 *  - Standard Webhooks signature with the account's key (GET /v1/webhooks/default/secret),
 *    cached per process. A signature that does not verify refetches the key once (a
 *    rotated secret), at most once a minute so a stream of forgeries cannot make us hammer
 *    Replicate;
 *  - a finished prediction that is the job's current one wakes the job (jobs/wake.ts):
 *    its next poll runs now. Anything else (a job that moved on, an older prediction of
 *    it, a redelivery of the same webhook-id) changes nothing. Polling stays the fallback.
 */
import { createHash } from 'node:crypto';
import type { Engine, SignedWebhookAnswer, SignedWebhookRequest } from '../engine.js';
import { servicesOf } from '../domain/services.js';
import { DbUsageRecorder } from '../domain/usage/recorder.js';
import { ReplicateClient } from '../integrations/replicate.js';
import { standardWebhookKey, verifyShopifyHmac, verifyStandardWebhook } from '../integrations/webhookSignatures.js';
import { wake } from '../jobs/wake.js';
import { PLATFORM } from '../commands/createListing.js';
import { SHOPIFY_PRODUCT_TOPICS } from '../commands/syncShopifyListing.js';

export const WEBHOOK_SOURCES = ['shopify', 'replicate'] as const;

export async function receiveWebhook(engine: Engine, source: string, req: SignedWebhookRequest): Promise<SignedWebhookAnswer> {
  if (source === 'shopify') return receiveShopify(engine, req);
  if (source === 'replicate') return receiveReplicate(engine, req);
  return { refused: `unknown webhook source ${source}` };
}

// ---------------------------------------------------------------- Shopify

async function receiveShopify(engine: Engine, req: SignedWebhookRequest): Promise<SignedWebhookAnswer> {
  const secret = engine.config.SHOPIFY_API_SECRET;
  if (!secret) return { refused: 'Shopify webhooks are not configured (SHOPIFY_API_SECRET)' };
  const verdict = verifyShopifyHmac(secret, req.body, req.headers['x-shopify-hmac-sha256']);
  if (!verdict.ok) return { refused: verdict.reason };

  const topic = req.headers['x-shopify-topic'] ?? '';
  if (!(SHOPIFY_PRODUCT_TOPICS as readonly string[]).includes(topic)) return { outcome: 'ignored', detail: `topic ${topic || '(none)'} is not one we act on` };
  const productId = productGid(req.body);
  if (!productId) return { outcome: 'ignored', detail: 'no product id in the payload' };
  const { listings, webhooks } = servicesOf(engine);
  const listing = await listings.byPlatformId(PLATFORM, productId);
  if (!listing) return { outcome: 'ignored', detail: `${productId} is not a product we list` };

  // Shopify always sends the delivery id; a body hash stands in should one ever lack it.
  const deliveryId = req.headers['x-shopify-webhook-id'] || `sha256:${createHash('sha256').update(req.body).digest('hex')}`;
  const triggeredAt = validTime(req.headers['x-shopify-triggered-at']) ?? new Date().toISOString();
  const { duplicate } = await webhooks.acceptOnce('shopify', deliveryId, [
    { commandType: 'SyncShopifyListing', payload: { listing_id: listing.id, product_id: productId, topic, triggered_at: triggeredAt }, fileId: listing.file_id },
  ]);
  return duplicate ? { outcome: 'duplicate', detail: `delivery ${deliveryId} was received before` } : { outcome: 'accepted' };
}

/**
 * The product's gid from a products/* payload: `admin_graphql_api_id` when present, else
 * the top-level numeric `id` read from the raw text — Shopify's ids may exceed 2^53
 * (the documented example is 788032119674292922), which JSON.parse would round.
 */
export function productGid(raw: Buffer): string | null {
  const text = raw.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const gid = (doc as Record<string, unknown>).admin_graphql_api_id;
  if (typeof gid === 'string' && /^gid:\/\/shopify\/Product\/\d+$/.test(gid)) return gid;
  const id = topLevelNumber(text, 'id');
  return id ? `gid://shopify/Product/${id}` : null;
}

/** The digits of a top-level numeric member of a JSON object's text (a depth-1 scan, strings skipped). */
function topLevelNumber(text: string, key: string): string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth !== 1 || text.slice(start + 1, i) !== key) continue;
      const m = /^\s*:\s*(\d+)\s*[,}]/.exec(text.slice(i + 1));
      if (m) return m[1];
    }
  }
  return null;
}

function validTime(v: string | undefined): string | null {
  const t = v ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

// ---------------------------------------------------------------- Replicate

/** Refetching the key after a failed verification: at most this often. */
const KEY_REFETCH_MS = 60_000;

/** The account's webhook key, fetched once and kept; asked again only after a mismatch, at most once a minute. */
export class ReplicateKey {
  private key: Buffer | null = null;
  private fetchedAt = 0;
  private inFlight: Promise<Buffer> | null = null;
  constructor(
    private readonly client: Pick<ReplicateClient, 'webhookSecret'>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<Buffer> {
    return this.key ?? this.fetch();
  }

  /** A newer key, when the one we have is old enough to be worth asking again; else null. */
  async refreshed(): Promise<Buffer | null> {
    if (this.now() - this.fetchedAt < KEY_REFETCH_MS) return null;
    const before = this.key;
    const key = await this.fetch();
    return before && key.equals(before) ? null : key;
  }

  private fetch(): Promise<Buffer> {
    this.inFlight ??= this.client
      .webhookSecret()
      .then((secret) => {
        const key = standardWebhookKey(secret);
        if (!key) throw new Error('Replicate webhook secret is not a whsec_ key');
        this.key = key;
        this.fetchedAt = this.now();
        return key;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}

const keys = new WeakMap<Engine, ReplicateKey>();

function keyOf(engine: Engine): ReplicateKey | null {
  const c = engine.config;
  if (!c.REPLICATE_API_TOKEN) return null;
  let k = keys.get(engine);
  if (!k) {
    const usage = new DbUsageRecorder(engine.db, engine.log); // the secret's GET is metered like every call
    k = new ReplicateKey(new ReplicateClient({ token: c.REPLICATE_API_TOKEN, baseUrl: c.REPLICATE_API_BASE_URL, usage }));
    keys.set(engine, k);
  }
  return k;
}

const FINAL = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

async function receiveReplicate(engine: Engine, req: SignedWebhookRequest): Promise<SignedWebhookAnswer> {
  const key = keyOf(engine);
  if (!key) return { refused: 'Replicate webhooks are not configured (REPLICATE_API_TOKEN)' };
  const headers = { 'webhook-id': req.headers['webhook-id'], 'webhook-timestamp': req.headers['webhook-timestamp'], 'webhook-signature': req.headers['webhook-signature'] };
  const now = () => Math.floor(Date.now() / 1000);
  let verdict = verifyStandardWebhook(await key.get(), headers, req.body, now());
  if (!verdict.ok && verdict.reason === 'no webhook-signature matches') {
    const newer = await key.refreshed(); // the secret may have been rotated
    if (newer) verdict = verifyStandardWebhook(newer, headers, req.body, now());
  }
  if (!verdict.ok) return { refused: verdict.reason };

  const jobId = req.query.job;
  let prediction: { id?: unknown; status?: unknown } | null = null;
  try {
    prediction = JSON.parse(req.body.toString('utf8'));
  } catch {
    /* answered below */
  }
  if (!jobId || typeof prediction?.id !== 'string') return { outcome: 'ignored', detail: 'no job or prediction to act on' };
  if (!FINAL.has(String(prediction.status))) return { outcome: 'ignored', detail: `prediction is ${String(prediction.status)}` };

  const { predictions, webhooks } = servicesOf(engine);
  // Replicate retries with the same webhook-id: a second delivery of one finish changes nothing.
  const deliveryId = headers['webhook-id']!;
  const mine = await predictions.ofJob(jobId);
  const current = mine[mine.length - 1];
  if (current?.id !== prediction.id) return { outcome: 'ignored', detail: `prediction ${prediction.id} is not job ${jobId}'s current one` };
  if (!(await webhooks.recordOnce('replicate', deliveryId))) return { outcome: 'duplicate', detail: `delivery ${deliveryId} was received before` };
  const woke = await wake(engine.db, engine.jobs, jobId);
  return woke === 'unchanged' ? { outcome: 'ignored', detail: `job ${jobId} is not waiting` } : { outcome: 'accepted', detail: woke };
}
