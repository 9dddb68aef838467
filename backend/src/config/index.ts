/**
 * Configuration: read once from the environment (and `.env` when present), validated,
 * typed. A bad value stops the process with one line naming the variable
 * (see `loadConfigOrExit`). Defaults are documented beside each field and in README.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root (two levels above backend/src/config). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The example value of .env.example: refused when DEBUG=false. */
export const EXAMPLE_JWT_SECRET = 'your-secret-key-here-change-in-production';

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true/false (or 1/0)')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const decimal = (min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a decimal number ≥ 0')
    .transform(Number)
    .refine((n) => n >= min, `must be ≥ ${min}`);

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL (${protocols.join(' or ')})`);

const optionalString = z.string().trim().min(1).optional();

export const envSchema = z.object({
  DEBUG: bool.default(false),
  /** 0 picks a free port (tests). */
  PORT: int(0, 65535).default(8000),
  DATABASE_URL: z.string().trim().min(1).optional(),
  RABBITMQ_URL: url(['amqp:', 'amqps:']).optional(),
  /**
   * host:port of the broker, used when RABBITMQ_URL is not set (Render's `fromService`
   * gives a private service's hostport, not a URL); RABBITMQ_USER/PASS apply.
   */
  RABBITMQ_HOSTPORT: z.string().trim().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port').optional(),
  RABBITMQ_USER: optionalString,
  RABBITMQ_PASS: optionalString,
  /**
   * Work and dead-letter queues: `quorum` (replicated, faster here) or `classic`
   * (cheapest to create; the test suite uses it, since it makes and deletes many).
   */
  RABBITMQ_QUEUE_TYPE: z.enum(['quorum', 'classic']).default('quorum'),
  /** Prefixes every queue and exchange name; empty in production, unique per test run. */
  RABBITMQ_QUEUE_PREFIX: z.string().trim().regex(/^[\w.-]*$/, 'letters, digits, . _ - only').default(''),
  JWT_SECRET: z.string({ error: 'is required (at least 32 characters)' }).min(32, 'must be at least 32 characters'),
  JWT_EXPIRES_SECONDS: int(60, 30 * 24 * 3600).default(3600),
  /** How long a login lasts through refresh-token rotation (a working day by default). */
  SESSION_HOURS: int(1, 720).default(12),
  /** Files kept on disk (review previews); default: see `defaultDataDir`. */
  DATA_DIR: optionalString,
  /** The built dashboard the API serves at / (default ../frontend/dist from backend/). */
  DASHBOARD_DIR: optionalString,
  /** The address people and webhooks reach the platform at (https://…), when it has one. */
  PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  RETRY_MAX_ATTEMPTS: int(1, 100).default(5),
  RETRY_BASE_DELAY_SECONDS: decimal(0).default(1),
  RETRY_JITTER_MS: int(0, 600_000).default(500),
  WORKER_CONCURRENCY: int(1, 1000).default(10),
  WORKER_QUEUES: z.string().trim().optional(),
  /** The worker's own Prometheus endpoint (0 = off). */
  WORKER_METRICS_PORT: int(0, 65535).default(0),
  /** Where it listens: loopback by default; 0.0.0.0 for a Prometheus outside the container. */
  WORKER_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Grace period for in-flight jobs on SIGTERM before they are handed back. */
  SHUTDOWN_GRACE_SECONDS: decimal(0).default(10),
  JOB_RETENTION_DAYS: int(1, 3650).default(30),
  USAGE_RETENTION_DAYS: int(1, 3650).default(90),
  /** Where `backup` writes (default DATA_DIR/backups; relative paths are from the repository root). */
  BACKUP_DIR: optionalString,
  /** Backups (fieldfen_YYYYMMDD_HHMMSS.db.gz) older than this are removed, on disk and in Drive. */
  BACKUP_RETENTION_DAYS: int(1, 3650).default(30),
  /** Scheduled backups every N hours (unset = off; SQLite only). */
  BACKUP_INTERVAL_HOURS: decimal(0.1).optional(),
  /** The Shared Drive folder scheduled backups are uploaded to (unset = they stay on disk). */
  DRIVE_BACKUP_FOLDER_ID: optionalString,
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  DEMO_MODE: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Integrations (used by the pipeline commands).
  REPLICATE_API_TOKEN: optionalString,
  REPLICATE_API_BASE_URL: url(['http:', 'https:']).default('https://api.replicate.com'),
  REPLICATE_UPSCALE_MODEL: z.string().trim().default('nightmareai/real-esrgan'),
  REPLICATE_METADATA_MODEL: z.string().trim().default('meta/meta-llama-3-8b-instruct'),
  SHOPIFY_API_KEY: optionalString,
  SHOPIFY_API_SECRET: optionalString,
  SHOPIFY_ACCESS_TOKEN: optionalString,
  SHOPIFY_STORE_URL: optionalString,
  SHOPIFY_API_VERSION: z.string().trim().regex(/^\d{4}-\d{2}$/, 'must look like 2026-01').default('2026-01'),
  GOOGLE_DRIVE_CREDENTIALS_PATH: optionalString,
  GOOGLE_API_BASE_URL: url(['http:', 'https:']).default('https://www.googleapis.com'),
  DRIVE_INCOMING_FOLDER_ID: optionalString,
  DRIVE_READY_FOLDER_ID: optionalString,
  DRIVE_SPECIES_FOLDER_ID: optionalString,
  DRIVE_PUBLISHED_FOLDER_ID: optionalString,
  DRIVE_SCAN_INTERVAL_SECONDS: int(5, 86_400).default(180),
  MIN_PRINT_DPI: int(50, 1200).default(150),
  PRICE_TABLE: z
    .string()
    .optional()
    .refine((v) => {
      if (v === undefined) return true;
      try {
        const t = JSON.parse(v);
        return typeof t === 'object' && t !== null && Object.values(t).every((p) => typeof p === 'number' && p > 0);
      } catch {
        return false;
      }
    }, 'must be a JSON object of size → positive price'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'DATABASE_URL' | 'WORKER_QUEUES' | 'DEMO_MODE' | 'DATA_DIR' | 'BACKUP_DIR'> {
  database: DatabaseTarget;
  /** DATA_DIR, absolute (`defaultDataDir` when unset). */
  DATA_DIR: string;
  /** BACKUP_DIR, absolute (DATA_DIR/backups when unset). */
  BACKUP_DIR: string;
  /** RABBITMQ_URL with RABBITMQ_USER/PASS applied when the URL carries no credentials. */
  rabbitmqUrl: string;
  workerQueues: string[] | null;
  demoMode: boolean;
}

export type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly problem: string) {
    super(`configuration error: ${variable} ${problem}`);
  }
}

/**
 * DATABASE_URL forms (SPEC §5): `sqlite:////abs/path.db` (absolute), `sqlite:///rel.db`
 * (relative to the repository root), a bare path, or postgres:// / postgresql://.
 */
