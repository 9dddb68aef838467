/**
 * How long `npm start`'s supervisor (bin/start.ts) may take to stop after SIGTERM: the
 * worker's grace period for in-flight runs, then time for the handed-back runs to commit
 * (the worker is killed after it), then the API's drain (in-flight requests answered, new
 * ones 503, then the database and broker closed; cut short after it). A platform's kill
 * timeout must exceed it (fly.toml: 40 s against 10 + 15 + 10).
 */
export const WORKER_HANDBACK_SECONDS = 15;
export const API_DRAIN_SECONDS = 10;

export function stopBudgetMs(graceSeconds: number): number {
  return (graceSeconds + WORKER_HANDBACK_SECONDS + API_DRAIN_SECONDS) * 1000;
}
