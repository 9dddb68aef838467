import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ShopifyClient, ShopifyUserError, normalizeStoreUrl } from '../../src/integrations/shopify.js';
import { MemoryUsageRecorder } from '../../src/integrations/usage.js';
import { PermanentError, RetryableError, RunLaterError } from '../../src/core/outcomes.js';
import { startFakeShopify, type FakeShopify, type FakeShopifyOptions } from '../../src/standins/shopify.js';

const fakes: FakeShopify[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(fakeOpts: FakeShopifyOptions = {}, clientOpts: Partial<ConstructorParameters<typeof ShopifyClient>[0]> = {}) {
  const fake = await startFakeShopify(fakeOpts);
  fakes.push(fake);
  const usage = new MemoryUsageRecorder();
  const client = new ShopifyClient({ storeUrl: fake.baseUrl, clientId: fake.clientId, clientSecret: fake.clientSecret, usage, ...clientOpts });
  return { fake, usage, client };
}

/** Every request the stand-in saw was metered once, in order, with the same status. */
function expectUsageMatchesRequests(usage: MemoryUsageRecorder, fake: FakeShopify) {
  expect(usage.entries.map((e) => [e.endpoint, e.statusCode])).toEqual(fake.requests.map((r) => [r.endpoint, r.status]));
  for (const e of usage.entries) expect(e.service).toBe('shopify');
}

async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 90, b: 60 } } }).jpeg({ quality: 70 }).toBuffer();
}

const SIZES = [
  { name: '8x12', price: '45' },
  { name: '12x18', price: 65.5 },
  { name: '16x24', price: '95.00' },
];

function listing(imageUrl: string, fileId = 'f-123') {
  return {
    title: 'Barn Owl at Dusk',
    descriptionHtml: '<p>A barn owl quartering the fen.</p>',
    productType: 'Canvas Print',
    tags: ['barn-owl', 'owls', `ff-file-${fileId}`],
    imageUrl,
    imageAlt: 'Barn owl in flight at dusk',
    sizes: SIZES,
  };
}

describe('ShopifyClient tokens', () => {
  it('obtains a token by client-credentials grant once and reuses it', async () => {
    const { fake, usage, client } = await setup();
    expect(await client.findProductByTag('ff-file-none')).toBeNull();
    expect(await client.findProductByTag('ff-file-none', { jobId: 'job-7' })).toBeNull();
    expect(fake.counters.tokenGrants).toBe(1);
    expect(fake.requests.map((r) => r.endpoint)).toEqual(['POST /admin/oauth/access_token', 'graphql products', 'graphql products']);
    expect(usage.entries[2].jobId).toBe('job-7');
    expect(usage.entries[1].rateLimitRemaining).toBeTypeOf('number');
    expectUsageMatchesRequests(usage, fake);
  });

  it('renews the token ahead of its expiry (86399 s)', async () => {
    let t = Date.UTC(2026, 0, 1);
    const { fake, usage, client } = await setup({}, { now: () => t });
    await client.findProductByTag('x');
    t += (86399 - 10 * 60) * 1000; // 10 min before expiry: still fine
    await client.findProductByTag('x');
    expect(fake.counters.tokenGrants).toBe(1);
    t += 6 * 60 * 1000; // now inside the 5-minute renewal window
    await client.findProductByTag('x');
    expect(fake.counters.tokenGrants).toBe(2);
    expect(fake.counters.unauthorized).toBe(0);
    expectUsageMatchesRequests(usage, fake);
  });

  it('renews once when a token is rejected mid-run, then retries the request', async () => {
    const { fake, usage, client } = await setup();
    await client.findProductByTag('x');
    fake.expireAllTokens();
    expect(await client.findProductByTag('x')).toBeNull();
    expect(fake.requests.map((r) => [r.endpoint, r.status])).toEqual([
      ['POST /admin/oauth/access_token', 200],
      ['graphql products', 200],
      ['graphql products', 401],
      ['POST /admin/oauth/access_token', 200],
      ['graphql products', 200],
    ]);
    expectUsageMatchesRequests(usage, fake);
  });

  it('gives up after one renewal when new tokens are rejected too', async () => {
    const { fake, usage, client } = await setup({ tokenTtlSeconds: 0 });
    const err = await client.findProductByTag('x').catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('SHOPIFY_AUTH_FAILED');
    expect(fake.counters.tokenGrants).toBe(2);
    expect(fake.counters.unauthorized).toBe(2);
    expectUsageMatchesRequests(usage, fake);
  });

  it('refuses a wrong client secret permanently', async () => {
    const { fake, usage, client } = await setup({}, { clientSecret: 'not-the-secret' });
    const err = await client.findProductByTag('x').catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('SHOPIFY_AUTH_FAILED');
    expect(err.message).toContain('invalid_client');
    expect(fake.requests.map((r) => [r.endpoint, r.status])).toEqual([['POST /admin/oauth/access_token', 400]]);
    expectUsageMatchesRequests(usage, fake);
  });

  it('uses a fixed access token without any grant; a rejected fixed token is permanent', async () => {
    const { fake, usage, client } = await setup({ fixedToken: 'shpat_legacy_token' }, { clientId: undefined, clientSecret: undefined, accessToken: 'shpat_legacy_token' });
    await client.findProductByTag('x');
    await client.onlineStorePublication();
    expect(fake.counters.tokenGrants).toBe(0);
    expect(fake.requests.every((r) => r.endpoint.startsWith('graphql'))).toBe(true);

    const wrong = new ShopifyClient({ storeUrl: fake.baseUrl, accessToken: 'shpat_wrong', usage });
    const err = await wrong.findProductByTag('x').catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(fake.counters.tokenGrants).toBe(0);
    expectUsageMatchesRequests(usage, fake);
  });
});

