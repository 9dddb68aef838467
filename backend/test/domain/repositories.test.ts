/**
 * The domain repositories and services on SQLite and PostgreSQL: files (states, events,
 * listing, search, duplicates, ingest hashes), listings, reviews, usage per file,
 * users, settings' price table, predictions (found by a join, cancelled once), and the
 * file service's decisions (audited, refusing wrong states with domain errors).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DuplicateError, InvalidStateError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import type { Db } from '../../src/db/connection.js';
import * as files from '../../src/domain/files/repository.js';
import { FileService } from '../../src/domain/files/service.js';
import { ListingService } from '../../src/domain/listings/service.js';
import { PredictionService } from '../../src/domain/predictions/service.js';
import { ReviewService } from '../../src/domain/reviews/service.js';
import { SettingsService } from '../../src/domain/settings/service.js';
import { UsageService } from '../../src/domain/usage/service.js';
import { UserService, authenticate } from '../../src/domain/users/service.js';
import { Subscriptions } from '../../src/jobs/events.js';
import type { OutboxRelay } from '../../src/jobs/outbox.js';
import { CommandRegistry } from '../../src/jobs/registry.js';
import { JobService } from '../../src/jobs/service.js';
import { fieldFenPipeline } from '../../src/pipeline/index.js';
import { topology } from '../../src/queue/topology.js';
import { isoAfter } from '../../src/time.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';

const META = {
  species: 'otter',
  filename: 'otter-in-the-reeds.jpg',
  title: 'Otter in the Reeds',
  description: Array.from({ length: 110 }, (_, i) => `w${i}`).join(' '),
  hashtags: Array.from({ length: 24 }, (_, i) => `#otter${i}`),
  captions: { instagram: 'Otter', tiktok: 'Otter', pinterest: 'Otter' },
};

/** A JobService over the database with a relay that only records what it was handed (no broker here). */
function jobService(db: Db) {
  const relay = { dispatch: () => {}, deleteConfirmedIn: async () => {} } as unknown as OutboxRelay;
  const app = fieldFenPipeline();
  const subscriptions = new Subscriptions();
  app.subscribe?.(subscriptions);
  return new JobService(db, new CommandRegistry(app.commands), topology('t.'), relay, 3, subscriptions);
}

async function newFile(db: Db, name: string, patch: Partial<ReturnType<typeof files.newFileRow>> = {}) {
  const row = { ...files.newFileRow({ originalFilename: name, species: 'otter', driveFileId: `drive-${name}` }), ...patch };
  await files.insertFile(db, row);
  return row;
}

