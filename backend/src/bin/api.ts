/** API process entry point (`npm run api`): the Field & Fen pipeline on the engine, served over HTTP. */
import { runApi } from '../api/runApi.js';
import { loadConfigOrExit } from '../config/index.js';
import { fieldFenPipeline } from '../pipeline/index.js';

const config = loadConfigOrExit();
const api = await runApi(config, { app: fieldFenPipeline() });
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    api.log.info({ signal: sig }, 'API stopping');
    void api.close().then(() => process.exit(0));
  });
}