describe('ShopifyClient listing flow', () => {
  it('stages the image, creates the product with one variant per size, publishes it and finds it by tag', async () => {
    const { fake, usage, client } = await setup();
    const bytes = await jpeg(900, 600);
    const resourceUrl = await client.stagedUploadImage({ filename: 'barn-owl.jpg', mimeType: 'image/jpeg', bytes }, { jobId: 'job-1' });
    expect(resourceUrl).toMatch(new RegExp(`^${fake.baseUrl}/staged-uploads/tmp/.+/barn-owl\\.jpg$`));

    const created = await client.createProduct(listing(resourceUrl), { jobId: 'job-1' });
    expect(created.productId).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    expect(created.handle).toBe('barn-owl-at-dusk');
    expect(created.variantIds).toHaveLength(3);

    expect(fake.products).toHaveLength(1);
    const p = fake.products[0];
    expect(p.status).toBe('ACTIVE');
    expect(p.productType).toBe('Canvas Print');
    expect(p.tags).toEqual(['barn-owl', 'owls', 'ff-file-f-123']);
    expect(p.options.map((o) => [o.name, o.values.map((v) => v.name)])).toEqual([['Size', ['8x12', '12x18', '16x24']]]);
    // The standalone variant (8x12 at 0.00) is gone: exactly one variant per size, at its price.
    expect(p.variants.map((v) => [v.title, v.price, v.inventoryTracked])).toEqual([
      ['8x12', '45.00', false],
      ['12x18', '65.50', false],
      ['16x24', '95.00', false],
    ]);
    expect(p.variants.map((v) => v.id)).toEqual(created.variantIds);
    expect(p.media).toHaveLength(1);
    expect(p.media[0]).toMatchObject({ status: 'READY', alt: 'Barn owl in flight at dusk', width: 900, height: 600 });

    expect(await client.publishToOnlineStore(created.productId)).toEqual({ publicationId: 'gid://shopify/Publication/190001' });
    await client.publishToOnlineStore(created.productId); // publication id is cached
    expect(fake.requests.filter((r) => r.endpoint === 'graphql publications')).toHaveLength(1);
    expect(p.publicationIds).toEqual(['gid://shopify/Publication/190001']);

    const found = await client.findProductByTag('ff-file-f-123');
    expect(found?.id).toBe(created.productId);
    expect(found?.onlineStoreUrl).toBe(`${fake.baseUrl}/products/barn-owl-at-dusk`);
    expect(found?.variants.map((v) => v.price)).toEqual(['45.00', '65.50', '95.00']);
    expect(await client.findProductByTag('ff-file-f-12')).toBeNull();

    const updated = await client.updateProduct({ id: created.productId, title: 'Barn Owl, Dusk', tags: [...p.tags, 'dusk'] });
    expect(updated.title).toBe('Barn Owl, Dusk');
    expect((await client.getProduct(created.productId))?.tags).toContain('dusk');
    expect(await client.getProduct('gid://shopify/Product/1')).toBeNull();

    expect(fake.requests.map((r) => r.endpoint)).toEqual([
      'POST /admin/oauth/access_token',
      'graphql stagedUploadsCreate',
      'POST staged-upload',
      'graphql productCreate',
      'graphql productVariantsBulkCreate',
      'graphql publications',
      'graphql publishablePublish',
      'graphql publishablePublish',
      'graphql products',
      'graphql products',
      'graphql productUpdate',
      'graphql product',
      'graphql product',
    ]);
    expect(usage.entries.slice(0, 5).every((e) => e.jobId === 'job-1')).toBe(true);
    expectUsageMatchesRequests(usage, fake);
  });

  it('also uploads to PUT targets', async () => {
    const { fake, client } = await setup();
    const resourceUrl = await client.stagedUploadImage({ filename: 'owl.png', mimeType: 'image/png', bytes: await sharp({ create: { width: 20, height: 10, channels: 3, background: '#fff' } }).png().toBuffer(), httpMethod: 'PUT' });
    const product = await client.productCreate({ ...listing(resourceUrl), sizes: [{ name: '10x20', price: 30 }] });
    expect(product.media[0]).toMatchObject({ status: 'READY', mediaErrors: [] });
    expect(fake.requests.map((r) => [r.endpoint, r.status])).toContainEqual(['PUT staged-upload', 200]);
  });

  it('lets Shopify reject an image over 20 megapixels (media FAILED)', async () => {
    const { client } = await setup();
    const resourceUrl = await client.stagedUploadImage({ filename: 'big.jpg', mimeType: 'image/jpeg', bytes: await jpeg(5000, 4200) });
    const product = await client.productCreate(listing(resourceUrl));
    expect(product.media[0].status).toBe('FAILED');
    expect(product.media[0].mediaErrors[0].code).toBe('INVALID_IMAGE_RESOLUTION');
  });

  it('turns userErrors into a PermanentError and creates nothing', async () => {
    const { fake, usage, client } = await setup();
    const err = await client.createProduct({ ...listing('https://example.invalid/x.jpg'), title: '  ' }).catch((e) => e);
    expect(err).toBeInstanceOf(ShopifyUserError);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('SHOPIFY_USER_ERROR');
    expect(err.message).toContain("title: Title can't be blank");
    expect(fake.products).toHaveLength(0);

    const pub = await client.publishToOnlineStore('gid://shopify/Product/404').catch((e) => e);
    expect(pub).toBeInstanceOf(ShopifyUserError);
    expectUsageMatchesRequests(usage, fake);
  });

  it('reports GraphQL errors (the stand-in refuses inline inputs) as permanent', async () => {
    const { client } = await setup();
    const inline = await client.graphql('mutation productCreate { productCreate(product: {title: "x"}) { product { id } } }').catch((e) => e);
    expect(inline).toBeInstanceOf(PermanentError);
    expect(inline.code).toBe('SHOPIFY_GRAPHQL_ERROR');
    const unknown = await client.graphql('query shop { shopp { name } }').catch((e) => e);
    expect(unknown.message).toContain("Field 'shopp' doesn't exist");
  });
});

