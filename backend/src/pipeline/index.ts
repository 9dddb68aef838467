/**
 * The Field & Fen pipeline as the engine's Application: its commands, the
 * subscriptions that chain them, the services its handlers receive, and its
 * housekeeping. Every process (API, worker, CLI, tests, bench) passes this object
 * to the engine; nothing in the engine imports the pipeline.
 */
import { allCommands, EXPECTED_COMMANDS } from '../commands/index.js';
import { servicesOf } from '../domain/services.js';
import type { Application, Engine } from '../engine.js';
import { buildPipelineDeps, type PipelineDeps, type PipelineOptions } from './deps.js';
import { cancelPredictionsOfCancelledJobs } from './cancelPredictions.js';
import { registerPipelineSubscriptions } from './subscriptions.js';

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
        // A pipeline job that failed without its handler seeing it (timeout or crash on the last attempt) still fails its file.
        { name: 'pipeline-failed-files', intervalMs: 15_000, run: () => files.reconcileFailedFiles() },
        // A cancelled job's running Replicate prediction is cancelled too (it stops paying).
        ...(deps.replicate ? [{ name: 'cancel-predictions', intervalMs: 5_000, run: () => cancelPredictionsOfCancelledJobs(deps) }] : []),
        // The Drive Incoming watcher: one ScanDriveFolder per interval (none while one is still queued).
        ...(deps.drive && deps.folders.incoming
          ? [{ name: 'drive-scan', intervalMs: config.DRIVE_SCAN_INTERVAL_SECONDS * 1000, run: () => engine.jobs.enqueueUnlessQueued({ commandType: 'ScanDriveFolder', payload: {} }) }]
          : []),
      ];
    },
    stop: (deps) => deps.usage.flush(),
  };
}
