/** Worker process entry point (`npm run worker`). */
import { loadConfigOrExit } from '../config/index.js';
import { runWorker } from './runWorker.js';

const config = loadConfigOrExit();
const w = await runWorker(config);
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void w.stop(sig).then(() => process.exit(0)));
