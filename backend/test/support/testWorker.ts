/** A worker process with the test-only commands registered (for crash tests). */
import { loadConfigOrExit } from '../../src/config/index.js';
import { runWorker } from '../../src/worker/runWorker.js';
import { fieldFenPipeline } from '../../src/pipeline/index.js';
import { testCommands } from './commands.js';

const w = await runWorker(loadConfigOrExit(), { app: fieldFenPipeline(), extraCommands: testCommands });
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void w.stop(sig).then(() => process.exit(0)));
