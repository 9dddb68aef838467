/**
 * Worker: consumes WORKER_QUEUES (default all) with WORKER_CONCURRENCY runs
 * at a time, runs housekeeping (stale-run sweep, retention) under leases, serves its
 * own metrics on WORKER_METRICS_PORT, and stops gracefully on SIGTERM/SIGINT.
 */
import http from 'node:http';
import client from 'prom-client';
import { loadConfigOrExit, type Config } from '../config/index.js';
import type { CommandDefinition } from '../commands/types.js';
import { createEngine } from '../engine.js';
import { createLogger } from '../logger.js';
import { WORK_QUEUES, type WorkQueue } from '../queue/topology.js';
import { Housekeeper } from './housekeeping.js';
import { createEngineMetrics } from './metrics.js';
import { pruneOldRows, sweepStaleRuns } from './sweep.js';
import { Worker } from './worker.js';

export async function runWorker(config: Config, options: { extraCommands?: CommandDefinition[] } = {}) {
  const log = createLogger('worker', config.LOG_LEVEL);
  const engine = await createEngine(config, log, { name: 'fieldfen-worker', extraCommands: options.extraCommands });
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'fieldfen_worker_' });
  const metrics = createEngineMetrics(registry);

  const queues = (config.workerQueues ?? [...WORK_QUEUES]) as WorkQueue[];
  for (const q of queues) if (!(WORK_QUEUES as readonly string[]).includes(q)) throw new Error(`WORKER_QUEUES: unknown queue ${q}`);

  const worker = new Worker({
    db: engine.db,
    broker: engine.broker,
    registry: engine.registry,
    relay: engine.relay,
    finisher: engine.finisher,
    metrics,
    log,
    deps: { db: engine.db, config, jobs: engine.jobs },
    queues,
    concurrency: config.WORKER_CONCURRENCY,
  });
  worker.start();

  const housekeeper = new Housekeeper(
    engine.db,
    [
      { name: 'sweep-stale-runs', intervalMs: 15_000, run: () => sweepStaleRuns(engine.db, engine.registry, engine.finisher) },
      { name: 'prune', intervalMs: 3_600_000, run: () => pruneOldRows(engine.db, config.JOB_RETENTION_DAYS, config.USAGE_RETENTION_DAYS) },
    ],
    log,
  );
  housekeeper.start();

  let metricsServer: http.Server | null = null;
  const metricsPort = config.WORKER_METRICS_PORT;
  if (metricsPort > 0) {
    metricsServer = http
      .createServer(async (_req, res) => {
        res.setHeader('content-type', registry.contentType);
        res.end(await registry.metrics());
      })
      .listen(metricsPort, '127.0.0.1');
  }

  let stopping: Promise<void> | null = null;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      log.info({ signal }, 'worker stopping: finishing in-flight runs');
      housekeeper.stop();
      await worker.stop(config.SHUTDOWN_GRACE_SECONDS * 1000);
      metricsServer?.close();
      await engine.close();
      log.info('worker stopped');
    })();
    return stopping;
  };
  return { engine, worker, housekeeper, metrics, registry, stop };
}

