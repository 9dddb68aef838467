/** Prometheus metrics of the job engine (prom-client). */
import client from 'prom-client';

export function createEngineMetrics(registry: client.Registry) {
  return {
    runs: new client.Counter({
      name: 'fieldfen_job_runs_total',
      help: 'Handler runs by command and how they ended (done, permanent, retryable, later, handback, lost).',
      labelNames: ['command_type', 'outcome'] as const,
      registers: [registry],
    }),
    duration: new client.Histogram({
      name: 'fieldfen_job_run_duration_seconds',
      help: 'Handler run duration.',
      labelNames: ['command_type'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    retries: new client.Counter({
      name: 'fieldfen_job_retries_total',
      help: 'Runs that ended in a scheduled retry (backoff) after a retryable failure.',
      labelNames: ['command_type'] as const,
      registers: [registry],
    }),
    redeliveries: new client.Counter({
      name: 'fieldfen_job_redeliveries_total',
      help: 'Messages RabbitMQ delivered again (a worker died or a channel closed mid-run).',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    duplicates: new client.Counter({
      name: 'fieldfen_job_duplicate_deliveries_total',
      help: 'Deliveries of jobs already running or finished elsewhere: acknowledged without running.',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    batchesRequeued: new client.Counter({
      name: 'fieldfen_job_batches_requeued_total',
      help: 'Batch announcements put back with their unstarted jobs after waiting too long for run slots.',
      labelNames: ['queue'] as const,
      registers: [registry],
    }),
    duplicateExecutions: new client.Counter({
      name: 'fieldfen_job_duplicate_executions_total',
      help: 'Runs whose result was discarded because another run had taken the job over.',
      labelNames: ['command_type'] as const,
      registers: [registry],
    }),
  };
}
export type EngineMetrics = ReturnType<typeof createEngineMetrics>;

/**
 * What every run records (its duration, how it ended), through labelled children kept
 * per command type and outcome: prom-client hashes the label object on every call
 * otherwise (1.7 % of the worker's CPU for small jobs).
 */
export class RunMetrics {
  private readonly durations = new Map<string, client.Histogram.Internal<'command_type'>>();
  private readonly ends = new Map<string, client.Counter.Internal>();

  constructor(private readonly metrics: EngineMetrics) {}

  ran(commandType: string, outcome: string, seconds: number): void {
    let duration = this.durations.get(commandType);
    if (!duration) this.durations.set(commandType, (duration = this.metrics.duration.labels({ command_type: commandType })));
    duration.observe(seconds);
    const key = `${commandType}\u0000${outcome}`;
    let end = this.ends.get(key);
    if (!end) this.ends.set(key, (end = this.metrics.runs.labels({ command_type: commandType, outcome })));
    end.inc();
  }
}
