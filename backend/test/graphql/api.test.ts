/**
 * The GraphQL API against the real Fastify server, SQLite and RabbitMQ: every query and
 * mutation × every role, the query limits, introspection, errors with REST codes, and
 * DataLoader batching (the SQL query count of a 50-file page equals a 5-file page).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApi } from '../../src/api/runApi.js';
import type { Db } from '../../src/db/connection.js';
import type { NewJob } from '../../src/db/schema.js';
import { insertFile, newFileRow, setFileStatus } from '../../src/domain/files/repository.js';
import { upsertListing } from '../../src/domain/listings/repository.js';
import { insertReview } from '../../src/domain/reviews/repository.js';
import { insertJobs } from '../../src/jobs/repository.js';
import { fieldFenPipeline } from '../../src/pipeline/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { cleanupBroker, testConfig, testEnv, token } from '../helpers/stack.js';
import { codes, gql } from './helpers.js';

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Awaited<ReturnType<typeof runApi>>;
let url: string;
let queries = 0;
const tokens: Record<string, string | undefined> = {};
const fileIds: string[] = [];
let jobId = '';

const META = {
  species: 'barn-owl',
  filename: 'barn-owl-at-dusk.jpg',
  title: 'Barn Owl at Dusk',
  description: Array.from({ length: 120 }, (_, i) => `word${i}`).join(' '),
  hashtags: Array.from({ length: 22 }, (_, i) => `#tag${i}`),
  captions: { instagram: 'An owl.', tiktok: 'Owl!', pinterest: 'Owl print' },
};

function job(i: number, fileId: string | null, over: Partial<NewJob> = {}): NewJob {
  const t = new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString();
  return {
    id: randomUUID(), file_id: fileId, command_type: 'Noop', queue: 'system', status: 'completed', attempts: 1, max_attempts: 3,
    last_error: null, payload_json: '{}', result_json: null, checkpoint_json: null, run_id: null, run_after: null,
    created_at: t, started_at: t, completed_at: t, updated_at: t, ...over,
  };
}

async function seed(db: Db) {
  for (let i = 0; i < 50; i++) {
    const f = newFileRow({ originalFilename: `owl-${i}.jpg`, species: 'barn-owl' });
    f.created_at = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
    f.metadata_json = JSON.stringify(META);
    f.ratio_family = '3:2';
    f.width = 6000;
    f.height = 4000;
    f.offered_sizes_json = JSON.stringify([{ key: '8x12' }, { key: '12x18' }]);
    await insertFile(db, f);
    await setFileStatus(db, f.id, i % 2 ? 'processed' : 'published');
    fileIds.push(f.id);
    await insertJobs(db, [job(i * 2, f.id), job(i * 2 + 1, f.id, { status: 'failed', last_error: 'boom' })]);
    await upsertListing(db, { fileId: f.id, platform: 'shopify', platformListingId: `gid://shopify/Product/${i}`, url: `https://x/${i}`, status: 'active', data: {} });
    await insertReview(db, { fileId: f.id, decision: 'approved', reviewer: 'rita' });
  }
  const j = job(999, null, { status: 'failed', last_error: 'timeout after 30 s' });
  await insertJobs(db, [j]);
  jobId = j.id;
}

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url });
  await seed(tdb.db);
  // The outbox relay polls on its own schedule: its statements are not the request's.
  api = await runApi(testConfig(env), { host: '127.0.0.1', app: fieldFenPipeline(), onQuery: (q) => void (/\boutbox\b/.test(q) || queries++) });
  url = api.address.replace('0.0.0.0', '127.0.0.1');
  await api.engine.broker.ready();
  for (const role of ['admin', 'reviewer', 'service'] as const) tokens[role] = await token(role);
  tokens.none = undefined;
});
afterAll(async () => {
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

type Who = 'admin' | 'reviewer' | 'service' | 'none';
const READERS: Who[] = ['admin', 'reviewer'];
const ADMIN: Who[] = ['admin'];

/** Every operation of the schema with the roles that may run it. */
const OPERATIONS: { name: string; allowed: Who[]; query: () => string; vars?: () => Record<string, unknown> }[] = [
  { name: 'files', allowed: READERS, query: () => '{ files(first: 2) { edges { node { id } } } }' },
  { name: 'file', allowed: READERS, query: () => 'query($id: ID!) { file(id: $id) { id } }', vars: () => ({ id: fileIds[0] }) },
  { name: 'jobs', allowed: READERS, query: () => '{ jobs(first: 2, status: FAILED) { edges { node { id } } } }' },
  { name: 'job', allowed: READERS, query: () => 'query($id: ID!) { job(id: $id) { id runs { outcome } } }', vars: () => ({ id: jobId }) },
  { name: 'queues', allowed: READERS, query: () => '{ queues { name depth consumers deadLetters } }' },
  { name: 'me', allowed: READERS, query: () => '{ me { username role } }' },
  { name: 'users', allowed: ADMIN, query: () => '{ users { id username role } }' },
  { name: 'overview', allowed: READERS, query: () => '{ overview { filesByStatus { status count } jobsByStatus { status count } completedPerMinute { minute count } awaitingReview deadLetters queues { name } } }' },
  { name: 'activity', allowed: READERS, query: () => '{ activity(first: 5) { edges { cursor node { kind at fileId status } } pageInfo { hasNextPage endCursor } } }' },
  { name: 'failureGroups', allowed: READERS, query: () => '{ failureGroups { fingerprint count sampleError commandTypes } }' },
  { name: 'apiUsageStats', allowed: READERS, query: () => '{ apiUsageStats(from: "2026-11-01T00:00:00Z", to: "2026-12-02T00:00:00Z") { days { day service calls } totals { service calls } } }' },
  { name: 'settings', allowed: ADMIN, query: () => '{ settings { configuration { name value secret } prices { size price } connections } }' },
  { name: 'retryFailureGroup', allowed: ADMIN, query: () => 'mutation { retryFailureGroup(fingerprint: "nope") { retried } }' },
  { name: 'approveFile', allowed: READERS, query: () => 'mutation { approveFile(id: "missing") { id } }' },
  { name: 'rejectFile', allowed: READERS, query: () => 'mutation { rejectFile(id: "missing", reason: "blurry") { id } }' },
  { name: 'updateFile', allowed: READERS, query: () => 'mutation { updateFile(id: "missing", edits: { title: "New" }) { jobId } }' },
  { name: 'reprocessFile', allowed: ADMIN, query: () => 'mutation { reprocessFile(id: "missing") { jobId } }' },
  { name: 'deleteFile', allowed: ADMIN, query: () => 'mutation { deleteFile(id: "missing") { jobId } }' },
  { name: 'retryJob', allowed: ADMIN, query: () => 'mutation { retryJob(id: "missing") { id } }' },
  { name: 'cancelJob', allowed: ADMIN, query: () => 'mutation { cancelJob(id: "missing") { id } }' },
  { name: 'redriveQueue', allowed: ADMIN, query: () => 'mutation { redriveQueue(name: "nope") { redriven } }' },
  { name: 'createUser', allowed: ADMIN, query: () => 'mutation { createUser(username: "x", password: "short", role: REVIEWER) { id } }' },
  { name: 'setPassword', allowed: ADMIN, query: () => 'mutation { setPassword(id: "missing", password: "long enough password") { id } }' },
  { name: 'deleteUser', allowed: ADMIN, query: () => 'mutation { deleteUser(id: "missing") }' },
  { name: 'updatePriceTable', allowed: ADMIN, query: () => 'mutation { updatePriceTable(prices: [{ size: "bad", price: 1 }]) { listingsUpdating } }' },
  { name: 'testConnection', allowed: ADMIN, query: () => 'mutation { testConnection(service: "nope") { ok } }' },
];

