/**
 * GraphQL on a big database (issue 7's measure), through the real API over HTTP:
 *   npx tsx bench/bigdb.ts --jobs 1000000 --files 50000 --out /tmp/ff-big.db
 *   npx tsx bench/graphql.ts --db /tmp/ff-big.db [--runs 100]
 * p50/p95 of the dashboard's heaviest list queries: files(first: 50) with jobs and
 * listings, and jobs(first: 50, status: FAILED). Each run is a fresh request (fresh
 * DataLoaders); the first pages and a deep page (cursor after 20 pages) are timed.
 */
import { parseArgs } from 'node:util';
import { runApi } from '../src/api/runApi.js';
import { signToken } from '../src/domain/users/service.js';
import { fieldFenPipeline } from '../src/pipeline/index.js';
import { cleanupBroker, testConfig, testEnv } from '../test/helpers/stack.js';

const { values } = parseArgs({ options: { db: { type: 'string', default: '/tmp/ff-big.db' }, runs: { type: 'string', default: '100' } } });
const runs = Number(values.runs);
const env = testEnv({ DATABASE_URL: `sqlite:///${values.db}`, LOG_LEVEL: 'warn' });
const api = await runApi(testConfig(env), { host: '127.0.0.1', app: fieldFenPipeline() });
const url = api.address.replace('0.0.0.0', '127.0.0.1');
const token = await signToken(env.JWT_SECRET, { sub: 'bench', role: 'reviewer' }, 3600);

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await r.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const FILES = `query($after: String) { files(first: 50, after: $after) { edges { node { id originalFilename species status thumbnailUrl metadata
  jobs { id commandType status attempts lastError createdAt } listings { id platform url status } } } pageInfo { hasNextPage endCursor } } }`;
const FAILED = `query($after: String) { jobs(first: 50, status: FAILED, after: $after) { edges { node { id commandType status attempts lastError payload createdAt completedAt fileId } } pageInfo { hasNextPage endCursor } } }`;

async function deepCursor(query: string, key: 'files' | 'jobs', pages: number): Promise<string | null> {
  let after: string | null = null;
  for (let i = 0; i < pages; i++) after = (await gql(query, { after }))[key].pageInfo.endCursor;
  return after;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function time(name: string, query: string, variables: Record<string, unknown>) {
  for (let i = 0; i < 5; i++) await gql(query, variables); // warm-up
  const ms: number[] = [];
  let items = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const d = await gql(query, variables);
    ms.push(performance.now() - t0);
    items = (d.files ?? d.jobs).edges.length;
  }
  console.log(`${name.padEnd(44)} p50 ${pct(ms, 50).toFixed(1).padStart(6)} ms   p95 ${pct(ms, 95).toFixed(1).padStart(6)} ms   (${items} items, ${runs} runs)`);
}

try {
  await time('files(first: 50) + jobs + listings', FILES, {});
  await time('files(first: 50), page 21', FILES, { after: await deepCursor(FILES, 'files', 20) });
  await time('jobs(first: 50, status: FAILED)', FAILED, {});
  await time('jobs(first: 50, status: FAILED), page 21', FAILED, { after: await deepCursor(FAILED, 'jobs', 20) });
} finally {
  await api.close();
  await cleanupBroker(env);
}
