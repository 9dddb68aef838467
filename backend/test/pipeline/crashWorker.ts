/**
 * A worker process that kills itself (SIGKILL: no cleanup, no hand-back) at a chosen
 * point, for crash tests: CRASH_AT=prediction (right after the Replicate prediction
 * id is checkpointed) or CRASH_AT=product (right after Shopify's productCreate answered,
 * before its checkpoint is written).
 */
import { loadConfig } from '../../src/config/index.js';
import { runWorker } from '../../src/worker/runWorker.js';
import { fieldFenPipeline } from '../../src/pipeline/index.js';

const at = process.env.CRASH_AT;
const die = () => {
  process.send?.({ crashing: at });
  process.kill(process.pid, 'SIGKILL');
};
await runWorker(loadConfig(process.env), {
  app: fieldFenPipeline({
    replicatePollDelayMs: 30,
    hooks: {
      afterPredictionCheckpoint: () => (at === 'prediction' ? die() : undefined),
      afterProductCreate: () => (at === 'product' ? die() : undefined),
    },
  }),
});
process.send?.({ ready: true });