describe('roles', () => {
  for (const op of OPERATIONS) {
    it(`${op.name}: ${op.allowed.join(', ')} only`, async () => {
      for (const who of ['admin', 'reviewer', 'service', 'none'] as Who[]) {
        const a = await gql(url, tokens[who], op.query(), op.vars?.() ?? {});
        expect(a.status, `${who}: HTTP status`).toBeLessThan(500);
        const c = codes(a);
        if (who === 'none') {
          expect(c, who).toEqual(['UNAUTHORIZED']);
          expect(a.status).toBe(401);
        } else if (op.allowed.includes(who)) {
          expect(c.filter((x) => x === 'FORBIDDEN' || x === 'UNAUTHORIZED' || x === 'INTERNAL_ERROR'), `${who} may`).toEqual([]);
        } else {
          expect(c, `${who} may not`).toContain('FORBIDDEN');
        }
      }
    });
  }

  it('errors carry the REST codes: NOT_FOUND, VALIDATION_ERROR, INVALID_STATE', async () => {
    expect(codes(await gql(url, tokens.admin, 'mutation { approveFile(id: "missing") { id } }'))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(url, tokens.admin, 'mutation { createUser(username: "x", password: "short", role: REVIEWER) { id } }'))).toEqual(['VALIDATION_ERROR']);
    const published = fileIds[0];
    const a = await gql(url, tokens.reviewer, 'mutation($id: ID!) { approveFile(id: $id) { id } }', { id: published });
    expect(codes(a)).toEqual(['INVALID_STATE']);
    expect(a.errors?.[0].extensions?.status).toBe('PUBLISHED');
    expect(codes(await gql(url, tokens.admin, '{ nosuchfield }'))).toEqual(['VALIDATION_ERROR']);
  });
});

