/**
 * What happens to a live listing after publishing, against the three stand-ins:
 * UpdateListing with `prices: true` pushes the price table in force to the product's
 * variants, DeleteFile archives the Shopify product with the file; and the pipeline's
 * connection tests (ok against the stand-ins, a readable refusal for a wrong
 * credential, "not configured" without one — never a secret in the detail).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { servicesOf } from '../../src/domain/services.js';
import { makeServiceAccount } from '../../src/standins/googleDrive.js';
import { call, testConfig } from '../helpers/stack.js';
import { startPipeline, type Pipeline } from './harness.js';

let p: Pipeline;
let fileId: string;

/** A file driven to PUBLISHED, as in flow.test.ts. */
async function publish(name: string): Promise<string> {
  const driveId = await p.drop(name);
  await p.scan();
  const id = (await p.waitForFile(() => p.fileByDriveId(driveId), `${name} to be recorded`)).id as string;
  await p.waitForStatus(id, 'processed');
  const approved = await call(p.api.url, 'POST', `/api/files/${id}/approve`, { token: p.tokens.reviewer });
  expect(approved.status).toBe(200);
  await p.waitForStatus(id, 'published');
  return id;
}

beforeAll(async () => {
  p = await startPipeline();
  fileId = await publish('otter-in-the-reeds.jpg');
}, 60_000);
afterAll(async () => {
  await p?.close();
});

const product = () => p.shopify.products.find((x) => x.tags.includes(`ff-file-${fileId}`))!;
const listingRow = () => p.tdb.db.selectFrom('listings').selectAll().where('file_id', '=', fileId).executeTakeFirstOrThrow();
async function run(commandType: string, payload: Record<string, unknown>) {
  const r = await call(p.api.url, 'POST', '/api/jobs', { token: p.tokens.admin, body: { command_type: commandType, payload } });
  expect(r.status).toBe(201);
  const job = await p.endedJob(fileId, commandType);
  expect([job.id, job.status, job.last_error]).toEqual([r.body.job_id, 'completed', null]);
  return JSON.parse(job.result_json);
}

describe('a published file', () => {
  it('gets the new price table on its variants with UpdateListing {prices: true}', async () => {
    const offered = JSON.parse((await p.file(fileId)).offered_sizes_json) as { key: string; label: string }[];
    const [first, second] = offered;
    await servicesOf(p.api.engine).settings.setPrices({ [first.key]: 61, [second.key]: 88.5 });
    const before = new Map(product().variants.map((v) => [v.selectedOptions[0].value, v.price]));

    const result = await run('UpdateListing', { file_id: fileId, prices: true });

    const prices = new Map(product().variants.map((v) => [v.selectedOptions[0].value, v.price]));
    expect(prices.get(first.label)).toBe('61.00');
    expect(prices.get(second.label)).toBe('88.50');
    for (const s of offered.slice(2)) expect(prices.get(s.label)).toBe(before.get(s.label)); // the table's other prices did not change
    expect(result.prices).toMatchObject({ [first.label]: 61, [second.label]: 88.5 });
    // The listing's data holds the prices now on the variants.
    const data = JSON.parse((await listingRow()).data_json!);
    expect(data.sizes.slice(0, 2)).toEqual([{ name: first.label, price: 61 }, { name: second.label, price: 88.5 }]);
    expect(data.variant_ids).toEqual(product().variants.map((v) => v.id));
    const calls = p.shopify.requests.filter((r) => r.endpoint === 'graphql productVariantsBulkUpdate');
    expect(calls.map((r) => r.status)).toEqual([200]);
  });

  it('is archived with its Shopify product by DeleteFile (once: a second run calls Shopify no more)', async () => {
    expect(product().status).toBe('ACTIVE');
    const result = await run('DeleteFile', { file_id: fileId, reason: 'withdrawn by the artist' });
    expect(result).toMatchObject({ status: 'archived', previous: 'published', product_status: 'ARCHIVED' });
    expect(product().status).toBe('ARCHIVED');
    expect((await listingRow()).status).toBe('archived');
    const f = await p.file(fileId);
    expect([f.status, f.status_reason]).toEqual(['archived', 'ARCHIVED: withdrawn by the artist']);

    const updates = p.shopify.requests.filter((r) => r.endpoint === 'graphql productUpdate').length;
    const r = await call(p.api.url, 'POST', '/api/jobs', { token: p.tokens.admin, body: { command_type: 'DeleteFile', payload: { file_id: fileId } } });
    const again = await waitForJob(r.body.job_id);
    expect(JSON.parse(again.result_json ?? 'null')).toMatchObject({ already: true });
    expect(p.shopify.requests.filter((x) => x.endpoint === 'graphql productUpdate')).toHaveLength(updates);
  });
});

describe('a published file whose product was deleted in Shopify', () => {
  it('is archived all the same; its listing is marked deleted', async () => {
    const id = await publish('heron-on-the-dyke.jpg');
    const i = p.shopify.products.findIndex((x) => x.tags.includes(`ff-file-${id}`));
    p.shopify.products.splice(i, 1); // removed by hand in the Shopify admin
    const r = await call(p.api.url, 'POST', '/api/jobs', { token: p.tokens.admin, body: { command_type: 'DeleteFile', payload: { file_id: id } } });
    const job = await waitForJob(r.body.job_id);
    expect([job.status, JSON.parse(job.result_json ?? 'null')?.product_status]).toEqual(['completed', 'DELETED']);
    expect((await p.tdb.db.selectFrom('listings').select('status').where('file_id', '=', id).executeTakeFirstOrThrow()).status).toBe('deleted');
    expect((await p.file(id)).status).toBe('archived');
  });
});

