/** API process entry point (`npm run api`). */
import { loadConfigOrExit } from '../config/index.js';
import { runApi } from './runApi.js';

const config = loadConfigOrExit();
const api = await runApi(config);
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    api.log.info({ signal: sig }, 'API stopping');
    void api.close().then(() => process.exit(0));
  });
}
