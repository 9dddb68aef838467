/**
 * The stand-in's shop: products (options, variants, media, publications) and the GraphQL
 * root fields that read and change them. Each resolver takes the root field's arguments
 * (already resolved from variables) and returns the field's value in a complete shape;
 * bad inputs become userErrors or, for type violations, a top-level VariableError.
 */
import { inspectImage, type StagedUploads } from './uploads.js';

export interface FakeVariant { id: string; title: string; price: string; selectedOptions: { name: string; value: string }[]; inventoryTracked: boolean }
export interface FakeMedia { id: string; status: string; alt: string | null; mediaContentType: string; originalSource: string; mediaErrors: { code: string; message: string }[]; width?: number; height?: number }
export interface FakeOption { id: string; name: string; values: { id: string; name: string }[] }
export interface FakeProduct {
  id: string; handle: string; title: string; descriptionHtml: string; productType: string; vendor: string;
  status: string; tags: string[]; options: FakeOption[]; variants: FakeVariant[]; media: FakeMedia[];
  publicationIds: string[]; createdAt: number; updatedAt: number;
}
export interface UserError { field: (string | number)[] | null; message: string; code?: string }

export class VariableError extends Error {
  constructor(readonly variable: string, readonly typeName: string, readonly explanation: string, readonly value: unknown) {
    super(`Variable $${variable} of type ${typeName} was provided invalid value`);
  }
}

export const PUBLICATIONS = [
  { id: 'gid://shopify/Publication/190001', name: 'Online Store' },
  { id: 'gid://shopify/Publication/190002', name: 'Point of Sale' },
  { id: 'gid://shopify/Publication/190003', name: 'Shop' },
];
const ONLINE_STORE = PUBLICATIONS[0].id;
const PRODUCT_STATUSES = ['ACTIVE', 'ARCHIVED', 'DRAFT'];
const STRATEGIES = ['DEFAULT', 'PRESERVE_STANDALONE_VARIANT', 'REMOVE_STANDALONE_VARIANT'];

export class Catalog {
  readonly products: FakeProduct[] = [];
  private seq = 8_000_000_000;

  constructor(private readonly baseUrl: () => string, private readonly uploads: StagedUploads, private readonly now: () => number, private readonly searchIndexDelayMs = 0) {}

  private gid(type: string): string {
    return `gid://shopify/${type}/${++this.seq}`;
  }

  find(id: unknown): FakeProduct | undefined {
    return this.products.find((p) => p.id === id);
  }

  render(p: FakeProduct): Record<string, unknown> {
    const published = p.status === 'ACTIVE' && p.publicationIds.includes(ONLINE_STORE);
    return {
      __typename: 'Product', id: p.id, handle: p.handle, title: p.title, status: p.status, tags: [...p.tags],
      descriptionHtml: p.descriptionHtml, productType: p.productType, vendor: p.vendor,
      onlineStoreUrl: published ? `${this.baseUrl()}/products/${p.handle}` : null,
      options: p.options.map((o) => ({ id: o.id, name: o.name, values: o.values.map((v) => v.name), optionValues: o.values })),
      media: { nodes: p.media.map((m) => ({ ...m, preview: { status: m.status } })) },
      variants: { nodes: p.variants.map(renderVariant) },
    };
  }

  // ------------------------------------------------------------- queries

  product(args: Record<string, unknown>): unknown {
    requireString(args.id, 'id', 'ID!');
    const p = this.find(args.id);
    return p ? this.render(p) : null;
  }

  productsQuery(args: Record<string, unknown>): unknown {
    const first = args.first;
    if (typeof first !== 'number') throw new VariableError('first', 'Int', 'you must provide one of first or last', first);
    if (first > 250) throw new VariableError('first', 'Int', 'The maximum page size is 250', first);
    const visibleBefore = this.now() - this.searchIndexDelayMs; // search index lags writes
    const hits = this.products.filter((p) => p.createdAt <= visibleBefore && matchesSearch(p, typeof args.query === 'string' ? args.query : ''));
    const nodes = hits.slice(0, first).map((p) => this.render(p));
    return { nodes, edges: nodes.map((node) => ({ node })), pageInfo: { hasNextPage: hits.length > first, hasPreviousPage: false } };
  }

