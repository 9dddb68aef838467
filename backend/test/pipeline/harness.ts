/**
 * The whole platform for pipeline tests: the three stand-ins (fake Drive with a
 * Shared Drive and the four folders, fake Replicate, fake Shopify with the
 * client-credentials grant), a temp SQLite database, the real API and an in-process
 * worker against the machine's RabbitMQ (unique queue prefix).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config/index.js';
import { generateArtwork } from '../../src/images/demoArt.js';
import type { PipelineOptions } from '../../src/pipeline/deps.js';
import { makeServiceAccount, startFakeDrive, type FakeDrive } from '../../src/standins/googleDrive.js';
import { startFakeReplicate, type FakeReplicate, type FakeReplicateOptions } from '../../src/standins/replicate.js';
import { startFakeShopify, type FakeShopify } from '../../src/standins/shopify.js';
import { runWorker } from '../../src/worker/runWorker.js';
import { fieldFenPipeline } from '../../src/pipeline/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, startApi, testConfig, testEnv, token, waitFor, type Api } from '../helpers/stack.js';

export type Worker = Awaited<ReturnType<typeof runWorker>>;

export interface Pipeline {
  tdb: TestDatabase;
  env: Record<string, string>;
  config: Config;
  drive: FakeDrive;
  replicate: FakeReplicate;
  shopify: FakeShopify;
  folders: { incoming: string; ready: string; species: string; published: string };
  api: Api & { url: string };
  worker: Worker | null;
  tokens: { admin: string; reviewer: string; service: string };
  startWorker(options?: PipelineOptions): Promise<Worker>;
  stopWorker(): Promise<void>;
  /** Put an image in the Incoming folder (unique content per seed). */
  drop(name: string, o?: { width?: number; height?: number; seed?: number | string }): Promise<string>;
  /** Enqueue a ScanDriveFolder through the API; resolves with the job id. */
  scan(): Promise<string>;
  file(id: string): Promise<any>;
  fileByDriveId(driveId: string): Promise<any>;
  waitForFile(predicate: () => Promise<any>, what: string, timeoutMs?: number): Promise<any>;
  waitForStatus(fileId: string, status: string | string[], timeoutMs?: number): Promise<any>;
  jobsOf(fileId: string): Promise<any[]>;
  /** The file's job of this type, once it has ended (a file's state changes before its job's end is committed). */
  endedJob(fileId: string, commandType: string): Promise<any>;
  close(): Promise<void>;
}

export const FAST: PipelineOptions = { replicatePollDelayMs: 30 };