export function parseDatabaseUrl(value: string | undefined): DatabaseTarget {
  if (!value) return { dialect: 'sqlite', path: path.join(REPO_ROOT, 'data', 'fieldfen.db') };
  if (/^postgres(ql)?:\/\//.test(value)) return { dialect: 'postgres', url: value };
  if (value.startsWith('sqlite:')) {
    const rest = value.slice('sqlite:'.length);
    if (rest === '' || rest === '///' || rest === '//') throw new ConfigError('DATABASE_URL', 'has no file path');
    if (rest === ':memory:' || rest === '///:memory:') return { dialect: 'sqlite', path: ':memory:' };
    if (rest.startsWith('////')) return { dialect: 'sqlite', path: rest.slice(3) };
    if (rest.startsWith('///')) return { dialect: 'sqlite', path: path.resolve(REPO_ROOT, rest.slice(3)) };
    return { dialect: 'sqlite', path: path.resolve(REPO_ROOT, rest.replace(/^\/\//, '')) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new ConfigError('DATABASE_URL', 'must be sqlite:…, a file path or postgres://…');
  return { dialect: 'sqlite', path: path.resolve(REPO_ROOT, value) };
}

/** The SQLite file's directory; `backend/data` for PostgreSQL (or an in-memory SQLite). */
export function defaultDataDir(database: DatabaseTarget): string {
  if (database.dialect === 'sqlite' && database.path !== ':memory:') return path.dirname(database.path);
  return path.join(REPO_ROOT, 'backend', 'data');
}

function applyRabbitCredentials(raw: string, user?: string, pass?: string): string {
  const u = new URL(raw);
  // Credentials in the URL win; then RABBITMQ_USER/PASS; then AMQP's guest/guest.
  if (!u.username) {
    u.username = encodeURIComponent(user ?? 'guest');
    u.password = encodeURIComponent(user ? (pass ?? '') : 'guest');
  }
  return u.toString();
}

/** Parse an environment object; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const problem = issue.code === 'invalid_type' && env[variable] === undefined ? 'is required' : issue.message;
    throw new ConfigError(variable, problem);
  }
  const e = result.data;
  if (!e.DEBUG && e.JWT_SECRET === EXAMPLE_JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'is the example value; set a secret of your own (allowed only with DEBUG=true)');
  }
  const hasAnyCredential = Boolean(
    e.REPLICATE_API_TOKEN || e.SHOPIFY_API_KEY || e.SHOPIFY_ACCESS_TOKEN || e.GOOGLE_DRIVE_CREDENTIALS_PATH,
  );
  // Demo mode is the default when no integration credential is set (SPEC §6), but it is
  // never implicit in production: with DEBUG=false it must be asked for explicitly.
  const demoMode = e.DEMO_MODE ?? !hasAnyCredential;
  if (demoMode && !e.DEBUG && e.DEMO_MODE !== true) {
    throw new ConfigError(
      'DEMO_MODE',
      'is implied (no Drive, Replicate or Shopify credential is set) but refused with DEBUG=false: set the credentials, DEMO_MODE=true, or DEMO_MODE=false',
    );
  }
  if (e.ADMIN_USERNAME && !e.ADMIN_PASSWORD) throw new ConfigError('ADMIN_PASSWORD', 'is required when ADMIN_USERNAME is set');
  if (e.GOOGLE_DRIVE_CREDENTIALS_PATH && !existsSync(e.GOOGLE_DRIVE_CREDENTIALS_PATH)) {
    throw new ConfigError('GOOGLE_DRIVE_CREDENTIALS_PATH', `names a file that does not exist`);
  }
  const { DATABASE_URL, WORKER_QUEUES, DEMO_MODE: _demo, DATA_DIR, BACKUP_DIR, ...rest } = e;
  const database = parseDatabaseUrl(DATABASE_URL);
  const dataDir = DATA_DIR ? path.resolve(REPO_ROOT, DATA_DIR) : defaultDataDir(database);
  return {
    ...rest,
    database,
    DATA_DIR: dataDir,
    BACKUP_DIR: BACKUP_DIR ? path.resolve(REPO_ROOT, BACKUP_DIR) : path.join(dataDir, 'backups'),
    rabbitmqUrl: applyRabbitCredentials(e.RABBITMQ_URL ?? (e.RABBITMQ_HOSTPORT ? `amqp://${e.RABBITMQ_HOSTPORT}/` : 'amqp://127.0.0.1:5672/'), e.RABBITMQ_USER, e.RABBITMQ_PASS),
    workerQueues: WORKER_QUEUES ? WORKER_QUEUES.split(',').map((q) => q.trim()).filter(Boolean) : null,
    demoMode,
  };
}

/** Read `.env` (if present) into process.env without overriding what is set. */
export function loadDotEnv(file = path.join(REPO_ROOT, '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** For entry points: one clear line and exit code 2 on bad configuration. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    loadDotEnv();
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
