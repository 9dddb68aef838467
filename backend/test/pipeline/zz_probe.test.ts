import { it } from 'vitest';
import { call } from '../helpers/stack.js';
import { startPipeline } from '../pipeline/harness.js';
it('probe', async () => {
  const p = await startPipeline({ worker: false });
  const r = await call(p.api.url, 'POST', `/api/files/00000000-0000-4000-8000-000000000000/approve`, { token: p.tokens.reviewer });
  console.log(r.status, r.body);
  await p.close();
});
