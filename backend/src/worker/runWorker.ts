/**
 * Worker: consumes WORKER_QUEUES (default all) with WORKER_CONCURRENCY runs
 * at a time, runs housekeeping (the engine's stale-run sweep and retention, plus the
 * application's own tasks) under leases, serves its own metrics on
 * WORKER_METRICS_PORT, and stops gracefully on SIGTERM/SIGINT.
 */
import http from 'node:http';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Config } from '../config/index.js';
import type { CommandDefinition } from '../jobs/command.js';
import { createEngine, type Application, type Engine } from '../engine.js';
import { createLogger } from '../logger.js';
import { WORK_QUEUES, type WorkQueue } from '../queue/topology.js';
import { Housekeeper } from './housekeeping.js';
import { createEngineMetrics } from './metrics.js';
import { pruneOldRows, sweepStaleRuns } from './sweep.js';
import { Worker } from './worker.js';
import { WORKER_NOTICE_WINDOW_MS } from '../queue/notices.js';

export interface RunWorkerOptions {
  /**
   * The product to run (its commands, deps, housekeeping). With a shared `engine` it
   * must be the engine's own product (same commands); it may carry other options
   * (the pipeline's test hooks) for this worker's deps and housekeeping.
   */
  app?: Application<any>;
  extraCommands?: CommandDefinition[];
  /** Share an engine (an API's) instead of making one: one SQLite connection per process. */
  engine?: Engine;
  /** See WorkerOptions.batchHoldMs (tests shorten it). */
  batchHoldMs?: number;
}

export async function runWorker(config: Config, options: RunWorkerOptions = {}) {
  const log = createLogger('worker', config.LOG_LEVEL);
  const engine = options.engine ?? (await createEngine(config, log, { name: 'fieldfen-worker', app: options.app, extraCommands: options.extraCommands, walCheckpointer: true, memoryTempStore: true, noticeWindowMs: WORKER_NOTICE_WINDOW_MS }));
  const ownsEngine = !options.engine;
  const app = options.app ?? engine.app;
  const deps = app.deps ? await app.deps(engine) : undefined;
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
    deps,
    queues,
    concurrency: config.WORKER_CONCURRENCY,
    batchHoldMs: options.batchHoldMs,
  });
  worker.start();

  const housekeeper = new Housekeeper(
    engine.db,
    [
      { name: 'sweep-stale-runs', intervalMs: 15_000, run: () => sweepStaleRuns(engine.db, engine.registry, engine.finisher) },
      { name: 'prune', intervalMs: 3_600_000, run: () => pruneOldRows(engine.db, config.JOB_RETENTION_DAYS) },
      ...(app.housekeeping?.(engine, deps) ?? []),
    ],
    log,
  );
  housekeeper.start();
  let metricsServer: http.Server | null = null;
  const metricsPort = config.WORKER_METRICS_PORT;
  if (metricsPort > 0) {
    metricsServer = http
      .createServer(async (req, res) => {
        // Liveness for container health checks: the process serves and its database answers
        // (a broker outage is not a reason to restart a worker: it reconnects by itself).
        if (req.url === '/health/live') {
          const ok = await sql`select 1`.execute(engine.db).then(() => true, () => false);
          res.statusCode = ok ? 200 : 503;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ status: ok ? 'alive' : 'database unreachable', running: worker.running }));
          return;
        }
        res.setHeader('content-type', registry.contentType);
        res.end(await registry.metrics());
      })
      .listen(metricsPort, config.WORKER_METRICS_HOST);
  }

  let stopping: Promise<void> | null = null;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      log.info({ signal }, 'worker stopping: finishing in-flight runs');
      housekeeper.stop();
      await worker.stop(config.SHUTDOWN_GRACE_SECONDS * 1000);
      if (deps !== undefined) await app.stop?.(deps);
      metricsServer?.close();
      if (ownsEngine) await engine.close();
      log.info('worker stopped');
    })();
    return stopping;
  };
  return { engine, worker, housekeeper, metrics, registry, deps, stop };
}
