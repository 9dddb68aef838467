/**
 * GraphQL documents and result shapes used by the Shopify client (Admin API 2026-01).
 * Operation names equal their root field so usage rows read "graphql productCreate".
 * Inputs always travel in variables. No fragments: plain selections only.
 */

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export interface SizePrice {
  name: string; // option value, e.g. "12x18"
  price: string | number; // "45.00" or 45
}

export interface CreateProductInput {
  title: string;
  descriptionHtml: string;
  productType: string;
  tags: string[];
  vendor?: string;
  handle?: string;
  status?: 'ACTIVE' | 'DRAFT';
  imageUrl: string; // staged resourceUrl (or any public image URL)
  imageAlt: string;
  sizes: SizePrice[];
}

export interface ShopifyVariant {
  id: string;
  title: string;
  price: string;
  selectedOptions: { name: string; value: string }[];
}

export interface ShopifyMedia {
  id: string;
  status: string; // UPLOADED | PROCESSING | READY | FAILED
  alt: string | null;
  mediaErrors: { code: string; message: string }[];
}

export interface ShopifyProduct {
  id: string;
  handle: string;
  title: string;
  status: string;
  tags: string[];
  descriptionHtml: string;
  productType: string;
  vendor: string;
  onlineStoreUrl: string | null; // null until published to the Online Store
  options: { id: string; name: string; values: string[] }[];
  media: ShopifyMedia[];
  variants: ShopifyVariant[];
}

const VARIANT_FIELDS = 'id title price selectedOptions { name value }';

const PRODUCT_FIELDS = `id handle title status tags descriptionHtml productType vendor onlineStoreUrl
      options { id name optionValues { id name } }
      media(first: 10) { nodes { id status alt mediaContentType mediaErrors { code message } } }
      variants(first: 100) { nodes { ${VARIANT_FIELDS} } }`;

export const STAGED_UPLOADS_CREATE = `mutation stagedUploadsCreate($input: [StagedUploadInput!]!) {
  stagedUploadsCreate(input: $input) {
    stagedTargets { url resourceUrl parameters { name value } }
    userErrors { field message }
  }
}`;

export const PRODUCTS_BY_QUERY = `query products($query: String!) {
  products(first: 5, query: $query) {
    nodes { ${PRODUCT_FIELDS} }
  }
}`;

export const PRODUCT_BY_ID = `query product($id: ID!) {
  product(id: $id) { ${PRODUCT_FIELDS} }
}`;

export const PRODUCT_CREATE = `mutation productCreate($product: ProductCreateInput!, $media: [CreateMediaInput!]) {
  productCreate(product: $product, media: $media) {
    product { ${PRODUCT_FIELDS} }
    userErrors { field message }
  }
}`;

export const VARIANTS_BULK_CREATE = `mutation productVariantsBulkCreate($productId: ID!, $variants: [ProductVariantsBulkInput!]!, $strategy: ProductVariantsBulkCreateStrategy) {
  productVariantsBulkCreate(productId: $productId, variants: $variants, strategy: $strategy) {
    productVariants { ${VARIANT_FIELDS} }
    userErrors { field message code }
  }
}`;

export const PRODUCT_UPDATE = `mutation productUpdate($product: ProductUpdateInput!) {
  productUpdate(product: $product) {
    product { ${PRODUCT_FIELDS} }
    userErrors { field message }
  }
}`;

/** productVariantsBulkUpdate: only the fields sent change (we send id and price). */
export const VARIANTS_BULK_UPDATE = `mutation productVariantsBulkUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    productVariants { ${VARIANT_FIELDS} }
    userErrors { field message code }
  }
}`;

/** The cheapest authenticated question: the shop's name (connection test). */
export const SHOP_NAME = `query shop {
  shop { name }
}`;

export const PUBLICATIONS = `query publications {
  publications(first: 50) { nodes { id name catalog { title } } }
}`;

export const PUBLISHABLE_PUBLISH = `mutation publishablePublish($id: ID!, $input: [PublicationInput!]!) {
  publishablePublish(id: $id, input: $input) {
    publishable { ... on Product { id } }
    userErrors { field message }
  }
}`;

/**
 * Webhook subscriptions (Admin API 2025-10 and later: one `uri` field for every endpoint
 * kind; `callbackUrl`/`endpoint` are deprecated). Filtered by topics; at most 50 per
 * topic pair is plenty for one app.
 */
export const WEBHOOK_SUBSCRIPTIONS = `query webhookSubscriptions($topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: 50, topics: $topics) {
    nodes { id topic uri }
  }
}`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `mutation webhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}`;

export interface WebhookSubscription {
  id: string;
  topic: string; // e.g. PRODUCTS_UPDATE
  uri: string;
}

export interface StagedTarget {
  url: string;
  resourceUrl: string;
  parameters: { name: string; value: string }[];
}

type Nodes<T> = { nodes: T[] };

/** A product as the API answers it; mapProduct flattens it into a ShopifyProduct. */
export interface RawProduct extends Omit<ShopifyProduct, 'options' | 'media' | 'variants'> {
  options?: { id: string; name: string; optionValues?: { id: string; name: string }[] }[];
  media?: Nodes<{ id: string; status: string; alt: string | null; mediaErrors?: { code: string; message: string }[] }>;
  variants?: Nodes<ShopifyVariant>;
}

export interface StagedUploadsData { stagedUploadsCreate: { stagedTargets: StagedTarget[] | null; userErrors: UserError[] } }
export interface ProductsData { products: Nodes<RawProduct> }
export interface ProductData { product: RawProduct | null }
export interface ProductCreateData { productCreate: { product: RawProduct | null; userErrors: UserError[] } }
export interface ProductUpdateData { productUpdate: { product: RawProduct | null; userErrors: UserError[] } }
export interface VariantsBulkCreateData { productVariantsBulkCreate: { productVariants: ShopifyVariant[] | null; userErrors: UserError[] } }
export interface VariantsBulkUpdateData { productVariantsBulkUpdate: { productVariants: ShopifyVariant[] | null; userErrors: UserError[] } }
export interface ShopData { shop: { name: string } }
export interface PublicationsData { publications: Nodes<{ id: string; name?: string | null; catalog?: { title: string } | null }> }
export interface WebhookSubscriptionsData { webhookSubscriptions: Nodes<WebhookSubscription> }
export interface WebhookSubscriptionCreateData { webhookSubscriptionCreate: { webhookSubscription: WebhookSubscription | null; userErrors: UserError[] } }
export interface PublishData { publishablePublish: { userErrors: UserError[] } }

export function mapVariant(v: ShopifyVariant): ShopifyVariant {
  return { id: v.id, title: v.title, price: v.price, selectedOptions: v.selectedOptions ?? [] };
}

export function mapProduct(p: RawProduct): ShopifyProduct {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    status: p.status,
    tags: p.tags ?? [],
    descriptionHtml: p.descriptionHtml ?? '',
    productType: p.productType ?? '',
    vendor: p.vendor ?? '',
    onlineStoreUrl: p.onlineStoreUrl ?? null,
    options: (p.options ?? []).map((o) => ({ id: o.id, name: o.name, values: (o.optionValues ?? []).map((v) => v.name) })),
    media: (p.media?.nodes ?? []).map((m) => ({ id: m.id, status: m.status, alt: m.alt ?? null, mediaErrors: m.mediaErrors ?? [] })),
    variants: (p.variants?.nodes ?? []).map(mapVariant),
  };
}
