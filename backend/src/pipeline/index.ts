/**
 * The Field & Fen pipeline as the engine's Application: its commands, the
 * subscriptions that chain them, the services its handlers receive, and its
 * housekeeping. Every process (API, worker, CLI, tests, bench) passes this object
 * to the engine; nothing in the engine imports the pipeline.
 *
 * Its connections (Drive, Replicate, Shopify) are tested with the clients the worker
 * would build (buildPipelineDeps, once per engine) and one cheap authenticated, metered
 * call each; a failure is an answer (ok:false + the client's message), never a throw.
 */
import { allCommands, EXPECTED_COMMANDS } from '../commands/index.js';
import { servicesOf } from '../domain/services.js';
import { SessionService } from '../domain/users/sessions.js';
import type { Config } from '../config/index.js';
import type { Application, Engine } from '../engine.js';
import { buildPipelineDeps, type PipelineDeps, type PipelineOptions } from './deps.js';
import { cancelPredictionsOfCancelledJobs } from './cancelPredictions.js';
import { registerPipelineSubscriptions } from './subscriptions.js';
import { ensureShopifySubscriptions, SUBSCRIPTION_CHECK_MS } from './shopifySubscriptions.js';
import { receiveWebhook, WEBHOOK_SOURCES } from './webhooks.js';
import { shopifyWebhookUrl } from './webhookUrls.js';
import { scheduledBackup } from '../ops/backup.js';

export function fieldFenPipeline(options: PipelineOptions = {}): Application<PipelineDeps> {
  return {
    name: 'fieldfen',
    commands: allCommands(),
    expectedCommands: EXPECTED_COMMANDS,
    subscribe: registerPipelineSubscriptions,
    deps: (engine: Engine) => buildPipelineDeps(engine, options),
    housekeeping(engine, deps) {
      const { files, usage } = servicesOf(engine);
      const config = engine.config;
      return [
        // Retention of the pipeline's own rows: usage meters and webhook hashes (24 h, SPEC §3).
        { name: 'prune-usage', intervalMs: 3_600_000, run: () => usage.prune(config.USAGE_RETENTION_DAYS) },
        { name: 'prune-ingest-hashes', intervalMs: 3_600_000, run: () => files.pruneIngestHashes() },
        { name: 'prune-sessions', intervalMs: 3_600_000, run: () => new SessionService(engine.db).prune() },
        // A pipeline job that failed without its handler seeing it (timeout or crash on the last attempt) still fails its file.
        { name: 'pipeline-failed-files', intervalMs: 15_000, run: () => files.reconcileFailedFiles() },
        // A cancelled job's running Replicate prediction is cancelled too (it stops paying).
        ...(deps.replicate ? [{ name: 'cancel-predictions', intervalMs: 5_000, run: () => cancelPredictionsOfCancelledJobs(deps) }] : []),
        // The Drive Incoming watcher: one ScanDriveFolder per interval (none while one is still queued).
        ...(deps.drive && deps.folders.incoming
          ? [{ name: 'drive-scan', intervalMs: config.DRIVE_SCAN_INTERVAL_SECONDS * 1000, run: () => engine.jobs.enqueueUnlessQueued({ commandType: 'ScanDriveFolder', payload: {} }) }]
          : []),
        // Retention of webhook delivery ids (a week; Shopify retries for 4 hours).
        { name: 'prune-webhook-deliveries', intervalMs: 3_600_000, run: () => servicesOf(engine).webhooks.prune() },
        // Shopify webhook subscriptions: ensured at start, then every few hours (list first: no duplicates).
        ...(deps.shopify && config.PUBLIC_BASE_URL && config.SHOPIFY_API_SECRET
          ? [{
              name: 'shopify-webhooks',
              intervalMs: options.subscriptionCheckMs ?? SUBSCRIPTION_CHECK_MS,
              run: () => ensureShopifySubscriptions(deps.shopify!, shopifyWebhookUrl(config.PUBLIC_BASE_URL!), engine.log),
            }]
          : []),
        // Scheduled backups (SQLite), to disk and to DRIVE_BACKUP_FOLDER_ID: once per interval across processes.
        ...(servicesOf(engine).backups.schedule(config).enabled
          ? [{ name: 'backup', intervalMs: config.BACKUP_INTERVAL_HOURS! * 3_600_000, run: () => scheduledBackup({ config, db: engine.db, log: engine.log, drive: deps.drive }) }]
          : []),
      ];
    },
    stop: (deps) => deps.usage.flush(),
    webhooks: { sources: WEBHOOK_SOURCES, receive: receiveWebhook },
    connections: {
      names: CONNECTIONS,
      test: (engine, name) => testConnection(engine, name, options),
    },
  };
}

