/**
 * What the pipeline commands receive as `ctx.deps`: the config, the domain services
 * (jobs, files, listings, predictions, settings — commands write no SQL), the three
 * integration clients built from the configuration (null when their credentials are
 * not set: a command that needs one fails permanently with INTEGRATION_NOT_CONFIGURED),
 * the usage recorder, the ratio families and the Drive folders.
 */
import type { Config } from '../config/index.js';
import { buildFamilies, type Family } from '../images/families.js';
import { DriveClient, loadServiceAccount } from '../integrations/googleDrive.js';
import { ReplicateClient } from '../integrations/replicate.js';
import { ShopifyClient } from '../integrations/shopify.js';
import { DbUsageRecorder } from '../domain/usage/recorder.js';
import type { JobService } from '../jobs/service.js';
import type { FileService } from '../domain/files/service.js';
import type { ListingService } from '../domain/listings/service.js';
import type { PredictionService } from '../domain/predictions/service.js';
import type { SettingsService } from '../domain/settings/service.js';
import { servicesOf } from '../domain/services.js';
import type { Engine } from '../engine.js';
import type { Logger } from '../logger.js';
import { PermanentError } from '../core/outcomes.js';

export interface DriveFolders {
  incoming?: string;
  ready?: string;
  species?: string;
  published?: string;
}

/**
 * Test seams (never set in production): called at the points where a crash would
 * hurt most, so a test can kill the worker exactly there.
 */
export interface PipelineHooks {
  /** After the Replicate prediction id is checkpointed, before waiting on it. */
  afterPredictionCheckpoint?(jobId: string, predictionId: string): void | Promise<void>;
  /** After Shopify's productCreate answered, BEFORE its checkpoint is written. */
  afterProductCreate?(jobId: string, productId: string): void | Promise<void>;
}

/**
 * Delay between polls of a running prediction when Replicate's webhooks wake the job
 * (PUBLIC_BASE_URL set): polling is only the fallback for a webhook that never came, so
 * it can be slow. Without webhooks the client's default applies (5 s).
 */
export const WEBHOOK_FALLBACK_POLL_MS = 30_000;

export interface PipelineOptions {
  /** Delay between polls of a running prediction (default 5 s; WEBHOOK_FALLBACK_POLL_MS with PUBLIC_BASE_URL). */
  replicatePollDelayMs?: number;
  /** Where temporary image files go (default the OS temp dir). */
  tmpDir?: string;
  hooks?: PipelineHooks;
  /** How often the Shopify webhook subscriptions are checked (default 6 h; tests shorten it). */
  subscriptionCheckMs?: number;
}

export interface PipelineDeps {
  config: Config;
  log: Logger;
  jobs: JobService;
  files: FileService;
  listings: ListingService;
  predictions: PredictionService;
  /** The price table in force (the dashboard's, over PRICE_TABLE). */
  settings: SettingsService;
  drive: DriveClient | null;
  replicate: ReplicateClient | null;
  shopify: ShopifyClient | null;
  usage: DbUsageRecorder;
  families: Family[];
  folders: DriveFolders;
  options: PipelineOptions;
}

export async function buildPipelineDeps(engine: Pick<Engine, 'config' | 'db' | 'log' | 'jobs'>, options: PipelineOptions = {}): Promise<PipelineDeps> {
  const { config, db, log } = engine;
  const services = servicesOf(engine as Engine);
  const usage = new DbUsageRecorder(db, log);
  let drive: DriveClient | null = null;
  if (config.GOOGLE_DRIVE_CREDENTIALS_PATH) {
    const credentials = await loadServiceAccount(config.GOOGLE_DRIVE_CREDENTIALS_PATH);
    drive = new DriveClient({ credentials, baseUrl: config.GOOGLE_API_BASE_URL, usage });
  }
  const replicate = config.REPLICATE_API_TOKEN
    ? new ReplicateClient({
        token: config.REPLICATE_API_TOKEN,
        baseUrl: config.REPLICATE_API_BASE_URL,
        usage,
        pollDelayMs: options.replicatePollDelayMs ?? (config.PUBLIC_BASE_URL ? WEBHOOK_FALLBACK_POLL_MS : undefined),
      })
    : null;
  const shopifyCredentials = config.SHOPIFY_ACCESS_TOKEN || (config.SHOPIFY_API_KEY && config.SHOPIFY_API_SECRET);
  const shopify =
    config.SHOPIFY_STORE_URL && shopifyCredentials
      ? new ShopifyClient({
          storeUrl: config.SHOPIFY_STORE_URL,
          apiVersion: config.SHOPIFY_API_VERSION,
          accessToken: config.SHOPIFY_ACCESS_TOKEN,
          clientId: config.SHOPIFY_API_KEY,
          clientSecret: config.SHOPIFY_API_SECRET,
          usage,
        })
      : null;
  return {
    config,
    log,
    jobs: services.jobs,
    files: services.files,
    listings: services.listings,
    predictions: services.predictions,
    settings: services.settings,
    drive,
    replicate,
    shopify,
    usage,
    families: buildFamilies(),
    folders: {
      incoming: config.DRIVE_INCOMING_FOLDER_ID,
      ready: config.DRIVE_READY_FOLDER_ID,
      species: config.DRIVE_SPECIES_FOLDER_ID,
      published: config.DRIVE_PUBLISHED_FOLDER_ID,
    },
    options,
  };
}

const WHAT = {
  drive: 'Google Drive (GOOGLE_DRIVE_CREDENTIALS_PATH)',
  replicate: 'Replicate (REPLICATE_API_TOKEN)',
  shopify: 'Shopify (SHOPIFY_STORE_URL with SHOPIFY_ACCESS_TOKEN or SHOPIFY_API_KEY/SHOPIFY_API_SECRET)',
} as const;

/** The client, or a permanent failure naming the missing configuration. */
export function need<K extends keyof typeof WHAT>(deps: PipelineDeps, key: K): NonNullable<PipelineDeps[K]> {
  const client = deps[key];
  if (!client) throw new PermanentError(`${WHAT[key]} is not configured`, 'INTEGRATION_NOT_CONFIGURED');
  return client as NonNullable<PipelineDeps[K]>;
}

/** A Drive folder id, or a permanent failure naming its variable. */
export function folder(deps: PipelineDeps, key: keyof DriveFolders): string {
  const id = deps.folders[key];
  const variable = { incoming: 'DRIVE_INCOMING_FOLDER_ID', ready: 'DRIVE_READY_FOLDER_ID', species: 'DRIVE_SPECIES_FOLDER_ID', published: 'DRIVE_PUBLISHED_FOLDER_ID' }[key];
  if (!id) throw new PermanentError(`${variable} is not configured`, 'INTEGRATION_NOT_CONFIGURED');
  return id;
}