async function waitForJob(id: string) {
  for (let i = 0; i < 400; i++) {
    const j = await p.tdb.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (j && ['completed', 'failed', 'cancelled'].includes(j.status)) return j;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${id} did not end`);
}

describe('connection tests', () => {
  /** The API's engine with another configuration (same database): what an operator with these settings would see. */
  const withEnv = (env: Record<string, string | undefined>): Engine => {
    const merged = Object.fromEntries(Object.entries({ ...p.env, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return { ...p.api.engine, config: testConfig(merged) };
  };
  const test = (engine: Engine, name: string) => p.api.engine.app.connections!.test(engine, name);

  it('names the three services and connects to each stand-in, metered', async () => {
    expect(p.api.engine.app.connections!.names).toEqual(['google_drive', 'replicate', 'shopify']);
    const sa = JSON.parse(readFileSync(p.env.GOOGLE_DRIVE_CREDENTIALS_PATH, 'utf8'));
    expect(await test(p.api.engine, 'google_drive')).toEqual({ ok: true, detail: `connected as ${sa.client_email}` });
    expect(await test(p.api.engine, 'replicate')).toEqual({ ok: true, detail: 'connected as fieldfen-standin' });
    expect(await test(p.api.engine, 'shopify')).toEqual({ ok: true, detail: 'connected as Field & Fen (stand-in)' });
    const rows = await p.tdb.db.selectFrom('api_usage').select(['service', 'endpoint', 'status_code']).where('endpoint', 'in', ['GET /drive/v3/about', 'GET /v1/account', 'graphql shop']).execute();
    expect(rows.map((r) => [r.service, r.endpoint, r.status_code]).sort()).toEqual([
      ['google_drive', 'GET /drive/v3/about', 200], ['replicate', 'GET /v1/account', 200], ['shopify', 'graphql shop', 200],
    ]);
    expect(await test(p.api.engine, 'dropbox')).toEqual({ ok: false, detail: 'unknown connection "dropbox" (known: google_drive, replicate, shopify)' });
  });

  it('fails with the service’s own refusal for a wrong credential, without the secret', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = { ...makeServiceAccount(p.drive, 'forged'), private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    const forgedPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'ff-sa-')), 'forged.json');
    writeFileSync(forgedPath, JSON.stringify(forged));
    const bad = withEnv({
      GOOGLE_DRIVE_CREDENTIALS_PATH: forgedPath,
      REPLICATE_API_TOKEN: 'r8_not_the_token_0123',
      SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined, SHOPIFY_ACCESS_TOKEN: 'shpat_not_the_token_0123',
    });
    const drive = await test(bad, 'google_drive');
    expect(drive.ok).toBe(false);
    expect(drive.detail).toMatch(/^google_drive token grant failed: 400 invalid_grant Invalid JWT Signature/);
    expect(drive.detail).not.toContain('PRIVATE KEY');
    expect(await test(bad, 'replicate')).toEqual({ ok: false, detail: 'Replicate GET /v1/account → 401: Unauthenticated: You did not pass a valid authentication token' });
    expect(await test(bad, 'shopify')).toEqual({ ok: false, detail: 'Shopify graphql shop: access token rejected (401)' });
    // The client-credentials grant with a wrong secret: Shopify's invalid_client, the secret not echoed.
    const badSecret = await test(withEnv({ SHOPIFY_API_SECRET: 'wrong-secret-0123456789' }), 'shopify');
    expect(badSecret.ok).toBe(false);
    expect(badSecret.detail).toContain('invalid_client');
    expect(badSecret.detail).not.toContain('wrong-secret-0123456789');
    const refused = await p.tdb.db.selectFrom('api_usage').select(['endpoint', 'status_code']).where('status_code', 'in', [400, 401]).execute();
    expect(refused.map((r) => `${r.endpoint} ${r.status_code}`).sort()).toEqual(['GET /v1/account 401', 'POST /admin/oauth/access_token 400', 'POST token 400', 'graphql shop 401']);
  });

  it('answers "not configured (VARIABLE)" for a service without credentials', async () => {
    const none = withEnv({
      GOOGLE_DRIVE_CREDENTIALS_PATH: undefined, REPLICATE_API_TOKEN: undefined,
      SHOPIFY_API_KEY: undefined, SHOPIFY_API_SECRET: undefined, SHOPIFY_ACCESS_TOKEN: undefined,
    });
    expect(await test(none, 'google_drive')).toEqual({ ok: false, detail: 'not configured (GOOGLE_DRIVE_CREDENTIALS_PATH)' });
    expect(await test(none, 'replicate')).toEqual({ ok: false, detail: 'not configured (REPLICATE_API_TOKEN)' });
    expect(await test(none, 'shopify')).toEqual({ ok: false, detail: 'not configured (SHOPIFY_ACCESS_TOKEN or SHOPIFY_API_KEY + SHOPIFY_API_SECRET)' });
    expect(await test(withEnv({ SHOPIFY_STORE_URL: undefined }), 'shopify')).toEqual({ ok: false, detail: 'not configured (SHOPIFY_STORE_URL)' });
  });

  it('answers an unreadable credentials file as a failed connection, and reads it again once fixed', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ff-sa-')), 'sa.json');
    writeFileSync(file, 'not json');
    const engine = withEnv({ GOOGLE_DRIVE_CREDENTIALS_PATH: file });
    const r = await test(engine, 'google_drive');
    expect(r.ok).toBe(false);
    expect(r.detail).toContain(`cannot build the clients: cannot read service-account JSON at ${file}`);
    writeFileSync(file, readFileSync(p.env.GOOGLE_DRIVE_CREDENTIALS_PATH));
    expect((await test(engine, 'google_drive')).ok).toBe(true);
  });
});