  publications(): unknown {
    const nodes = PUBLICATIONS.map((p) => ({ ...p, catalog: { title: p.name } }));
    return { nodes, edges: nodes.map((node) => ({ node })) };
  }

  // ------------------------------------------------------------- mutations

  stagedUploadsCreate(args: Record<string, unknown>): unknown {
    const input = args.input;
    if (!Array.isArray(input)) throw new VariableError('input', '[StagedUploadInput!]!', 'Expected value to not be null', input);
    const userErrors: UserError[] = [];
    const targets = input.map((raw, i) => {
      const it = (raw ?? {}) as Record<string, unknown>;
      if (typeof it.filename !== 'string' || typeof it.mimeType !== 'string' || typeof it.resource !== 'string') {
        throw new VariableError('input', '[StagedUploadInput!]!', `Expected filename, mimeType and resource at [${i}]`, raw);
      }
      const method = (it.httpMethod ?? 'PUT') as string;
      if (method !== 'POST' && method !== 'PUT') throw new VariableError('input', '[StagedUploadInput!]!', `Expected "${method}" to be one of: POST, PUT`, raw);
      if (it.resource === 'IMAGE' && !it.mimeType.startsWith('image/')) {
        userErrors.push({ field: ['input', String(i), 'mimeType'], message: `Mime type ${it.mimeType} is not supported for the IMAGE resource` });
        return null;
      }
      return this.uploads.issue({ filename: it.filename, mimeType: it.mimeType, httpMethod: method, resource: it.resource });
    });
    return userErrors.length ? { stagedTargets: null, userErrors } : { stagedTargets: targets, userErrors };
  }

  async productCreate(args: Record<string, unknown>): Promise<unknown> {
    const input = args.product as Record<string, unknown> | null;
    if (!input || typeof input !== 'object') throw new VariableError('product', 'ProductCreateInput!', 'Expected value to not be null', input);
    const userErrors: UserError[] = [];
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (!title) userErrors.push({ field: ['title'], message: "Title can't be blank" });
    const status = (input.status ?? 'ACTIVE') as string;
    if (!PRODUCT_STATUSES.includes(status)) throw new VariableError('product', 'ProductCreateInput!', `status: Expected "${status}" to be one of: ${PRODUCT_STATUSES.join(', ')}`, input);
    const options = ((input.productOptions ?? []) as Array<{ name?: string; values?: Array<{ name?: string }> }>).map((o, i) => {
      const values = (o.values ?? []).map((v) => String(v.name ?? '').trim()).filter(Boolean);
      if (!o.name || values.length === 0) userErrors.push({ field: ['productOptions', String(i)], message: 'Each option needs a name and at least one value' });
      return { id: this.gid('ProductOption'), name: String(o.name ?? ''), values: values.map((name) => ({ id: this.gid('ProductOptionValue'), name })) };
    });
    if (options.length > 3) userErrors.push({ field: ['productOptions'], message: 'A product can have at most 3 options' });
    const handle = typeof input.handle === 'string' && input.handle ? input.handle : this.uniqueHandle(slugify(title));
    if (this.products.some((p) => p.handle === handle)) userErrors.push({ field: ['handle'], message: `Handle '${handle}' already in use. Please provide a new handle.` });
    if (userErrors.length) return { product: null, userErrors };

    const mediaIn = (args.media ?? []) as Array<Record<string, unknown>>;
    const media: FakeMedia[] = [];
    for (const m of mediaIn) {
      if (typeof m.originalSource !== 'string' || typeof m.mediaContentType !== 'string') throw new VariableError('media', '[CreateMediaInput!]', 'Expected originalSource and mediaContentType', m);
      media.push(await this.processMedia(m.originalSource, m.mediaContentType, typeof m.alt === 'string' ? m.alt : null));
    }
    // Shopify creates the product with one standalone variant: the first value of each option.
    const standalone: FakeVariant = options.length
      ? { id: this.gid('ProductVariant'), title: options.map((o) => o.values[0].name).join(' / '), price: '0.00', selectedOptions: options.map((o) => ({ name: o.name, value: o.values[0].name })), inventoryTracked: true }
      : { id: this.gid('ProductVariant'), title: 'Default Title', price: '0.00', selectedOptions: [{ name: 'Title', value: 'Default Title' }], inventoryTracked: true };
    const t = this.now();
    const product: FakeProduct = {
      id: this.gid('Product'), handle, title, status, options, media, variants: [standalone], publicationIds: [], createdAt: t, updatedAt: t,
      descriptionHtml: String(input.descriptionHtml ?? ''), productType: String(input.productType ?? ''), vendor: String(input.vendor ?? 'Field & Fen'),
      tags: normalizeTags(input.tags),
    };
    this.products.push(product);
    return { product: this.render(product), userErrors: [] };
  }

