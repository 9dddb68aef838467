/**
 * Settings changed at run time (stored in `settings`), over the configuration's
 * defaults. Today: the price table (size key → price), which starts as PRICE_TABLE or
 * the built-in table and is replaced from the dashboard.
 *
 * And the configuration, read-only, for the Settings page: every environment
 * variable of the config schema with its value in force and every secret masked
 * (`configuration`). The list is typed `Record<keyof Env, …>`, so a variable added to
 * the schema without a line here fails the typecheck instead of going missing.
 */
import { z } from 'zod';
import type { Config, Env } from '../../config/index.js';
import { ValidationError } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import { canonicalSizeKey } from './prices.js';
import { getSetting, putSetting } from './repository.js';

const PRICE_TABLE_KEY = 'price_table';
export type Prices = Record<string, number>;

const pricesSchema = z.record(z.string().regex(/^\d+x\d+$/, 'a size key is WIDTHxHEIGHT in inches, e.g. 12x18'), z.number().positive().max(100_000));

export class SettingsService {
  constructor(
    private readonly db: Db,
    /** The table from the configuration (PRICE_TABLE over the built-in one). */
    private readonly defaultPrices: Prices,
  ) {}

  /** The prices in force: the stored table when one was saved, else the configured one. */
  /** The prices in force: the table saved from the dashboard (whole: a removed size stays removed), else the configured one. */
  async prices(): Promise<Prices> {
    const stored = pricesSchema.safeParse(await getSetting(this.db, PRICE_TABLE_KEY));
    return stored.success ? stored.data : { ...this.defaultPrices };
  }

