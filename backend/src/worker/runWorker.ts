/**
 * Worker: consumes WORKER_QUEUES (default all) with WORKER_CONCURRENCY runs
 * at a time, runs housekeeping (stale-run sweep, retention) under leases, serves its
 * own metrics on WORKER_METRICS_PORT, and stops gracefully on SIGTERM/SIGINT.
 */
import http from 'node:http';
import client from 'prom-client';
import type { Config } from '../config/index.js';
import type { CommandDefinition } from '../jobs/command.js';
import { createEngine, type Engine } from '../engine.js';
import { createLogger } from '../logger.js';
import { WORK_QUEUES, type WorkQueue } from '../queue/topology.js';
import { buildPipelineDeps, type PipelineOptions } from '../pipeline/deps.js';
import { reconcileFailedFiles } from '../pipeline/guard.js';
import { cancelPredictionsOfCancelledJobs } from '../pipeline/cancelPredictions.js';
import { registerPipelineSubscriptions } from '../pipeline/subscriptions.js';
import { Housekeeper } from './housekeeping.js';
import { createEngineMetrics } from './metrics.js';
import { pruneOldRows, sweepStaleRuns } from './sweep.js';
import { Worker } from './worker.js';

export async function runWorker(config: Config, options: { extraCommands?: CommandDefinition[]; engine?: Engine; pipeline?: PipelineOptions } = {}) {
  const log = createLogger('worker', config.LOG_LEVEL);
  const engine = options.engine ?? (await createEngine(config, log, { name: 'fieldfen-worker', extraCommands: options.extraCommands }));
  const ownsEngine = !options.engine;
  registerPipelineSubscriptions(engine.subscriptions);
  const deps = await buildPipelineDeps(config, engine.db, log, engine.jobs, options.pipeline);
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
  });
  worker.start();

  const housekeeper = new Housekeeper(
    engine.db,
    [
      { name: 'sweep-stale-runs', intervalMs: 15_000, run: () => sweepStaleRuns(engine.db, engine.registry, engine.finisher) },
      { name: 'prune', intervalMs: 3_600_000, run: () => pruneOldRows(engine.db, config.JOB_RETENTION_DAYS, config.USAGE_RETENTION_DAYS) },
      // A pipeline job that failed without its handler seeing it (timeout or crash on the last attempt) still fails its file.
      { name: 'pipeline-failed-files', intervalMs: 15_000, run: () => reconcileFailedFiles(engine.db) },
      // A cancelled job's running Replicate prediction is cancelled too (it stops paying).
      ...(deps.replicate ? [{ name: 'cancel-predictions', intervalMs: 5_000, run: () => cancelPredictionsOfCancelledJobs(engine.db, deps.replicate!, log) }] : []),
      // The Drive Incoming watcher: one ScanDriveFolder per interval (none while one is still queued).
      ...(deps.drive && deps.folders.incoming
        ? [{ name: 'drive-scan', intervalMs: config.DRIVE_SCAN_INTERVAL_SECONDS * 1000, run: () => enqueueScan(engine) }]
        : []),
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
      await deps.usage.flush();
      metricsServer?.close();
      if (ownsEngine) await engine.close();
      log.info('worker stopped');
    })();
    return stopping;
  };
  return { engine, worker, housekeeper, metrics, registry, deps, stop };
}

async function enqueueScan(engine: Awaited<ReturnType<typeof createEngine>>): Promise<void> {
  const queued = await engine.db
    .selectFrom('jobs')
    .select('id')
    .where('command_type', '=', 'ScanDriveFolder')
    .where('status', 'in', ['pending', 'running', 'retrying'])
    .executeTakeFirst();
  if (!queued) await engine.jobs.enqueue({ commandType: 'ScanDriveFolder', payload: {} });
}

