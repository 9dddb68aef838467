/**
 * The job engine's parts, wired once per process (api, worker, tests, bench):
 * database (migrated under a lock), broker, outbox relay, registry, job service.
 */
import type { Config } from './config/index.js';
import { openDatabase, type Db } from './db/connection.js';
import { migrateUp } from './db/migrate.js';
import { allCommands, EXPECTED_COMMANDS } from './commands/index.js';
import { CommandRegistry } from './jobs/registry.js';
import type { CommandDefinition } from './jobs/command.js';
import { Subscriptions } from './jobs/events.js';
import { OutboxRelay } from './jobs/outbox.js';
import { JobService } from './jobs/service.js';
import type { Logger } from './logger.js';
import { Broker } from './queue/broker.js';
import { topology } from './queue/topology.js';
import { Finisher } from './worker/finish.js';

export interface Engine {
  config: Config;
  db: Db;
  broker: Broker;
  relay: OutboxRelay;
  registry: CommandRegistry;
  jobs: JobService;
  finisher: Finisher;
  subscriptions: Subscriptions;
  log: Logger;
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Extra commands (tests register test-only commands this way). */
  extraCommands?: CommandDefinition[];
  /** Process name for the AMQP connection. */
  name?: string;
  poolSize?: number;
}

export async function createEngine(config: Config, log: Logger, options: EngineOptions = {}): Promise<Engine> {
  const db = openDatabase(config.database, { poolSize: options.poolSize });
  await migrateUp(db, config.database);
  const registry = new CommandRegistry([...allCommands(), ...(options.extraCommands ?? [])], EXPECTED_COMMANDS);
  const broker = new Broker(config.rabbitmqUrl, topology(config.RABBITMQ_QUEUE_PREFIX, config.RABBITMQ_QUEUE_TYPE), log, options.name);
  const relay = new OutboxRelay(db, broker, log);
  relay.start();
  const subscriptions = new Subscriptions();
  const jobs = new JobService(db, registry, broker.topology, relay, config.RETRY_MAX_ATTEMPTS, subscriptions);
  const finisher = new Finisher(
    db,
    broker.topology,
    relay,
    jobs,
    { baseDelaySeconds: config.RETRY_BASE_DELAY_SECONDS, jitterMs: config.RETRY_JITTER_MS },
  );
  return {
    config,
    db,
    broker,
    relay,
    registry,
    jobs,
    finisher,
    subscriptions,
    log,
    async close() {
      await relay.stop();
      await broker.close();
      await db.destroy();
    },
  };
}