for (const dialect of DIALECTS) {
  describe(`domain repositories on ${dialect}`, () => {
    let t: TestDatabase;
    let svc: FileService;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      svc = new FileService(t.db, jobService(t.db));
    });
    afterAll(async () => t?.drop());

    it('files: conditional state changes, each recorded as a file event', async () => {
      const f = await newFile(t.db, 'a.jpg');
      expect(await files.setFileStatus(t.db, f.id, 'processing', { from: ['ingested'] })).toMatchObject({ status: 'processing' });
      expect(await files.setFileStatus(t.db, f.id, 'processing', { from: ['ingested'] })).toBeUndefined(); // not from there
      const events = await t.db.selectFrom('file_events').select(['status']).where('file_id', '=', f.id).orderBy('id').execute();
      expect(events.map((e) => e.status)).toEqual(['ingested', 'processing']);
    });

    it('files: list with status, species and search filters, newest first, with a thumbnail flag', async () => {
      await newFile(t.db, 'Heron-Morning.jpg', { species: 'heron', thumbnail: Buffer.from([1, 2]), created_at: isoAfter(1000) });
      await newFile(t.db, 'kingfisher_100%.jpg', { species: 'kingfisher', created_at: isoAfter(2000) });
      const all = await files.listFiles(t.db, { limit: 10 });
      expect(all.items[0].original_filename).toBe('kingfisher_100%.jpg');
      expect(all.items.find((x) => x.original_filename === 'Heron-Morning.jpg')?.has_thumbnail).toBe(true);
      expect((await files.listFiles(t.db, { search: 'heron', limit: 10 })).items.map((x) => x.original_filename)).toEqual(['Heron-Morning.jpg']);
      expect((await files.listFiles(t.db, { search: '100%', limit: 10 })).items).toHaveLength(1); // % is literal
      expect((await files.listFiles(t.db, { search: 'o%r', limit: 10 })).items).toHaveLength(0);
      expect((await files.listFiles(t.db, { species: 'kingfisher', limit: 10 })).items).toHaveLength(1);
      expect((await files.listFiles(t.db, { status: 'processing', limit: 10 })).items.map((x) => x.original_filename)).toEqual(['a.jpg']);
    });

    it('files: the earliest file with the same content, known Drive ids, ingest hashes pruned after a day', async () => {
      const first = await newFile(t.db, 'dup1.jpg', { content_checksum: 'abc', created_at: isoAfter(-5000) });
      const second = await newFile(t.db, 'dup2.jpg', { content_checksum: 'abc' });
      expect((await files.findEarlierWithChecksum(t.db, second, 'abc'))?.id).toBe(first.id);
      expect(await files.findEarlierWithChecksum(t.db, first, 'abc')).toBeUndefined();
      expect([...(await files.knownDriveIds(t.db, ['drive-dup1.jpg', 'drive-nope']))]).toEqual(['drive-dup1.jpg']);
      await files.insertIngestHash(t.db, 'h-old', first.id, 'j1');
      await t.db.updateTable('processed_hashes').set({ created_at: isoAfter(-25 * 3_600_000) }).where('hash', '=', 'h-old').execute();
      await files.insertIngestHash(t.db, 'h-new', second.id, 'j2');
      expect(await files.pruneIngestHashes(t.db)).toBe(1);
      expect(await files.findIngestHash(t.db, 'h-new')).toMatchObject({ file_id: second.id });
    });

    it('the file service: approve with edits (audited, warnings recomputed), then a second approval is INVALID_STATE', async () => {
      const f = await newFile(t.db, 'approve-me.jpg', { status: 'processed', metadata_json: JSON.stringify(META) });
      const short = { description: 'too short but fine for a reviewer' };
      const approved = await svc.approve(f.id, 'rita', short);
      expect(approved.status).toBe('approved');
      expect(JSON.parse(approved.metadata_warnings_json!)[0]).toMatch(/words; it needs 100–200/);
      const [review] = await new ReviewService(t.db).ofFiles([f.id]);
      expect(review).toMatchObject({ decision: 'approved', reviewer: 'rita' });
      expect(JSON.parse(review.changes_json!).description.to).toBe(short.description);
      await expect(svc.approve(f.id, 'bob')).rejects.toBeInstanceOf(InvalidStateError);
      await expect(svc.approve('no-such-file', 'bob')).rejects.toBeInstanceOf(NotFoundError);
      await expect(svc.update(f.id, 'rita', { title: '' })).rejects.toBeInstanceOf(ValidationError);
      const { jobId } = await svc.update(f.id, 'rita', { title: 'Otter, Evening' });
      expect(jobId).toBeNull(); // approved, not yet published: no product to update
      const outbox = await t.db.selectFrom('jobs').select('command_type').where('file_id', '=', f.id).execute();
      expect(outbox.map((j) => j.command_type)).toEqual(['CreateListing']); // from file.approved, in the same transaction
    });

    it('the file service: reject needs PROCESSED or FAILED; reprocess queues UpdateImage', async () => {
      const f = await newFile(t.db, 'reject-me.jpg', { status: 'processed', metadata_json: JSON.stringify(META) });
      expect((await svc.reject(f.id, 'rita', 'blurry')).status_reason).toBe('REJECTED: blurry');
      await expect(svc.reject(f.id, 'rita', 'again')).rejects.toBeInstanceOf(InvalidStateError);
      const { jobId } = await svc.reprocess(f.id, 'admin');
      const job = await t.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
      expect([job.command_type, job.status, job.file_id]).toEqual(['UpdateImage', 'pending', f.id]);
    });

    it('listings: one per file and platform (a retry updates it), listed by file', async () => {
      const f = await newFile(t.db, 'listed.jpg');
      const listings = new ListingService(t.db);
      const a = await listings.record({ fileId: f.id, platform: 'shopify', platformListingId: 'gid://shopify/Product/1', url: 'u1', status: 'active', data: { v: 1 } });
      const b = await listings.record({ fileId: f.id, platform: 'shopify', platformListingId: 'gid://shopify/Product/1', url: 'u2', status: 'active', data: { v: 2 } });
      expect(b.id).toBe(a.id);
      expect((await listings.ofFiles([f.id])).map((l) => l.url)).toEqual(['u2']);
      expect((await listings.touch(a.id, 'archived'))?.status).toBe('archived');
      await expect(listings.require(f.id, 'etsy')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('usage: calls, errors and cost per service of a file’s jobs; pruned by age', async () => {
      const f = await newFile(t.db, 'metered.jpg');
      const jobs = jobService(t.db);
      const job = await jobs.enqueueInTransaction(t.db, [{ commandType: 'UpscaleImage', payload: { file_id: f.id }, fileId: f.id }]);
      const row = (status: number | null, cost: number | null, at = isoAfter(0)) => ({
        service: 'replicate', endpoint: 'POST /v1/predictions', request_count: 1, status_code: status, duration_ms: 5,
        rate_limit_remaining: null, rate_limit_reset_at: null, cost_usd: cost, job_id: job.jobs[0].id, recorded_at: at,
      });
      await t.db.insertInto('api_usage').values([row(201, 0.01), row(429, null), row(null, null), row(200, 0.02, isoAfter(-100 * 86_400_000))]).execute();
      const usage = new UsageService(t.db);
      const [u] = await usage.ofFiles([f.id]);
      expect(u).toMatchObject({ file_id: f.id, service: 'replicate', requests: 4, errors: 2 });
      expect(u.cost_usd).toBeCloseTo(0.03);
      expect(await usage.prune(90)).toBe(1);
      expect((await usage.ofFiles([f.id]))[0].requests).toBe(3);
    });

    it('users: create (argon2id), duplicates refused, password change, the last admin stays', async () => {
      const users = new UserService(t.db);
      const admin = await users.create('owner', 'owner-password', 'admin');
      await expect(users.create('owner', 'another-password', 'reviewer')).rejects.toBeInstanceOf(DuplicateError);
      await expect(users.create('short', 'x', 'reviewer')).rejects.toBeInstanceOf(ValidationError);
      const rita = await users.create('rita', 'rita-password', 'reviewer');
      expect((await authenticate(t.db, 'rita', 'rita-password'))?.id).toBe(rita.id);
      await users.setPassword(rita.id, 'a new rita password');
      expect(await authenticate(t.db, 'rita', 'rita-password')).toBeNull();
      expect((await authenticate(t.db, 'rita', 'a new rita password'))?.id).toBe(rita.id);
      await expect(users.delete(admin.id)).rejects.toBeInstanceOf(InvalidStateError);
      await users.delete(rita.id);
      expect((await users.list()).map((u) => u.username)).toEqual(['owner']);
    });

    it('settings: the price table in force is the stored one over the configured one; bad tables refused', async () => {
      const settings = new SettingsService(t.db, { '8x12': 49, '12x18': 89 });
      expect(await settings.prices()).toEqual({ '8x12': 49, '12x18': 89 });
      expect(await settings.setPrices({ '18x12': 99 })).toEqual({ '12x18': 99 }); // the whole table, short side first
      expect(await settings.prices()).toEqual({ '12x18': 99 }); // 8x12 was removed and stays removed
      await expect(settings.setPrices({ '12x18': 1, '18x12': 2 })).rejects.toBeInstanceOf(ValidationError);
      await expect(settings.setPrices({ big: 1 })).rejects.toBeInstanceOf(ValidationError);
      await expect(settings.setPrices({ '8x12': -1 })).rejects.toBeInstanceOf(ValidationError);
      expect((await new SettingsService(t.db, { '8x12': 10 }).prices())['12x18']).toBe(99); // stored, read by any process
    });

    it('predictions: those of cancelled jobs are found by a join (no JSON search) and cancelled once', async () => {
      const jobs = jobService(t.db);
      const { jobs: created } = await jobs.enqueueInTransaction(t.db, [{ commandType: 'Noop', payload: {} }, { commandType: 'Noop', payload: {} }]);
      const predictions = new PredictionService(t.db);
      await predictions.record({ id: 'p-cancelled', jobId: created[0].id, fileId: null, purpose: 'upscale', model: 'm' });
      await predictions.record({ id: 'p-cancelled', jobId: created[0].id, fileId: null, purpose: 'upscale', model: 'm' }); // idempotent
      await predictions.record({ id: 'p-running', jobId: created[1].id, fileId: null, purpose: 'metadata', model: 'm' });
      await t.db.updateTable('jobs').set({ status: 'cancelled', completed_at: isoAfter(0) }).where('id', '=', created[0].id).execute();
      expect((await predictions.toCancel()).map((p) => p.id)).toEqual(['p-cancelled']);
      await predictions.markCancelled('p-cancelled');
      expect(await predictions.toCancel()).toEqual([]);
      expect((await predictions.ofJob(created[1].id)).map((p) => p.purpose)).toEqual(['metadata']);
      const n = await sql<{ n: number }>`select count(*) as n from predictions`.execute(t.db);
      expect(Number(n.rows[0].n)).toBe(2);
    });
  });
}
