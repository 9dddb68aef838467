/**
 * The stand-in's webhooks: the subscriptions (`webhookSubscriptions`,
 * `webhookSubscriptionCreate`, Admin API 2025-10+ shape with `uri`) and their delivery.
 * A product change (the owner's, through the stand-in's admin controls, or an API
 * productUpdate) POSTs to every subscription of its topic, as Shopify does: JSON body,
 * `X-Shopify-Topic`, `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the body with the app's
 * client secret, computed here with node:crypto, not with the platform's code),
 * `X-Shopify-Webhook-Id` (new per delivery, the same on a redelivery), `X-Shopify-Event-Id`,
 * `X-Shopify-Triggered-At`, `X-Shopify-Shop-Domain`, `X-Shopify-API-Version`.
 */
import { deliver, type RecordedDelivery } from '../webhookDelivery.js';
import { createHmac, randomUUID } from 'node:crypto';
import { VariableError, type FakeProduct } from './catalog.js';

export const WEBHOOK_TOPICS = ['PRODUCTS_CREATE', 'PRODUCTS_UPDATE', 'PRODUCTS_DELETE', 'APP_UNINSTALLED', 'ORDERS_CREATE'];

export interface FakeSubscription { id: string; topic: string; uri: string; format: string; createdAt: string; updatedAt: string }
export interface FakeDelivery extends RecordedDelivery {
  topic: string; // products/update
}

/** PRODUCTS_UPDATE → products/update */
const topicHeader = (topic: string) => topic.toLowerCase().replace('_', '/');
const numericId = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);

export class FakeWebhooks {
  readonly subscriptions: FakeSubscription[] = [];
  readonly deliveries: FakeDelivery[] = [];
  private seq = 1_000_000;
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly secret: string,
    private readonly shopDomain: () => string,
    private readonly apiVersion = '2026-01',
  ) {}

  list(args: Record<string, unknown>): unknown {
    const topics = Array.isArray(args.topics) ? args.topics.map(String) : null;
    const uri = typeof args.uri === 'string' ? args.uri : null;
    const nodes = this.subscriptions.filter((s) => (!topics || topics.includes(s.topic)) && (!uri || s.uri === uri)).map(render);
    return { nodes, edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: false, hasPreviousPage: false } };
  }

  create(args: Record<string, unknown>): unknown {
    const topic = args.topic;
    if (typeof topic !== 'string' || !WEBHOOK_TOPICS.includes(topic)) {
      throw new VariableError('topic', 'WebhookSubscriptionTopic!', `Expected "${String(topic)}" to be one of: ${WEBHOOK_TOPICS.join(', ')}`, topic);
    }
    const input = args.webhookSubscription as Record<string, unknown> | null;
    if (!input || typeof input !== 'object') throw new VariableError('webhookSubscription', 'WebhookSubscriptionInput!', 'Expected value to not be null', input);
    const uri = String(input.uri ?? input.callbackUrl ?? '');
    if (!/^https?:\/\//.test(uri)) return { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'uri'], message: 'Address is invalid' }] };
    if (this.subscriptions.some((s) => s.topic === topic && s.uri === uri)) {
      return { webhookSubscription: null, userErrors: [{ field: ['webhookSubscription', 'uri'], message: 'Address for this topic has already been taken' }] };
    }
    const now = new Date().toISOString();
    const sub: FakeSubscription = { id: `gid://shopify/WebhookSubscription/${++this.seq}`, topic, uri, format: String(input.format ?? 'JSON'), createdAt: now, updatedAt: now };
    this.subscriptions.push(sub);
    return { webhookSubscription: render(sub), userErrors: [] };
  }

  /** products/update with the product as the REST payload shape Shopify sends. */
  productUpdated(p: FakeProduct, onlineStoreUrl: string | null): Promise<FakeDelivery[]> {
    return this.send('PRODUCTS_UPDATE', {
      id: Number(numericId(p.id)),
      title: p.title,
      body_html: p.descriptionHtml,
      vendor: p.vendor,
      product_type: p.productType,
      handle: p.handle,
      status: p.status.toLowerCase(),
      tags: p.tags.join(', '),
      created_at: new Date(p.createdAt).toISOString(),
      updated_at: new Date(p.updatedAt).toISOString(),
      published_scope: 'web',
      admin_graphql_api_id: p.id,
      online_store_url: onlineStoreUrl,
      variants: p.variants.map((v) => ({ id: Number(numericId(v.id)), title: v.title, price: v.price, admin_graphql_api_id: v.id })),
    });
  }

  /** products/delete carries only the numeric id. */
  productDeleted(gid: string): Promise<FakeDelivery[]> {
    return this.send('PRODUCTS_DELETE', { id: Number(numericId(gid)) });
  }

  /** Send a delivery again, byte for byte (same webhook id and signature), as Shopify's retries do. */
  redeliver(d: FakeDelivery, o: { body?: string } = {}): Promise<FakeDelivery> {
    const copy: FakeDelivery = { ...d, body: o.body ?? d.body, status: 0, answer: null };
    this.deliveries.push(copy);
    return this.post(copy);
  }

  /** Wait for every delivery under way. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  private async send(topic: string, payload: unknown): Promise<FakeDelivery[]> {
    const body = JSON.stringify(payload);
    const hmac = createHmac('sha256', this.secret).update(body, 'utf8').digest('base64');
    const triggeredAt = new Date().toISOString();
    const eventId = randomUUID();
    const out = this.subscriptions
      .filter((s) => s.topic === topic)
      .map((s): FakeDelivery => ({
        url: s.uri,
        topic: topicHeader(topic),
        body,
        status: 0,
        answer: null,
        headers: {
          'Content-Type': 'application/json',
          'X-Shopify-Topic': topicHeader(topic),
          'X-Shopify-Hmac-Sha256': hmac,
          'X-Shopify-Shop-Domain': this.shopDomain(),
          'X-Shopify-API-Version': this.apiVersion,
          'X-Shopify-Webhook-Id': randomUUID(),
          'X-Shopify-Event-Id': eventId,
          'X-Shopify-Triggered-At': triggeredAt,
        },
      }));
    this.deliveries.push(...out);
    return Promise.all(out.map((d) => this.post(d)));
  }

  private post(d: FakeDelivery): Promise<FakeDelivery> {
    return deliver(d, 5000, this.inflight); // Shopify waits 5 s for an answer
  }
}

function render(s: FakeSubscription): Record<string, unknown> {
  return {
    id: s.id, topic: s.topic, uri: s.uri, format: s.format, createdAt: s.createdAt, updatedAt: s.updatedAt,
    callbackUrl: s.uri, endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: s.uri },
  };
}