  private async processMedia(source: string, contentType: string, alt: string | null): Promise<FakeMedia> {
    const base = { id: this.gid('MediaImage'), alt, mediaContentType: contentType, originalSource: source };
    if (contentType !== 'IMAGE') return { ...base, status: 'FAILED', mediaErrors: [{ code: 'UNKNOWN', message: `The stand-in only processes IMAGE media, not ${contentType}` }] };
    const stored = this.uploads.lookup(source);
    if (!stored) return { ...base, status: 'FAILED', mediaErrors: [{ code: 'IMAGE_DOWNLOAD_FAILURE', message: 'Media could not be processed because the image could not be downloaded.' }] };
    const verdict = await inspectImage(stored.bytes);
    if (verdict.status === 'FAILED') return { ...base, status: 'FAILED', mediaErrors: [{ code: verdict.code, message: verdict.message }] };
    return { ...base, status: 'READY', mediaErrors: [], width: verdict.width, height: verdict.height };
  }

  productVariantsBulkCreate(args: Record<string, unknown>): unknown {
    requireString(args.productId, 'productId', 'ID!');
    const variantsIn = args.variants;
    if (!Array.isArray(variantsIn)) throw new VariableError('variants', '[ProductVariantsBulkInput!]!', 'Expected value to not be null', variantsIn);
    const strategy = (args.strategy ?? 'DEFAULT') as string;
    if (!STRATEGIES.includes(strategy)) throw new VariableError('strategy', 'ProductVariantsBulkCreateStrategy', `Expected "${strategy}" to be one of: ${STRATEGIES.join(', ')}`, strategy);
    const product = this.find(args.productId);
    if (!product) return { product: null, productVariants: null, userErrors: [{ field: ['productId'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }] };

    const userErrors: UserError[] = [];
    const created: FakeVariant[] = variantsIn.map((raw, i) => {
      const v = (raw ?? {}) as Record<string, unknown>;
      const price = v.price === undefined || v.price === null ? '0.00' : String(v.price);
      if (!/^\d+(\.\d+)?$/.test(price)) throw new VariableError('variants', '[ProductVariantsBulkInput!]!', `[${i}].price: invalid Money value ${JSON.stringify(v.price)}`, raw);
      const chosen = new Map<string, string>();
      for (const ov of (v.optionValues ?? []) as Array<Record<string, unknown>>) {
        const option = product.options.find((o) => o.name === ov.optionName || o.id === ov.optionId);
        if (!option) userErrors.push({ field: ['variants', String(i), 'optionValues'], message: `Option '${String(ov.optionName ?? ov.optionId)}' does not exist`, code: 'OPTION_DOES_NOT_EXIST' });
        else chosen.set(option.name, String(ov.name ?? ''));
      }
      const missing = product.options.filter((o) => !chosen.get(o.name));
      if (missing.length) userErrors.push({ field: ['variants', String(i), 'optionValues'], message: `You need to add option values for ${missing.map((o) => o.name).join(', ')}`, code: 'NEED_TO_ADD_OPTION_VALUES' });
      const selectedOptions = product.options.map((o) => ({ name: o.name, value: chosen.get(o.name) ?? '' }));
      const tracked = (v.inventoryItem as { tracked?: boolean } | undefined)?.tracked;
      return { id: '', title: selectedOptions.map((s) => s.value).join(' / '), price: Number(price).toFixed(2), selectedOptions, inventoryTracked: tracked ?? true };
    });
    // A standalone variant goes away with REMOVE_STANDALONE_VARIANT, or with DEFAULT when it is "Default Title".
    const standalone = product.variants.length === 1 ? product.variants[0] : null;
    const removeStandalone = standalone !== null && (strategy === 'REMOVE_STANDALONE_VARIANT' || (strategy === 'DEFAULT' && standalone.title === 'Default Title'));
    const kept = removeStandalone ? [] : product.variants;
    const seen = new Set(kept.map((v) => v.title));
    created.forEach((v, i) => {
      if (seen.has(v.title)) userErrors.push({ field: ['variants', String(i)], message: `The variant '${v.title}' already exists.`, code: 'VARIANT_ALREADY_EXISTS' });
      seen.add(v.title);
    });
    if (userErrors.length) return { product: { id: product.id }, productVariants: null, userErrors };

    for (const v of created) v.id = this.gid('ProductVariant');
    product.variants = [...kept, ...created];
    // Option values follow the variants: new values are added, orphaned ones dropped.
    for (const o of product.options) {
      const used = [...new Set(product.variants.map((v) => v.selectedOptions.find((s) => s.name === o.name)?.value ?? ''))];
      o.values = used.map((name) => o.values.find((x) => x.name === name) ?? { id: this.gid('ProductOptionValue'), name });
    }
    product.updatedAt = this.now();
    return { product: { id: product.id }, productVariants: created.map(renderVariant), userErrors: [] };
  }

  /** Existing variants by id; only the fields sent change. All or nothing (allowPartialUpdates is false by default). */
  productVariantsBulkUpdate(args: Record<string, unknown>): unknown {
    requireString(args.productId, 'productId', 'ID!');
    const variantsIn = args.variants;
    if (!Array.isArray(variantsIn)) throw new VariableError('variants', '[ProductVariantsBulkInput!]!', 'Expected value to not be null', variantsIn);
    const product = this.find(args.productId);
    if (!product) return { product: null, productVariants: null, userErrors: [{ field: ['productId'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }] };
    const userErrors: UserError[] = [];
    const changes = variantsIn.map((raw, i) => {
      const v = (raw ?? {}) as Record<string, unknown>;
      if (v.price !== undefined && v.price !== null && !/^\d+(\.\d+)?$/.test(String(v.price))) {
        throw new VariableError('variants', '[ProductVariantsBulkInput!]!', `[${i}].price: invalid Money value ${JSON.stringify(v.price)}`, raw);
      }
      const target = product.variants.find((x) => x.id === v.id);
      if (!target) userErrors.push({ field: ['variants', String(i), 'id'], message: 'Product variant does not exist', code: 'PRODUCT_VARIANT_DOES_NOT_EXIST' });
      return { target, price: v.price === undefined || v.price === null ? undefined : Number(v.price).toFixed(2) };
    });
    if (userErrors.length) return { product: { id: product.id }, productVariants: null, userErrors };
    for (const c of changes) if (c.price !== undefined) c.target!.price = c.price;
    product.updatedAt = this.now();
    return { product: { id: product.id }, productVariants: changes.map((c) => renderVariant(c.target!)), userErrors: [] };
  }

  productUpdate(args: Record<string, unknown>): unknown {
    const input = args.product as Record<string, unknown> | null;
    if (!input || typeof input !== 'object') throw new VariableError('product', 'ProductUpdateInput!', 'Expected value to not be null', input);
    const product = this.find(input.id);
    if (!product) return { product: null, userErrors: [{ field: ['id'], message: 'Product does not exist' }] };
    if (input.title !== undefined && !String(input.title ?? '').trim()) return { product: null, userErrors: [{ field: ['title'], message: "Title can't be blank" }] };
    if (input.status !== undefined && !PRODUCT_STATUSES.includes(String(input.status))) throw new VariableError('product', 'ProductUpdateInput!', `status: Expected "${input.status}" to be one of: ${PRODUCT_STATUSES.join(', ')}`, input);
    if (input.title !== undefined) product.title = String(input.title).trim();
    if (input.descriptionHtml !== undefined) product.descriptionHtml = String(input.descriptionHtml ?? '');
    if (input.tags !== undefined) product.tags = normalizeTags(input.tags);
    for (const key of ['status', 'productType', 'vendor'] as const) if (input[key] !== undefined) product[key] = String(input[key]);
    product.updatedAt = this.now();
    return { product: this.render(product), userErrors: [] };
  }

  publishablePublish(args: Record<string, unknown>): unknown {
    requireString(args.id, 'id', 'ID!');
    const input = args.input;
    if (!Array.isArray(input)) throw new VariableError('input', '[PublicationInput!]!', 'Expected value to not be null', input);
    const product = this.find(args.id);
    if (!product) return { publishable: null, userErrors: [{ field: ['id'], message: 'Resource does not exist' }] };
    const userErrors: UserError[] = [];
    input.forEach((raw, i) => {
      const publicationId = (raw as { publicationId?: string } | null)?.publicationId;
      if (!PUBLICATIONS.some((p) => p.id === publicationId)) userErrors.push({ field: ['input', String(i), 'publicationId'], message: 'Publication does not exist' });
    });
    if (userErrors.length) return { publishable: null, userErrors };
    for (const raw of input) {
      const id = (raw as { publicationId: string }).publicationId;
      if (!product.publicationIds.includes(id)) product.publicationIds.push(id);
    }
    return { publishable: this.render(product), shop: { id: 'gid://shopify/Shop/1' }, userErrors: [] };
  }

  private uniqueHandle(base: string): string {
    let handle = base || 'product';
    for (let n = 1; this.products.some((p) => p.handle === handle); n++) handle = `${base}-${n}`;
    return handle;
  }
}

function renderVariant(v: FakeVariant): Record<string, unknown> {
  return { id: v.id, title: v.title, price: v.price, selectedOptions: v.selectedOptions, inventoryItem: { tracked: v.inventoryTracked } };
}

function requireString(value: unknown, name: string, type: string): void {
  if (typeof value !== 'string' || !value) throw new VariableError(name, type, 'Expected value to not be null', value);
}

function normalizeTags(tags: unknown): string[] {
  const list = Array.isArray(tags) ? tags : typeof tags === 'string' ? tags.split(',') : [];
  return [...new Set(list.map((t) => String(t).trim()).filter(Boolean))];
}

export function slugify(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * A subset of Shopify's search syntax: whitespace-separated terms (AND), `field:value` with
 * optional single or double quotes for tag, handle, title, status, product_type; other text
 * matches the title. Tags compare exactly, case-insensitively.
 */
export function matchesSearch(p: FakeProduct, query: string): boolean {
  const terms = query.match(/(?:[_a-z]+:)?(?:"(?:[^"\\]|\\.)*"|'[^']*'|\S+)/gi) ?? [];
  return terms.every((term) => {
    if (term === 'AND') return true;
    const m = /^([_a-z]+):(.*)$/i.exec(term);
    const field = m?.[1]?.toLowerCase();
    let value = (m ? m[2] : term).replace(/^["']|["']$/g, '').replace(/\\(.)/g, '$1').toLowerCase();
    if (!m) return p.title.toLowerCase().includes(value);
    switch (field) {
      case 'tag': return p.tags.some((t) => t.toLowerCase() === value);
      case 'handle': return p.handle === value;
      case 'title': return p.title.toLowerCase().includes(value);
      case 'status': return p.status.toLowerCase() === value;
      case 'product_type': return p.productType.toLowerCase() === value;
      default: value = term.toLowerCase(); return p.title.toLowerCase().includes(value);
    }
  });
}
