/**
 * The pipeline end to end against the three stand-ins: a file dropped in Drive
 * Incoming reaches the review queue, is approved over REST and becomes exactly one
 * live Shopify product; plus the review decisions, waits on rate limits and the
 * api_usage ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { offeredSizes, DEFAULT_FAMILIES } from '../../src/images/families.js';
import { DEFAULT_PRICE_TABLE } from '../../src/domain/settings/prices.js';
import { metadataSchema } from '../../src/domain/files/metadata.js';
import { call, waitFor } from '../helpers/stack.js';
import { startPipeline, usageByService, type Pipeline } from './harness.js';

let p: Pipeline;

beforeAll(async () => {
  p = await startPipeline({ env: { PRICE_TABLE: JSON.stringify({ '8x12': 49, '16x24': 109.5 }) } });
});
afterAll(async () => {
  await p?.close();
});

async function dropAndProcess(name: string, o: { width?: number; height?: number } = {}) {
  const driveId = await p.drop(name, o);
  await p.scan();
  const recorded = await p.waitForFile(() => p.fileByDriveId(driveId), `${name} to be recorded`);
  return { driveId, fileId: recorded.id as string };
}

describe('a file dropped in Drive Incoming', () => {
  let fileId: string;
  let driveId: string;

  it('is found by the scan and reaches PROCESSED with valid metadata and the right offered sizes', async () => {
    ({ fileId, driveId } = await dropAndProcess('red-fox-at-dawn.jpg'));
    const f = await p.waitForStatus(fileId, 'processed');
    expect([f.width, f.height, f.ratio_family]).toEqual([600, 400, '3:2']);
    const meta = metadataSchema.parse(JSON.parse(f.metadata_json));
    expect(meta.filename.startsWith(`${meta.species.toLowerCase().replace(/\s+/g, '-')}-`)).toBe(true);
    // 600×400 at MIN_PRINT_DPI 50 needs ×4 (2400×1600): 3:2 sizes up to 32x48 reach 50 DPI, 40x60 does not.
    const offered = JSON.parse(f.offered_sizes_json);
    const expected = offeredSizes(DEFAULT_FAMILIES[0], 2400, 1600, 50);
    expect(offered.map((s: any) => s.label)).toEqual(expected.map((s) => s.label));
    expect(offered.map((s: any) => s.label)).toEqual(['12x8', '18x12', '24x16', '30x20', '36x24', '48x32']);
    expect(offered.find((s: any) => s.key === '8x12').price).toBe(49);
    // The print file is in Ready to Process at print resolution; one upscale prediction was paid for.
    const print = p.drive.state.files.get(f.processed_drive_file_id)!;
    expect(print.parents).toEqual([p.folders.ready]);
    expect(p.replicate.predictions.filter((x) => x.model === p.config.REPLICATE_UPSCALE_MODEL)).toHaveLength(1);
    expect(p.replicate.predictions.filter((x) => x.model === p.config.REPLICATE_METADATA_MODEL)).toHaveLength(1);
    // The chain ran once per step (the file moves before its job's end is committed).
    const jobs = await waitFor(async () => {
      const js = await p.jobsOf(fileId);
      return js.every((j) => j.status === 'completed') ? js : null;
    }, { what: 'jobs completed' });
    expect(jobs!.map((j) => [j.command_type, j.status, j.attempts])).toEqual([
      ['CreateFileRecord', 'completed', 1],
      ['UpscaleImage', 'completed', 1],
      ['GenerateMetadata', 'completed', 1],
    ]);
  });

  it('is shown by the files API with its thumbnail, jobs and usage', async () => {
    const list = await call(p.api.url, 'GET', '/api/files?status=PROCESSED', { token: p.tokens.reviewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.id)).toContain(fileId);
    const detail = await call(p.api.url, 'GET', `/api/files/${fileId}`, { token: p.tokens.reviewer });
    expect(detail.body).toMatchObject({ id: fileId, status: 'PROCESSED', ratio_family: '3:2', thumbnail_url: `/api/files/${fileId}/thumbnail` });
    expect(detail.body.jobs).toHaveLength(3);
    expect(detail.body.api_usage.map((u: any) => u.service).sort()).toEqual(['google_drive', 'replicate']);
    const thumb = await fetch(`${p.api.url}/api/files/${fileId}/thumbnail`, { headers: { authorization: `Bearer ${p.tokens.reviewer}` } });
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await thumb.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    const service = await call(p.api.url, 'GET', `/api/files/${fileId}`, { token: p.tokens.service });
    expect(service.status).toBe(403);
  });

  it('approved with an edited title, becomes exactly one Shopify product with one variant per offered size', async () => {
    const bad = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer, body: { description: '   ' } }); // empty: a hard fault (a short one is only a warning)
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe('VALIDATION_ERROR');
    const unknown = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer, body: { price: 1 } });
    expect(unknown.status).toBe(400);

    const r = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer, body: { title: 'Red Fox at Dawn – Canvas Print' } });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('APPROVED');
    const again = await call(p.api.url, 'POST', `/api/files/${fileId}/approve`, { token: p.tokens.reviewer });
    expect(again.status).toBe(409);
    expect(again.body.error_code).toBe('INVALID_STATE');

    const f = await p.waitForStatus(fileId, 'published');
    const tag = `ff-file-${fileId}`;
    const products = p.shopify.products.filter((x) => x.tags.includes(tag));
    expect(products).toHaveLength(1);
    const product = products[0];
    expect(product.title).toBe('Red Fox at Dawn – Canvas Print');
    expect(product.productType).toBe('Canvas Print');
    expect(product.media).toHaveLength(1);
    expect(product.media[0].status).toBe('READY');
    expect(product.publicationIds.length).toBe(1);
    const offered = JSON.parse(f.offered_sizes_json);
    const prices = { ...DEFAULT_PRICE_TABLE, '8x12': 49, '16x24': 109.5 } as Record<string, number>;
    expect(product.variants.map((v) => [v.selectedOptions[0].value, v.price])).toEqual(
      offered.map((s: any) => [s.label, prices[s.key].toFixed(2)]),
    );
    // The listing is recorded; the review too, with what changed.
    const listing = await p.tdb.db.selectFrom('listings').selectAll().where('file_id', '=', fileId).execute();
    expect(listing).toHaveLength(1);
    expect(listing[0]).toMatchObject({ platform: 'shopify', platform_listing_id: product.id, status: 'active' });
    const reviews = await p.tdb.db.selectFrom('reviews').selectAll().where('file_id', '=', fileId).execute();
    expect(reviews.map((x) => [x.decision, x.reviewer])).toEqual([['approved', 'test-reviewer']]);
    expect(JSON.parse(reviews[0].changes_json!).title.to).toBe('Red Fox at Dawn – Canvas Print');
    // Drive: the original in its species folder, the print file in Published.
    const meta = JSON.parse(f.metadata_json);
    const speciesFolder = p.drive.filesIn(p.folders.species).find((x) => x.name === meta.species)!;
    expect(speciesFolder).toBeTruthy();
    expect(p.drive.state.files.get(driveId)!.parents).toEqual([speciesFolder.id]);
    expect(p.drive.state.files.get(f.processed_drive_file_id)!.parents).toEqual([p.folders.published]);
    const detail = await call(p.api.url, 'GET', `/api/files/${fileId}`, { token: p.tokens.admin });
    expect(detail.body.listings).toHaveLength(1);
    expect(detail.body.status).toBe('PUBLISHED');
  });

  it('is not recorded a second time by the next scan', async () => {
    const before = await p.tdb.db.selectFrom('files').select('id').execute();
    const scanJob = await p.scan();
    const done = await waitFor(async () => {
      const j = await p.tdb.db.selectFrom('jobs').selectAll().where('id', '=', scanJob).executeTakeFirst();
      return j?.status === 'completed' ? j : null;
    }, { what: 'scan' });
    expect(JSON.parse(done!.result_json!).recorded).toBe(0);
    expect(await p.tdb.db.selectFrom('files').select('id').execute()).toHaveLength(before.length);
  });
});

describe('after publishing', () => {
  it('UpdateListing pushes edited metadata to the product; DeleteFile archives', async () => {
    const published = await p.tdb.db.selectFrom('files').selectAll().where('status', '=', 'published').executeTakeFirstOrThrow();
    const meta = JSON.parse(published.metadata_json!);
    await p.tdb.db.updateTable('files').set({ metadata_json: JSON.stringify({ ...meta, title: 'Red Fox, First Light' }) }).where('id', '=', published.id).execute();
    const u = await call(p.api.url, 'POST', '/api/jobs', { token: p.tokens.admin, body: { command_type: 'UpdateListing', payload: { file_id: published.id } } });
    expect(u.status).toBe(201);
    const product = p.shopify.products.find((x) => x.tags.includes(`ff-file-${published.id}`))!;
    await waitFor(() => product.title === 'Red Fox, First Light', { what: 'product title updated' });
    const d = await call(p.api.url, 'POST', '/api/jobs', { token: p.tokens.admin, body: { command_type: 'DeleteFile', payload: { file_id: published.id, reason: 'sold out for good' } } });
    expect(d.status).toBe(201);
    const f = await p.waitForStatus(published.id, 'archived');
    expect(f.status_reason).toBe('ARCHIVED: sold out for good');
    const bad = await call(p.api.url, 'POST', '/api/jobs', { token: p.tokens.admin, body: { command_type: 'DeleteFile', payload: { file_id: 'not-a-uuid' } } });
    expect(bad.status).toBe(400);
  });

  it('the Drive watcher is a housekeeping task that enqueues ScanDriveFolder', async () => {
    expect(p.worker!.housekeeper.runs.get('drive-scan')).toBeGreaterThanOrEqual(1);
    const scans = await p.tdb.db.selectFrom('jobs').select(['status']).where('command_type', '=', 'ScanDriveFolder').execute();
    expect(scans.length).toBeGreaterThanOrEqual(2); // the watcher's + the tests'
    expect(scans.every((s) => s.status === 'completed')).toBe(true);
  });
});

describe('review decisions', () => {
  it('reject records the reason; reprocess (admin only) runs the image steps again', async () => {
    const { fileId } = await dropAndProcess('barn-owl-hunting.jpg', { width: 400, height: 400 });
    const f = await p.waitForStatus(fileId, 'processed');
    expect(f.ratio_family).toBe('1:1');
    const r = await call(p.api.url, 'POST', `/api/files/${fileId}/reject`, { token: p.tokens.reviewer, body: { reason: 'colours are off' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'REJECTED', status_reason: 'REJECTED: colours are off' });
    expect((await call(p.api.url, 'POST', `/api/files/${fileId}/reprocess`, { token: p.tokens.reviewer })).status).toBe(403);
    const upscalesBefore = p.replicate.predictions.length;
    const rp = await call(p.api.url, 'POST', `/api/files/${fileId}/reprocess`, { token: p.tokens.admin });
    expect(rp.status).toBe(201);
    expect(rp.body.status).toBe('PENDING');
    await p.waitForStatus(fileId, 'processed');
    expect(p.replicate.predictions.length).toBe(upscalesBefore + 2); // a new upscale and new metadata
    const reviews = await p.tdb.db.selectFrom('reviews').select(['decision', 'reviewer', 'reason']).where('file_id', '=', fileId).orderBy('created_at').execute();
    expect(reviews).toEqual([
      { decision: 'rejected', reviewer: 'test-reviewer', reason: 'colours are off' },
      { decision: 'reprocess', reviewer: 'test-admin', reason: null },
    ]);
    const missing = await call(p.api.url, 'POST', '/api/files/00000000-0000-4000-8000-000000000000/approve', { token: p.tokens.reviewer });
    expect(missing.status).toBe(404);
  });
});

describe('listing', () => {
  it('lists files by status and species with keyset paging, and documents the routes', async () => {
    const all = await call(p.api.url, 'GET', '/api/files?limit=1', { token: p.tokens.reviewer });
    expect(all.body.items).toHaveLength(1);
    expect(all.body.next_cursor).toEqual(expect.any(String));
    const next = await call(p.api.url, 'GET', `/api/files?limit=1&cursor=${all.body.next_cursor}`, { token: p.tokens.reviewer });
    expect(next.body.items[0].id).not.toBe(all.body.items[0].id);
    const species = all.body.items[0].species ?? next.body.items[0].species;
    const bySpecies = await call(p.api.url, 'GET', `/api/files?species=${encodeURIComponent(species)}`, { token: p.tokens.reviewer });
    expect(bySpecies.body.items.every((i: any) => i.species === species)).toBe(true);
    expect((await call(p.api.url, 'GET', '/api/files?status=NOPE', { token: p.tokens.reviewer })).status).toBe(400);
    const docs = await call(p.api.url, 'GET', '/docs/json');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/files', '/api/files/{id}/approve', '/webhooks/file-ingested']));
  });

});

describe('a photograph over 1 MB', () => {
  it('goes to Replicate through its Files API, not as a data URI', async () => {
    // Noise does not compress: a 1500×1000 JPEG of it is well over 1 MB.
    const photo = await sharp({ create: { width: 1500, height: 1000, channels: 3, background: '#556b2f', noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(photo.length).toBeGreaterThan(1024 * 1024);
    const driveId = p.drive.addFile(p.folders.incoming, 'marsh-harrier-noise.jpg', photo, 'image/jpeg').id;
    const r = await call(p.api.url, 'POST', '/webhooks/file-ingested', { token: p.tokens.service, body: { file_id: driveId, filename: 'marsh-harrier-noise.jpg', scale: 2 } });
    expect(r.status).toBe(201);
    await p.waitForStatus(r.body.file_id, 'processed', 60_000);
    const upscale = p.replicate.predictions.filter((x) => x.model === p.config.REPLICATE_UPSCALE_MODEL).at(-1)!;
    expect(String(upscale.input.image)).toMatch(new RegExp(`^${p.replicate.baseUrl}/v1/files/\\w+$`));
    expect(p.replicate.requests.filter((x) => x.method === 'POST' && x.path === '/v1/files')).toHaveLength(1);
  });
});

describe('rate limits and token expiry', () => {
  it('Replicate 429, Drive 429/quota and Shopify THROTTLED wait without spending attempts; an expired Shopify token is renewed', async () => {
    const driveId = await p.drop('kingfisher-on-branch.jpg');
    // The next download answers 429, then a 403 userRateLimitExceeded; Replicate's next call 429.
    p.drive.fail.next(1, { status: 429, retryAfter: 0, match: (r) => r.query.alt === 'media' });
    p.drive.fail.next(1, { status: 403, reason: 'userRateLimitExceeded', retryAfter: 0, match: (r) => r.query.alt === 'media' });
    p.replicate.fail.next(1, { status: 429, retryAfter: 0.1 });
    await p.scan();
    const rec = await p.waitForFile(() => p.fileByDriveId(driveId), 'kingfisher recorded');
    const f = await p.waitForStatus(rec.id, 'processed');

    // The worker's Shopify client holds a token; it expires before the listing starts.
    await p.worker!.deps.shopify!.onlineStorePublication();
    const unauthorizedBefore = p.shopify.counters.unauthorized;
    p.shopify.throttleNext(1);
    p.shopify.expireAllTokens();
    const r = await call(p.api.url, 'POST', `/api/files/${f.id}/approve`, { token: p.tokens.reviewer });
    expect(r.status).toBe(200);
    await p.waitForStatus(f.id, 'published', 30_000);
    expect(p.shopify.products.filter((x) => x.tags.includes(`ff-file-${f.id}`))).toHaveLength(1);

    const jobs = (await waitFor(async () => {
      const js = await p.jobsOf(f.id);
      return js.length === 4 && js.every((j) => j.status === 'completed') ? js : null;
    }, { what: 'jobs completed' }))!;
    expect(jobs.map((j) => [j.command_type, j.status, j.attempts])).toEqual([
      ['CreateFileRecord', 'completed', 1],
      ['UpscaleImage', 'completed', 1],
      ['GenerateMetadata', 'completed', 1],
      ['CreateListing', 'completed', 1],
    ]);
    await p.worker!.deps.usage.flush();
    const ids = jobs.map((j) => j.id);
    const rows = await p.tdb.db.selectFrom('api_usage').selectAll().where('job_id', 'in', ids).execute();
    expect(rows.filter((u) => u.service === 'google_drive' && (u.status_code === 429 || u.status_code === 403))).toHaveLength(2);
    expect(rows.filter((u) => u.service === 'replicate' && u.status_code === 429)).toHaveLength(1);
    // The first GraphQL call met the expired token (401 → new grant), then THROTTLED (a 200
    // with the bucket nearly empty: the wait), then went through.
    const staged = rows.filter((u) => u.service === 'shopify' && u.endpoint === 'graphql stagedUploadsCreate');
    expect(staged.map((u) => u.status_code)).toEqual([401, 200, 200]);
    expect(staged[1].rate_limit_remaining).toBeLessThan(10);
    expect(rows.filter((u) => u.service === 'shopify' && u.endpoint === 'POST /admin/oauth/access_token')).toHaveLength(1);
    // The drained bucket may throttle a later step too while it refills: each is a wait, never an attempt.
    expect(p.shopify.throttled[0].operation).toBe('stagedUploadsCreate');
    expect(p.shopify.counters.unauthorized - unauthorizedBefore).toBe(1);
  });
});

describe('api_usage', () => {
  it('counts exactly the requests each stand-in received', async () => {
    await p.worker!.deps.usage.flush();
    const usage = await usageByService(p.tdb.db);
    expect(usage.google_drive).toBe(p.drive.state.requests.length);
    expect(usage.replicate).toBe(p.replicate.requests.length);
    expect(usage.shopify).toBe(p.shopify.requests.length);
    expect(usage.google_drive).toBeGreaterThan(10);
  });
});
