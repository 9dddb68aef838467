/**
 * The platform as production runs it, for the benchmark scripts that need a layout
 * other than ours.ts's one API + one worker: N API processes and M worker processes
 * (the built entry points, plain Node), on a fresh SQLite file or PostgreSQL database,
 * the machine's RabbitMQ under a queue prefix of its own.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { signToken } from '../src/domain/users/service.js';
import { cleanupBroker, freePort } from '../test/helpers/stack.js';
import { PG_ADMIN_URL } from '../test/helpers/db.js';
import { waitUntil } from './load.js';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export interface PlatformOptions {
  dialect: 'sqlite' | 'postgres';
  apis: number;
  workers: number;
  /** WORKER_CONCURRENCY of each worker (default 800: tiny Noop jobs batch their claims and finishes best deep). */
  concurrency?: number;
  /** Another checkout's backend/ to run instead of this one (a baseline, side by side). */
  backendDir?: string;
}

export interface Platform {
  urls: string[];
  headers: Record<string, string>;
  /** Jobs COMPLETED so far. */
  completed(): Promise<number>;
  /** enqueue → COMPLETED latency (ms) of the jobs created at or after `sinceIso`. */
  latencies(sinceIso: string): Promise<number[]>;
  rssMb(): { apis: number[]; workers: number[] };
  /** Send a signal to every process (SIGUSR2: heap snapshots with --heapsnapshot-signal). */
  signal(sig: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/**
 * The node flags docker-compose.prod.yml gives a service (`node <flags> backend/dist/bin/<entry>.js`):
 * the two-process layout measured here runs as production runs it. A checkout measured with
 * `--baseline` runs with its own file's flags.
 */
function composeNodeFlags(backend: string, service: 'api' | 'worker'): string[] {
  const file = path.join(backend, '../docker-compose.prod.yml');
  const compose = parseYaml(readFileSync(file, 'utf8'), { logLevel: 'error' }) as { services?: Record<string, { command?: string[] }> };
  const words = compose.services?.[service]?.command ?? [];
  const flags = words.slice(1, -1);
  if (words[0] !== 'node' || !words.at(-1)?.endsWith(`dist/bin/${service}.js`) || flags.some((f) => !f.startsWith('--'))) {
    throw new Error(`${file}: the ${service} command is not "node [flags] …/dist/bin/${service}.js": ${JSON.stringify(words)}`);
  }
  return flags;
}

/** The production entry points as `npm start` builds them (plain Node) with docker-compose.prod.yml's flags, plus BENCH_NODE_FLAGS; BENCH_PROFILE adds CPU profiles. */
function spawn(backend: string, service: 'api' | 'worker', env: Record<string, string>): ChildProcess {
  const flags = [
    ...composeNodeFlags(backend, service),
    ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/ffprof'] : []),
  ];
  return fork(path.join(backend, `dist/bin/${service}.js`), [], { cwd: backend, env: { ...process.env, ...env }, execArgv: flags, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

function rss(child: ChildProcess): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export async function startPlatform(o: PlatformOptions): Promise<Platform> {
  const backend = o.backendDir ?? BACKEND;
  const prefix = `bench${randomUUID().slice(0, 6)}.`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-bench-'));
  let databaseUrl: string;
  let pgName: string | null = null;
  if (o.dialect === 'sqlite') databaseUrl = `sqlite:///${path.join(dir, 'bench.db')}`;
  else {
    pgName = `ff_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pgName}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${pgName}`;
    databaseUrl = u.toString();
  }
  const env = {
    JWT_SECRET: SECRET,
    DEMO_MODE: 'false',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/',
    RABBITMQ_QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: String(o.concurrency ?? 800),
  };
  execFileSync(process.execPath, [path.join(backend, 'scripts/build.mjs')]);
  const apis: ChildProcess[] = [];
  const urls: string[] = [];
  for (let i = 0; i < o.apis; i++) {
    const port = await freePort();
    apis.push(spawn(backend, 'api', { ...env, PORT: String(port) }));
    urls.push(`http://127.0.0.1:${port}`);
    // The first API migrates; the others start once it answers (they would wait on the lock anyway).
    await waitUntil(async () => (await fetch(`${urls[i]}/health`).catch(() => null))?.ok === true, { timeoutMs: 60_000, what: `API ${i + 1} healthy` });
  }
  const workers = Array.from({ length: o.workers }, () => spawn(backend, 'worker', env));
  const headers = { authorization: `Bearer ${await signToken(SECRET, { sub: 'bench', role: 'admin' }, 3600)}` };
  await waitUntil(async () => {
    const r = await fetch(`${urls[0]}/api/queues`, { headers }).then((x) => x.json()).catch(() => null);
    return (r?.queues?.find((q: { name: string; consumers: number }) => q.name === 'system')?.consumers ?? 0) >= o.workers;
  }, { timeoutMs: 60_000, what: 'workers consuming' });

  // Reading the database directly keeps the counting off the API being measured.
  let query: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  let closeReader: () => Promise<void>;
  if (o.dialect === 'sqlite') {
    const db = new Database(path.join(dir, 'bench.db'), { readonly: true });
    db.pragma('busy_timeout = 5000');
    query = async (text, params = []) => db.prepare(text.replace(/\$\d+/g, '?')).all(...params) as Record<string, unknown>[];
    closeReader = async () => void db.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    query = async (text, params = []) => (await client.query(text, params)).rows;
    closeReader = () => client.end();
  }
  return {
    urls,
    headers,
    async completed() {
      return Number((await query("SELECT count(*) AS n FROM jobs WHERE status = 'completed'"))[0].n);
    },
    async latencies(sinceIso) {
      const rows = await query("SELECT created_at, completed_at FROM jobs WHERE status = 'completed' AND created_at >= $1", [sinceIso]);
      return rows.map((r) => Date.parse(String(r.completed_at)) - Date.parse(String(r.created_at))).sort((a, b) => a - b);
    },
    rssMb: () => ({ apis: apis.map(rss), workers: workers.map(rss) }),
    signal: (sig) => [...apis, ...workers].forEach((c) => c.kill(sig)),
    async stop() {
      await closeReader();
      const all = [...apis, ...workers];
      for (const c of all) c.kill('SIGTERM');
      await Promise.all(all.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
      await cleanupBroker({ RABBITMQ_QUEUE_PREFIX: prefix });
      rmSync(dir, { recursive: true, force: true });
      if (pgName) {
        const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
        await admin.end();
      }
    },
  };
}

/** Enqueue `jobs` Noop jobs by POST /api/jobs/bulk in chunks of 5,000, spread over the APIs. */
export async function bulkEnqueue(p: Platform, jobs: number, chunk = 5000): Promise<number> {
  const requests: Promise<void>[] = [];
  for (let i = 0, k = 0; i < jobs; i += chunk, k++) {
    const n = Math.min(chunk, jobs - i);
    requests.push(
      fetch(`${p.urls[k % p.urls.length]}/api/jobs/bulk`, {
        method: 'POST',
        headers: { ...p.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ jobs: Array.from({ length: n }, () => ({ command_type: 'Noop', payload: {} })) }),
      }).then((r) => {
        if (r.status !== 201) throw new Error(`bulk answered ${r.status}`);
      }),
    );
  }
  await Promise.all(requests);
  return requests.length;
}
