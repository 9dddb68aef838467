/**
 * The job engine's parts, wired once per process (api, worker, cli, tests, bench):
 * database (migrated under a lock), broker, outbox relay, registry, job service.
 *
 * The engine knows no product. A product (the Field & Fen pipeline, see
 * pipeline/index.ts) hands it one `Application`: its commands, the subscriptions that
 * chain them, what their handlers receive as `ctx.deps`, and its recurring
 * housekeeping. Every process passes the same object, so they all wire it one way.
 */
import type { Config } from './config/index.js';
import { openDatabase, type Db } from './db/connection.js';
import { migrateUp } from './db/migrate.js';
import type { CommandDefinition } from './jobs/command.js';
import { Subscriptions } from './jobs/events.js';
import { OutboxRelay } from './jobs/outbox.js';
import { CommandRegistry } from './jobs/registry.js';
import { JobService } from './jobs/service.js';
import type { Logger } from './logger.js';
import { Broker } from './queue/broker.js';
import { NoticePublisher } from './queue/notices.js';
import { topology } from './queue/topology.js';
import { Finisher } from './worker/finish.js';
import type { HousekeepingTask } from './worker/housekeeping.js';

/** A signed third-party webhook as it arrived: headers (lower-case names), query, and the raw body before any parsing. */
export interface SignedWebhookRequest {
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: Buffer;
}

/** `refused`: the signature did not verify (401, nothing changed); otherwise 200 and what was done. */
export type SignedWebhookAnswer = { refused: string } | { outcome: 'accepted' | 'duplicate' | 'ignored'; detail?: string };

/** What a product hands the engine. `D` is what its handlers receive as `ctx.deps`. */
export interface Application<D = unknown> {
  name: string;
  commands: CommandDefinition<any, D>[];
  /** Command types this build must have handlers for: start-up fails when one is missing. */
  expectedCommands?: readonly string[];
  /** Register the event → follow-up-job subscriptions (API and worker alike). */
  subscribe?(subscriptions: Subscriptions): void;
  /** Build the handlers' services (worker processes only). */
  deps?(engine: Engine): Promise<D>;
  /** Recurring tasks the worker runs once per interval across processes. */
  housekeeping?(engine: Engine, deps: D): HousekeepingTask[];
  /** Release what `deps` holds (flush meters) when the worker stops. */
  stop?(deps: D): Promise<void>;
  /**
   * Signed webhooks from the services it talks to, served at `POST /webhooks/<source>`
   * with no bearer token: `receive` verifies the signature over the raw body before
   * anything else, then acts (quickly: long work goes in a job).
   */
  webhooks?: {
    sources: readonly string[];
    receive(engine: Engine, source: string, req: SignedWebhookRequest): Promise<SignedWebhookAnswer>;
  };
  /** The third-party services it talks to, each testable with one cheap authenticated call. */
  connections?: {
    names: readonly string[];
    test(engine: Engine, name: string): Promise<{ ok: boolean; detail: string }>;
  };
}

/** An application with no commands: the bare engine (tests of the engine itself). */
export const emptyApplication: Application = { name: 'engine', commands: [] };

export interface Engine {
  config: Config;
  db: Db;
  broker: Broker;
  relay: OutboxRelay;
  registry: CommandRegistry;
  jobs: JobService;
  finisher: Finisher;
  subscriptions: Subscriptions;
  /** Live-update notices to the API processes (queue/notices.ts). */
  notices: NoticePublisher;
  app: Application<any>;
  log: Logger;
  close(): Promise<void>;
}

export interface EngineOptions {
  app?: Application<any>;
  /** Extra commands (tests register test-only commands this way). */
  extraCommands?: CommandDefinition[];
  /** Process name for the AMQP connection. */
  name?: string;
  poolSize?: number;
  /** See OpenOptions.onQuery (tests count queries with it). */
  onQuery?: (sql: string, durationMs: number) => void;
  /** SQLite: checkpoint the WAL on a thread (see db/checkpointer.ts); the worker's engine does. */
  walCheckpointer?: boolean;
  /** How long live-update notices gather changes (queue/notices.ts; default NOTICE_WINDOW_MS). */
  noticeWindowMs?: number;
  /** SQLite: statement journals and temporary sorts in memory (see OpenOptions); the worker's engine does. */
  memoryTempStore?: boolean;
  /** Run pending migrations first (default true). Read-only tools pass false. */
  migrate?: boolean;
  /** Start the outbox relay (default true). Read-only tools pass false. */
  relay?: boolean;
}

export async function createEngine(config: Config, log: Logger, options: EngineOptions = {}): Promise<Engine> {
  const app = options.app ?? emptyApplication;
  const db = openDatabase(config.database, { poolSize: options.poolSize, onQuery: options.onQuery, walCheckpointer: options.walCheckpointer, memoryTempStore: options.memoryTempStore });
  if (options.migrate !== false) await migrateUp(db, config.database);
  const registry = new CommandRegistry([...app.commands, ...(options.extraCommands ?? [])], app.expectedCommands);
  const broker = new Broker(config.rabbitmqUrl, topology(config.RABBITMQ_QUEUE_PREFIX, config.RABBITMQ_QUEUE_TYPE), log, options.name);
  const relay = new OutboxRelay(db, broker, log);
  if (options.relay !== false) relay.start();
  const subscriptions = new Subscriptions();
  app.subscribe?.(subscriptions);
  const notices = new NoticePublisher(broker, options.noticeWindowMs);
  const jobs = new JobService(db, registry, broker.topology, relay, config.RETRY_MAX_ATTEMPTS, subscriptions, notices);
  const finisher = new Finisher(db, broker.topology, relay, jobs, {
    baseDelaySeconds: config.RETRY_BASE_DELAY_SECONDS,
    jitterMs: config.RETRY_JITTER_MS,
  });
  return {
    config,
    db,
    broker,
    relay,
    registry,
    jobs,
    finisher,
    subscriptions,
    notices,
    app,
    log,
    async close() {
      await relay.stop();
      await notices.close();
      await broker.close();
      await db.destroy();
    },
  };
}
