/** Worker process entry point (`npm run worker`): runs the Field & Fen pipeline's commands. */
import { loadConfigOrExit } from '../config/index.js';
import { fieldFenPipeline } from '../pipeline/index.js';
import { runWorker } from '../worker/runWorker.js';

const config = loadConfigOrExit();
const w = await runWorker(config, { app: fieldFenPipeline() });
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void w.stop(sig).then(() => process.exit(0)));