describe('data', () => {
  it('files: a keyset connection, newest first, with every page once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const a = await gql(url, tokens.reviewer, 'query($after: String) { files(first: 20, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', { after });
      const c = a.data.files;
      seen.push(...c.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual([...fileIds].reverse());
  });

  it('a file with its sizes (every size of the family, with why one is not offered), listings, reviews and jobs', async () => {
    const a = await gql(url, tokens.reviewer, `query($id: ID!) { file(id: $id) {
      status ratioFamily metadata metadataWarnings costUsd
      sizes { label key dpi price offered reason }
      listings { platform status url } reviews { decision reviewer } jobs { status lastError } } }`, { id: fileIds[1] });
    const f = a.data.file;
    expect(f.status).toBe('PROCESSED');
    expect(f.metadata.title).toBe('Barn Owl at Dusk');
    expect(f.sizes).toHaveLength(7);
    expect(f.sizes[0]).toMatchObject({ label: '12x8', key: '8x12', dpi: 500, offered: true, reason: null });
    const big = f.sizes.find((s: { key: string }) => s.key === '40x60');
    expect(big).toMatchObject({ offered: false, dpi: 100 });
    expect(big.reason).toMatch(/below the \d+ DPI minimum/);
    const notOffered = f.sizes.find((s: { key: string }) => s.key === '16x24');
    expect(notOffered.reason).toBe('not offered when the file was processed');
    expect(f.listings).toEqual([{ platform: 'shopify', status: 'ACTIVE', url: 'https://x/1' }]);
    expect(f.reviews).toEqual([{ decision: 'APPROVED', reviewer: 'rita' }]);
    expect(f.jobs.map((j: { status: string }) => j.status).sort()).toEqual(['COMPLETED', 'FAILED']);
  });

  it('jobs: search by id and by error text', async () => {
    const byId = await gql(url, tokens.reviewer, 'query($s: String) { jobs(search: $s) { edges { node { id } } } }', { s: jobId });
    expect(byId.data.jobs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([jobId]);
    const byError = await gql(url, tokens.reviewer, '{ jobs(search: "TIMEOUT AFTER", status: FAILED) { edges { node { id lastError } } } }');
    expect(byError.data.jobs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([jobId]);
  });

  it('the SQL query count of a 50-file page with jobs and listings equals that of a 5-file page', async () => {
    const page = (n: number) => `{ files(first: ${n}) { edges { node { id status sizes { key } costUsd jobs { id status runs { outcome } } listings { url } reviews { reviewer } } } } }`;
    await gql(url, tokens.reviewer, page(1)); // warm: token cache, prepared statements
    queries = 0;
    const five = await gql(url, tokens.reviewer, page(5));
    const q5 = queries;
    queries = 0;
    const fifty = await gql(url, tokens.reviewer, page(50));
    const q50 = queries;
    expect(five.errors).toBeUndefined();
    expect(five.data.files.edges).toHaveLength(5);
    expect(fifty.data.files.edges).toHaveLength(50);
    expect(fifty.data.files.edges.every((e: { node: { jobs: unknown[] } }) => e.node.jobs.length === 2)).toBe(true);
    expect(q5).toBeGreaterThan(0);
    expect(q50).toBe(q5);
  });
});

describe('read models', () => {
  it('overview counts equal the tables; failure groups group the seeded errors; settings mask secrets', async () => {
    const o = (await gql(url, tokens.reviewer, '{ overview { filesByStatus { status count } jobsByStatus { status count } awaitingReview completedPerMinute { count } } }')).data.overview;
    const by = (xs: { status: string; count: number }[]) => Object.fromEntries(xs.map((x) => [x.status, x.count]));
    expect(by(o.filesByStatus)).toMatchObject({ PUBLISHED: 25, PROCESSED: 25, FAILED: 0 });
    expect(by(o.jobsByStatus)).toMatchObject({ COMPLETED: 50, FAILED: 51, PENDING: 0 });
    expect(o.awaitingReview).toBe(25);
    expect(o.completedPerMinute).toHaveLength(60);
    const groups = (await gql(url, tokens.reviewer, '{ failureGroups { fingerprint count sampleError } }')).data.failureGroups;
    expect(groups.map((g: { count: number }) => g.count).sort((a: number, b: number) => a - b)).toEqual([1, 50]);
    const settings = (await gql(url, tokens.admin, '{ settings { configuration { name value secret } prices { size price } connections } }')).data.settings;
    const jwt = settings.configuration.find((c: { name: string }) => c.name === 'JWT_SECRET');
    expect(jwt).toMatchObject({ secret: true, value: '********' });
    expect(JSON.stringify(settings)).not.toContain(testConfig(env).JWT_SECRET);
    expect(settings.prices.length).toBeGreaterThan(10);
    expect(settings.connections).toEqual(['google_drive', 'replicate', 'shopify']);
  });

  it('retryFailureGroup retries every FAILED job of the group', async () => {
    const groups = (await gql(url, tokens.reviewer, '{ failureGroups { fingerprint count commandTypes } }')).data.failureGroups;
    const boom = groups.find((g: { count: number }) => g.count === 50);
    const r = await gql(url, tokens.admin, 'mutation($f: String!) { retryFailureGroup(fingerprint: $f) { retried } }', { f: boom.fingerprint });
    expect(r.data.retryFailureGroup.retried).toBe(50);
    const o = (await gql(url, tokens.reviewer, '{ overview { jobsByStatus { status count } } }')).data.overview;
    expect(Object.fromEntries(o.jobsByStatus.map((x: { status: string; count: number }) => [x.status, x.count])).FAILED).toBe(1);
  });
});

describe('guards', () => {
  it('refuses a query deeper than the limit, with a GraphQL error and no 5xx', async () => {
    const deep = '{ files { edges { node { jobs { file { jobs { file { jobs { file { id } } } } } } } } } }';
    const a = await gql(url, tokens.admin, deep);
    expect(a.status).toBeLessThan(500);
    expect(a.data).toBeUndefined();
    expect(a.errors?.[0].message).toMatch(/depth/i);
  });

  it('refuses too many aliases', async () => {
    const many = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: me { username }`).join(' ')} }`;
    const a = await gql(url, tokens.admin, many);
    expect(a.status).toBeLessThan(500);
    expect(a.errors?.[0].message).toMatch(/alias/i);
  });

  it('refuses a query over the cost limit', async () => {
    const fields = 'id status statusReason species originalFilename processedFilename metadata metadataWarnings costUsd createdAt updatedAt';
    const job = 'id status commandType lastError payload result checkpoint createdAt runs { attempt outcome error worker startedAt endedAt }';
    const more = 'sizes { label key widthIn heightIn dpi price offered reason } reviews { id decision reviewer reason changes createdAt } apiUsage { service calls errors costUsd }';
    const body = Array.from({ length: 9 }, (_, i) => `f${i}: files(first: 500) { edges { node { ${fields} ${more} jobs { ${job} file { ${fields} ${more} } } listings { id url status } } } }`).join(' ');
    const a = await gql(url, tokens.admin, `{ ${body} }`);
    expect(a.status).toBeLessThan(500);
    expect(a.errors?.[0].message).toMatch(/cost/i);
  });

  it("passes the dashboard's largest queries (a review page, a file's detail)", async () => {
    const review = `query($id: ID!) { file(id: $id) { id status species originalFilename processedFilename metadata metadataWarnings ratioFamily width height costUsd previewUrl thumbnailUrl updatedAt
      sizes { label key widthIn heightIn dpi price offered reason }
      reviews { id decision reviewer reason changes createdAt }
      listings { id platform platformListingId url status createdAt updatedAt }
      apiUsage { service calls errors costUsd }
      jobs { id commandType status attempts maxAttempts lastError createdAt startedAt completedAt runs { attempt outcome error worker runs startedAt endedAt } } }
      files(status: PROCESSED, first: 50) { edges { node { id originalFilename species status thumbnailUrl metadata updatedAt } } pageInfo { hasNextPage endCursor } } }`;
    const a = await gql(url, tokens.reviewer, review, { id: fileIds[1] });
    expect(a.errors).toBeUndefined();
    expect(a.data.file.id).toBe(fileIds[1]);
  });

  it('refuses introspection and hides field suggestions with DEBUG=false', async () => {
    const a = await gql(url, tokens.admin, '{ __schema { types { name } } }');
    expect(codes(a)).toContain('VALIDATION_ERROR');
    expect(a.errors?.[0].message).toMatch(/introspection/i);
    const typo = await gql(url, tokens.admin, '{ fles { id } }');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('answers no GraphiQL page with DEBUG=false', async () => {
    const r = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(r.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });
});

describe('the committed schema', () => {
  it('backend/schema.graphql is the schema the server serves (npm run schema -w backend)', async () => {
    const { readFileSync } = await import('node:fs');
    const { SCHEMA_FILE, printedSchema } = await import('../../scripts/print-schema.js');
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });
});