describe('ShopifyClient rate limits and failures', () => {
  it('maps THROTTLED to RunLaterError for the bucket refill time', async () => {
    const { fake, usage, client } = await setup({ restoreRate: 50 });
    fake.throttleNext(1, { currentlyAvailable: 60 });
    const err = await client.findProductByTag('x').catch((e) => e);
    expect(err).toBeInstanceOf(RunLaterError);
    const t = fake.throttled[0];
    expect(t.currentlyAvailable).toBe(60);
    expect(t.requestedQueryCost).toBeGreaterThan(60);
    expect(err.delayMs).toBe(Math.ceil((t.requestedQueryCost - 60) / 50) * 1000);
    expect(err.delayMs).toBeGreaterThan(1000);
    expect(usage.entries.at(-1)?.rateLimitRemaining).toBe(60);
    expectUsageMatchesRequests(usage, fake);
  });

  it('is throttled by the leaky bucket itself when it runs dry', async () => {
    const { client } = await setup({ maximumAvailable: 25, restoreRate: 1 });
    const stage = () => client.graphql('mutation stagedUploadsCreate($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) { stagedTargets { url } userErrors { message } } }', { input: [{ resource: 'IMAGE', filename: 'a.jpg', mimeType: 'image/jpeg', httpMethod: 'POST' }] });
    await stage();
    await stage(); // 25 − 10 − 10 = 5 points left
    const err = await stage().catch((e) => e);
    expect(err).toBeInstanceOf(RunLaterError);
    expect(err.delayMs).toBeGreaterThanOrEqual(4000);
    expect(err.delayMs).toBeLessThanOrEqual(5000);
  });

  it('never creates a product twice when a throttled step is retried', async () => {
    const { fake, usage, client } = await setup();
    const resourceUrl = await client.stagedUploadImage({ filename: 'owl.jpg', mimeType: 'image/jpeg', bytes: await jpeg(300, 200) });
    fake.throttleNext(1);
    await expect(client.createProduct(listing(resourceUrl))).rejects.toBeInstanceOf(RunLaterError);
    expect(fake.products).toHaveLength(0); // a throttled mutation does nothing
    await expect(client.productCreate(listing(resourceUrl))).rejects.toBeInstanceOf(RunLaterError); // bucket still empty
    fake.refillBucket(); // the worker waited as asked

    // Retry: productCreate succeeds, then variants are throttled.
    const product = await client.productCreate(listing(resourceUrl));
    fake.throttleNext(1);
    await expect(client.variantsBulkCreate(product.id, SIZES)).rejects.toBeInstanceOf(RunLaterError);

    // The next run resumes from the product it finds by tag instead of creating another.
    fake.refillBucket();
    const existing = await client.findProductByTag('ff-file-f-123');
    expect(existing?.id).toBe(product.id);
    expect(existing?.variants.map((v) => v.price)).toEqual(['0.00']); // only the standalone variant
    await client.variantsBulkCreate(existing!.id, SIZES);
    expect(fake.products).toHaveLength(1);
    expect(fake.products[0].variants.map((v) => `${v.title}=${v.price}`)).toEqual(['8x12=45.00', '12x18=65.50', '16x24=95.00']);
    expectUsageMatchesRequests(usage, fake);
  });

  it('maps 5xx and network failures to RetryableError and 429 to RunLaterError(Retry-After)', async () => {
    const { fake, usage, client } = await setup();
    fake.fail.next(1, { status: 500 });
    const e500 = await client.findProductByTag('x').catch((e) => e);
    expect(e500).toBeInstanceOf(RetryableError);
    fake.fail.next(1, { status: 429, retryAfter: 2 });
    const e429 = await client.findProductByTag('x').catch((e) => e);
    expect(e429).toBeInstanceOf(RunLaterError);
    expect(e429.delayMs).toBe(2000);
    expect(await client.findProductByTag('x')).toBeNull(); // healthy again
    fake.fail.next(1, { status: 503, route: 'token' });
    fake.expireAllTokens();
    await expect(client.findProductByTag('x')).rejects.toBeInstanceOf(RetryableError);
    expectUsageMatchesRequests(usage, fake);

    const down = new ShopifyClient({ storeUrl: 'http://127.0.0.1:9', accessToken: 'shpat_x', usage });
    const net = await down.findProductByTag('x').catch((e) => e);
    expect(net).toBeInstanceOf(RetryableError);
    expect(usage.entries.at(-1)).toMatchObject({ endpoint: 'graphql products', statusCode: null });
  });

  it('refuses an unknown API version with 404', async () => {
    const { client } = await setup({}, { apiVersion: '2019-04' });
    const err = await client.findProductByTag('x').catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toContain('404');
  });

  it('normalises SHOPIFY_STORE_URL', () => {
    expect(normalizeStoreUrl('fieldfen.myshopify.com')).toBe('https://fieldfen.myshopify.com');
    expect(normalizeStoreUrl('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010');
    expect(new ShopifyClient({ storeUrl: 'fieldfen.myshopify.com', accessToken: 't', usage: new MemoryUsageRecorder() }).graphqlUrl).toBe('https://fieldfen.myshopify.com/admin/api/2026-01/graphql.json');
  });
});

describe('ShopifyClient listing maintenance and connection test', () => {
  async function listed() {
    const s = await setup();
    const imageUrl = await s.client.stagedUploadImage({ filename: 'barn-owl.jpg', mimeType: 'image/jpeg', bytes: await jpeg(900, 600) });
    const created = await s.client.createProduct(listing(imageUrl));
    return { ...s, created };
  }

  it('archives a product with productUpdate(status: ARCHIVED), shown in the stand-in state', async () => {
    const { fake, usage, client, created } = await listed();
    const p = await client.setProductStatus(created.productId, 'ARCHIVED', { jobId: 'job-9' });
    expect(p.status).toBe('ARCHIVED');
    expect(p.onlineStoreUrl).toBeNull();
    expect(fake.products.find((x) => x.id === created.productId)!.status).toBe('ARCHIVED');
    expect(fake.requests.at(-1)).toMatchObject({ endpoint: 'graphql productUpdate', status: 200 });
    expect(usage.entries.at(-1)!.jobId).toBe('job-9');
    const gone = await client.setProductStatus('gid://shopify/Product/1', 'ARCHIVED').catch((e) => e);
    expect(gone).toBeInstanceOf(ShopifyUserError);
    expect(gone.message).toContain('Product does not exist');
    expectUsageMatchesRequests(usage, fake);
  });

  it('sets variant prices with productVariantsBulkUpdate; an unknown variant changes nothing', async () => {
    const { fake, usage, client, created } = await listed();
    const [a, b] = created.variantIds;
    const out = await client.variantsBulkUpdatePrices(created.productId, [{ id: a, price: 49 }, { id: b, price: '72.5' }]);
    expect(out.map((v) => [v.id, v.price])).toEqual([[a, '49.00'], [b, '72.50']]);
    const product = fake.products.find((x) => x.id === created.productId)!;
    expect(product.variants.map((v) => [v.selectedOptions[0].value, v.price])).toEqual([['8x12', '49.00'], ['12x18', '72.50'], ['16x24', '95.00']]);
    const err = await client.variantsBulkUpdatePrices(created.productId, [{ id: a, price: 1 }, { id: 'gid://shopify/ProductVariant/1', price: 2 }]).catch((e) => e);
    expect(err).toBeInstanceOf(ShopifyUserError);
    expect(err.message).toContain('Product variant does not exist');
    expect(product.variants[0].price).toBe('49.00'); // all or nothing
    expect(await client.variantsBulkUpdatePrices(created.productId, [{ id: a, price: 'abc' }]).catch((e) => e.code)).toBe('SHOPIFY_BAD_PRICE');
    expectUsageMatchesRequests(usage, fake);
  });

  it('answers the shop name; a wrong fixed token is a 401, metered', async () => {
    const { fake, usage, client } = await setup({ shopName: 'Fen Prints' });
    expect(await client.shopName()).toBe('Fen Prints');
    expect(fake.requests.at(-1)).toMatchObject({ endpoint: 'graphql shop', status: 200 });
    const wrong = new ShopifyClient({ storeUrl: fake.baseUrl, accessToken: 'shpat_wrong', usage });
    const err = await wrong.shopName().catch((e) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('SHOPIFY_AUTH_FAILED');
    expect(err.message).toBe('Shopify graphql shop: access token rejected (401)');
    expect(fake.requests.at(-1)).toMatchObject({ endpoint: 'graphql shop', status: 401 });
    expectUsageMatchesRequests(usage, fake);
  });
});