// ---------------------------------------------------------------- connections

const CONNECTIONS = ['google_drive', 'replicate', 'shopify'] as const;
const CONNECTION_TIMEOUT_MS = 15_000;
/** Clients for connection tests, built once per engine (an API process builds no worker deps). */
const connectionDeps = new WeakMap<Engine, Promise<PipelineDeps>>();

/** The variable(s) a service lacks, '' when configured, undefined for an unknown name. */
function missingConfig(c: Config, name: string): string | undefined {
  if (name === 'google_drive') return c.GOOGLE_DRIVE_CREDENTIALS_PATH ? '' : 'GOOGLE_DRIVE_CREDENTIALS_PATH';
  if (name === 'replicate') return c.REPLICATE_API_TOKEN ? '' : 'REPLICATE_API_TOKEN';
  if (name !== 'shopify') return undefined;
  if (!c.SHOPIFY_STORE_URL) return 'SHOPIFY_STORE_URL';
  return c.SHOPIFY_ACCESS_TOKEN || (c.SHOPIFY_API_KEY && c.SHOPIFY_API_SECRET) ? '' : 'SHOPIFY_ACCESS_TOKEN or SHOPIFY_API_KEY + SHOPIFY_API_SECRET';
}

function depsForConnections(engine: Engine, options: PipelineOptions): Promise<PipelineDeps> {
  let deps = connectionDeps.get(engine);
  if (!deps) {
    deps = buildPipelineDeps(engine, options);
    deps.catch(() => connectionDeps.delete(engine)); // a fixed credentials file is read again next time
    connectionDeps.set(engine, deps);
  }
  return deps;
}

async function testConnection(engine: Engine, name: string, options: PipelineOptions): Promise<{ ok: boolean; detail: string }> {
  const config = engine.config;
  const missing = missingConfig(config, name);
  if (missing === undefined) return { ok: false, detail: `unknown connection "${name}" (known: ${CONNECTIONS.join(', ')})` };
  if (missing) return { ok: false, detail: `not configured (${missing})` };
  let deps: PipelineDeps;
  try {
    deps = await depsForConnections(engine, options);
  } catch (err) {
    return { ok: false, detail: redact(`cannot build the clients: ${(err as Error)?.message ?? String(err)}`, config) };
  }
  const call = { signal: AbortSignal.timeout(CONNECTION_TIMEOUT_MS) };
  try {
    const who =
      name === 'google_drive' ? (await deps.drive!.about(call)).emailAddress
      : name === 'replicate' ? (await deps.replicate!.account(call)).username
      : await deps.shopify!.shopName(call);
    return { ok: true, detail: `connected as ${who}` };
  } catch (err) {
    const message = call.signal.aborted ? `no answer within ${CONNECTION_TIMEOUT_MS / 1000} s` : ((err as Error)?.message ?? String(err));
    return { ok: false, detail: redact(message, config) };
  } finally {
    await deps.usage.flush(); // the test's usage rows are committed when it answers
  }
}

/** No secret in a detail, whatever a service echoed back. */
function redact(text: string, c: Config): string {
  const secrets = [c.REPLICATE_API_TOKEN, c.SHOPIFY_ACCESS_TOKEN, c.SHOPIFY_API_SECRET].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  return secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
}