  /** Replace the whole table; keys are stored short side first ("18x12" is 12x18). */
  async setPrices(prices: unknown): Promise<Prices> {
    const parsed = pricesSchema.safeParse(prices);
    if (!parsed.success) throw new ValidationError(`price table: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const table: Prices = {};
    for (const [size, price] of Object.entries(parsed.data)) {
      const key = canonicalSizeKey(size);
      if (key in table) throw new ValidationError(`price table: ${size} and another entry are the same size (${key})`);
      table[key] = price;
    }
    await putSetting(this.db, PRICE_TABLE_KEY, table);
    return this.prices();
  }

  /**
   * Every configuration variable with its value in force, secrets masked (never in
   * clear). With `env` (the process environment), `set` says which were set there.
   */
  configuration(config: Config, env?: Readonly<Record<string, string | undefined>>): ConfigVariable[] {
    return configurationOf(config, env);
  }
}

/** One configuration variable as the Settings page shows it. */
export interface ConfigVariable {
  name: string;
  /** The value in force (defaults included) as text, masked when secret; null when unset. */
  value: string | null;
  /** The value is masked: fully, or the password part of a URL (DATABASE_URL, RABBITMQ_URL). */
  secret: boolean;
  /** Set in the environment when one is given to `configuration`, else: has a value. */
  set: boolean;
}

export const MASK = '********';

/** How to read a variable from the Config: `config[name]` unless `read` says otherwise; `url`: mask the URL's password. */
interface VariableSpec {
  read?: (c: Config) => unknown;
  url?: true;
}

/**
 * Every variable of the config schema. The mapped type over `keyof Env` makes a
 * variable added to the schema without a line here a type error (so none is missed).
 */
const VARIABLES: { readonly [K in keyof Env]-?: VariableSpec } & Readonly<Record<string, VariableSpec>> = {
  DEBUG: {},
  PORT: {},
  DATABASE_URL: { read: (c) => (c.database.dialect === 'postgres' ? c.database.url : `sqlite:///${c.database.path}`), url: true },
  RABBITMQ_URL: { read: (c) => c.RABBITMQ_URL ?? (c.RABBITMQ_HOSTPORT ? `amqp://${c.RABBITMQ_HOSTPORT}/` : 'amqp://127.0.0.1:5672/'), url: true },
  RABBITMQ_USER: {},
  RABBITMQ_PASS: {},
  RABBITMQ_QUEUE_TYPE: {},
  RABBITMQ_QUEUE_PREFIX: {},
  JWT_SECRET: {},
  JWT_EXPIRES_SECONDS: {},
  SESSION_HOURS: {},
  DATA_DIR: {},
  RETRY_MAX_ATTEMPTS: {},
  RETRY_BASE_DELAY_SECONDS: {},
  RETRY_JITTER_MS: {},
  WORKER_CONCURRENCY: {},
  WORKER_QUEUES: { read: (c) => c.workerQueues?.join(',') },
  WORKER_METRICS_PORT: {},
  WORKER_METRICS_HOST: {},
  RABBITMQ_HOSTPORT: {},
  DASHBOARD_DIR: {},
  PUBLIC_BASE_URL: {},
  SHUTDOWN_GRACE_SECONDS: {},
  JOB_RETENTION_DAYS: {},
  USAGE_RETENTION_DAYS: {},
  BACKUP_DIR: {},
  BACKUP_RETENTION_DAYS: {},
  BACKUP_INTERVAL_HOURS: {},
  DRIVE_BACKUP_FOLDER_ID: {},
  ADMIN_USERNAME: {},
  ADMIN_PASSWORD: {},
  DEMO_MODE: { read: (c) => c.demoMode },
  LOG_LEVEL: {},
  REPLICATE_API_TOKEN: {},
  REPLICATE_API_BASE_URL: {},
  REPLICATE_UPSCALE_MODEL: {},
  REPLICATE_METADATA_MODEL: {},
  SHOPIFY_API_KEY: {},
  SHOPIFY_API_SECRET: {},
  SHOPIFY_ACCESS_TOKEN: {},
  SHOPIFY_STORE_URL: {},
  SHOPIFY_API_VERSION: {},
  GOOGLE_DRIVE_CREDENTIALS_PATH: {},
  GOOGLE_API_BASE_URL: {},
  DRIVE_INCOMING_FOLDER_ID: {},
  DRIVE_READY_FOLDER_ID: {},
  DRIVE_SPECIES_FOLDER_ID: {},
  DRIVE_PUBLISHED_FOLDER_ID: {},
  DRIVE_SCAN_INTERVAL_SECONDS: {},
  MIN_PRINT_DPI: {},
  PRICE_TABLE: {},
};

/** Secret by name: JWT_SECRET, ADMIN_PASSWORD and every *_TOKEN, *_SECRET, *_PASS, *_PASSWORD, *_KEY. */
export function isSecretName(name: string): boolean {
  return /(^|_)(TOKEN|SECRET|PASS|PASSWORD|KEY)$/.test(name);
}

const SECRET_PARAM = /pass|secret|token|key/i;

/** A URL with its password (and any password/secret/token/key query parameter) masked; host, port, path kept. */
export function maskUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return text;
  }
  const secretParams = [...u.searchParams.keys()].filter((k) => SECRET_PARAM.test(k));
  // Not a URL with credentials: the text as written (URL() would normalise it).
  if (!u.password && secretParams.length === 0) return text;
  if (u.password) u.password = MASK;
  for (const key of secretParams) u.searchParams.set(key, MASK);
  return u.toString();
}

function asText(v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' ? v : String(v);
}

/** Every configuration variable, secrets masked (see ConfigVariable). */
export function configurationOf(config: Config, env?: Readonly<Record<string, string | undefined>>): ConfigVariable[] {
  return Object.keys(VARIABLES).map((name) => {
    const spec = VARIABLES[name];
    const text = asText(spec.read ? spec.read(config) : (config as unknown as Record<string, unknown>)[name]);
    const secret = isSecretName(name) || spec.url === true;
    // Any URL-shaped value loses its password, secret or not (e.g. SHOPIFY_STORE_URL with credentials).
    const value = text === null ? null : isSecretName(name) ? MASK : maskUrl(text);
    const set = env ? (env[name] ?? '').trim() !== '' : text !== null;
    return { name, value, secret, set };
  });
}