export async function startPipeline(o: { env?: Record<string, string>; replicate?: FakeReplicateOptions; worker?: boolean } = {}): Promise<Pipeline> {
  // PIPELINE_TEST_DB=postgres runs the same tests on PostgreSQL.
  const tdb = await createTestDatabase(process.env.PIPELINE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite');
  const drive = await startFakeDrive();
  const replicate = await startFakeReplicate(o.replicate);
  const shopify = await startFakeShopify();
  const root = drive.createFolder('Field & Fen');
  const folders = {
    incoming: drive.createFolder('Incoming', root.id).id,
    ready: drive.createFolder('Ready to Process', root.id).id,
    species: drive.createFolder('Species', root.id).id,
    published: drive.createFolder('Published', root.id).id,
  };
  const credentialsPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'ff-sa-')), 'service-account.json');
  writeFileSync(credentialsPath, JSON.stringify(makeServiceAccount(drive)));
  const env = testEnv({
    DATABASE_URL: tdb.url,
    GOOGLE_DRIVE_CREDENTIALS_PATH: credentialsPath,
    GOOGLE_API_BASE_URL: drive.baseUrl,
    DRIVE_INCOMING_FOLDER_ID: folders.incoming,
    DRIVE_READY_FOLDER_ID: folders.ready,
    DRIVE_SPECIES_FOLDER_ID: folders.species,
    DRIVE_PUBLISHED_FOLDER_ID: folders.published,
    DRIVE_SCAN_INTERVAL_SECONDS: '3600',
    REPLICATE_API_TOKEN: replicate.token,
    REPLICATE_API_BASE_URL: replicate.baseUrl,
    SHOPIFY_STORE_URL: shopify.baseUrl,
    SHOPIFY_API_KEY: shopify.clientId,
    SHOPIFY_API_SECRET: shopify.clientSecret,
    MIN_PRINT_DPI: '50',
    // TEST_RABBITMQ_URL points the pipeline tests at another broker.
    ...(process.env.TEST_RABBITMQ_URL ? { RABBITMQ_URL: process.env.TEST_RABBITMQ_URL } : {}),
    ...o.env,
  });
  const config = testConfig(env);
  const api = await startApi(env);
  await api.engine.broker.ready();
  const tokens = { admin: await token('admin'), reviewer: await token('reviewer'), service: await token('service') };
  const db = tdb.db;

  const p: Pipeline = {
    tdb, env, config, drive, replicate, shopify, folders, api, worker: null, tokens,
    async startWorker(options = FAST) {
      // Shares the API's engine: one SQLite connection per process (see runWorker).
      p.worker = await runWorker(config, { app: fieldFenPipeline(options), engine: api.engine });
      // Its first housekeeping pass scans Incoming at once (when it wins the lease): let that
      // scan finish first, or it may take a file a test drops next before the test's own
      // webhook or scan does (a 409 for the webhook).
      const housekeeper = p.worker.housekeeper;
      await waitFor(
        async () => {
          const lease = await db.selectFrom('leases').select('owner').where('name', '=', 'housekeeping:drive-scan').executeTakeFirst();
          if (!lease || (lease.owner === housekeeper.owner && !housekeeper.runs.get('drive-scan'))) return false;
          return !(await db.selectFrom('jobs').select('id').where('command_type', '=', 'ScanDriveFolder').where('status', 'in', ['pending', 'running', 'retrying']).executeTakeFirst());
        },
        { what: 'the first Drive scan to finish', timeoutMs: 30_000, intervalMs: 20 },
      );
      return p.worker;
    },
    async stopWorker() {
      await p.worker?.stop('test');
      p.worker = null;
    },
    async drop(name, { width = 600, height = 400, seed = name } = {}) {
      const bytes = await generateArtwork({ width, height, seed });
      return drive.addFile(folders.incoming, name, bytes, 'image/jpeg').id;
    },
    async scan() {
      const r = await call(api.url, 'POST', '/api/jobs', { token: tokens.admin, body: { command_type: 'ScanDriveFolder', payload: {} } });
      if (r.status !== 201) throw new Error(`scan enqueue: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.job_id;
    },
    file: (id) => db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst(),
    fileByDriveId: (driveId) => db.selectFrom('files').selectAll().where('drive_file_id', '=', driveId).executeTakeFirst(),
    waitForFile: (predicate, what, timeoutMs = 20_000) => waitFor(predicate, { what, timeoutMs, intervalMs: 25 }),
    async waitForStatus(fileId, status, timeoutMs = 20_000) {
      const wanted = [status].flat();
      return waitFor(
        async () => {
          const f = await p.file(fileId);
          return f && wanted.includes(f.status) ? f : null;
        },
        { what: `file ${fileId} to be ${wanted.join('/')}`, timeoutMs, intervalMs: 25 },
      ).catch(async (err) => {
        const f = await p.file(fileId);
        throw new Error(`${(err as Error).message}; it is ${f?.status} (${f?.status_reason}); jobs: ${JSON.stringify((await p.jobsOf(fileId)).map((j) => [j.command_type, j.status, j.attempts, j.last_error]))}`);
      });
    },
    jobsOf: (fileId) => db.selectFrom('jobs').selectAll().where('file_id', '=', fileId).orderBy('created_at').execute(),
    endedJob: (fileId, commandType) =>
      waitFor(
        () =>
          db
            .selectFrom('jobs')
            .selectAll()
            .where('file_id', '=', fileId)
            .where('command_type', '=', commandType)
            .where('status', 'in', ['completed', 'failed', 'cancelled'])
            .orderBy('created_at', 'desc')
            .executeTakeFirst(),
        { what: `${commandType} of ${fileId} to end`, timeoutMs: 20_000, intervalMs: 20 },
      ),
    async close() {
      await p.stopWorker().catch(() => {});
      await api.close().catch(() => {});
      await Promise.allSettled([drive.close(), replicate.close(), shopify.close()]);
      await cleanupBroker(env).catch(() => {});
      await tdb.drop();
    },
  };
  if (o.worker !== false) await p.startWorker();
  return p;
}

/** api_usage request counts by service. */
export async function usageByService(db: TestDatabase['db']): Promise<Record<string, number>> {
  const rows = await db.selectFrom('api_usage').select(['service', (eb) => eb.fn.sum<number>('request_count').as('n')]).groupBy('service').execute();
  return Object.fromEntries(rows.map((r) => [r.service, Number(r.n)]));
}
