// The "bare floor": the same work as our HTTP path with no framework and no
// batching, laid out like production (an API process and a worker process).
//  API:    node:http POST → INSERT job row (own transaction) → publish a
//          persistent message with publisher confirm → 201.
//  Worker: consumer (prefetch 50) → UPDATE running (own transaction) →
//          UPDATE completed (own transaction) → ack.
// This file is both the library (runBareFloor) and the child entry point: the
// parent forks itself with a role marker in argv.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Connection } from 'rabbitmq-client';
import { runHttpLoad, waitUntil, type HttpLoadResult } from '../load.js';

const ROLE_API = '__bare_api__';
const ROLE_WORKER = '__bare_worker__';
const PREFETCH = 50;
const DEFAULT_AMQP = 'amqp://guest:guest@127.0.0.1:5672';

export interface BareFloorOptions {
  jobs: number;
  connections?: number;
  /** Parent directory for the temporary SQLite file; default os.tmpdir(). */
  dbDir?: string;
  amqpUrl?: string;
  /** Upper bound for the whole run (load + drain). Default 10 minutes. */
  timeoutMs?: number;
}

export interface BareFloorResult {
  name: 'bare floor';
  jobs: number;
  connections: number;
  /** First POST → last row completed (from the rows' completed_at). */
  durationMs: number;
  jobsPerSec: number;
  /** The load generator's view while posting (p50/p99 are HTTP latencies). */
  http: HttpLoadResult;
  /** How long the worker still needed after the last HTTP answer. */
  drainAfterHttpMs: number;
}

type ChildMsg = { type: 'ready'; port?: number } | { type: 'fatal'; error: string };

function openDb(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  started_at INTEGER,
  completed_at INTEGER
)`;

export async function runBareFloor(opts: BareFloorOptions): Promise<BareFloorResult> {
  const jobs = opts.jobs;
  const connections = opts.connections ?? 50;
  const amqpUrl = opts.amqpUrl ?? process.env.RABBITMQ_URL ?? DEFAULT_AMQP;
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const dir = mkdtempSync(path.join(opts.dbDir ?? os.tmpdir(), 'bench-bare-'));
  const dbFile = path.join(dir, 'jobs.db');
  const queue = `bench.bare.${process.pid}.${randomUUID().slice(0, 8)}`;
  const db = openDb(dbFile);
  db.exec(SCHEMA);

  const children: ChildProcess[] = [];
  const killAll = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  try {
    const args = [dbFile, queue];
    const worker = spawnChild(ROLE_WORKER, args, amqpUrl, children);
    const api = spawnChild(ROLE_API, args, amqpUrl, children);
    const [, apiReady] = await Promise.all([ready(worker, 30_000), ready(api, 30_000)]);

    const countDone = db.prepare("SELECT count(*) AS n FROM jobs WHERE status = 'completed'").pluck();
    const start = Date.now();
    const httpRes = await runHttpLoad({
      url: `http://127.0.0.1:${apiReady.port}/api/jobs`,
      connections,
      total: jobs,
      body: (i) => ({ type: 'Noop', payload: { i } }),
    });
    const httpEnd = Date.now();
    const accepted = httpRes.statusCounts['201'] ?? 0;
    await waitUntil(() => (countDone.get() as number) >= accepted, {
      timeoutMs: Math.max(1_000, timeoutMs - (httpEnd - start)),
      intervalMs: 100,
      what: `${accepted} bare-floor rows completed`,
    });
    const last = db.prepare('SELECT max(completed_at) FROM jobs').pluck().get() as number | null;
    const end = last ?? Date.now();
    const durationMs = end - start;
    if (httpRes.errors > 0) {
      console.warn(`bare floor: ${httpRes.errors} HTTP errors`, httpRes.statusCounts, httpRes.firstError ?? '');
    }
    return {
      name: 'bare floor',
      jobs: accepted,
      connections,
      durationMs,
      jobsPerSec: accepted / (durationMs / 1000),
      http: httpRes,
      drainAfterHttpMs: Math.max(0, end - httpEnd),
    };
  } finally {
    await Promise.all(children.map((c) => stopChild(c, 5_000)));
    process.removeListener('exit', killAll);
    db.close();
    await deleteQueue(amqpUrl, queue).catch((e) => console.warn('bare floor: queue cleanup failed:', e));
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnChild(role: string, args: string[], amqpUrl: string, into: ChildProcess[]): ChildProcess {
  // Reuse the parent's loader flags (tsx); add tsx if the parent has none (plain node).
  const execArgv = process.execArgv.some((a) => a.includes('tsx'))
    ? process.execArgv
    : [...process.execArgv, '--import', 'tsx'];
  // The broker URL (with its password) goes by environment, not argv (visible in ps).
  const env = { ...process.env, BENCH_BARE_AMQP_URL: amqpUrl };
  const child = fork(fileURLToPath(import.meta.url), [role, ...args], { execArgv, env, stdio: 'inherit' });
  into.push(child);
  return child;
}

function ready(child: ChildProcess, timeoutMs: number): Promise<{ port?: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('child did not become ready in time')), timeoutMs);
    const onMsg = (m: ChildMsg): void => {
      if (m.type === 'ready') done(undefined, m);
      else if (m.type === 'fatal') done(new Error(`child failed: ${m.error}`));
    };
    const onExit = (code: number | null): void => done(new Error(`child exited early (${code})`));
    function done(err?: Error, m?: { port?: number }): void {
      clearTimeout(timer);
      child.off('message', onMsg);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m ?? {});
    }
    child.on('message', onMsg);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function deleteQueue(amqpUrl: string, queue: string): Promise<void> {
  const rabbit = new Connection({ url: amqpUrl, connectionName: 'bench-bare-cleanup', retryHigh: 1000 });
  rabbit.on('error', () => {}); // onConnect() below reports the failure
  await rabbit.onConnect(5_000); // on timeout this closes the connection itself
  try {
    await rabbit.queueDelete({ queue });
  } finally {
    await rabbit.close();
  }
}

// ---------------------------------------------------------------- children

/** The client emits an error on every failed reconnect; one line is enough. */
function logOnce(prefix: string): (e: unknown) => void {
  let seen = false;
  return (e) => {
    if (!seen) console.error(`${prefix}:`, e instanceof Error ? e.message : e);
    seen = true;
  };
}

async function apiMain(dbFile: string, amqpUrl: string, queue: string): Promise<() => Promise<void>> {
  const db = openDb(dbFile);
  const insert = db.prepare(
    "INSERT INTO jobs (id, type, payload, status, attempts, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
  );
  const rabbit = new Connection({ url: amqpUrl, connectionName: 'bench-bare-api' });
  rabbit.on('error', logOnce('bare api: AMQP connection error'));
  const pub = rabbit.createPublisher({ confirm: true, queues: [{ queue, durable: true }] });

  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method !== 'POST' || req.url !== '/api/jobs') return send(res, 404, { error: 'not found' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 65_536) return send(res, 413, { error: 'body too large' });
      chunks.push(c as Buffer);
    }
    let body: { type?: unknown; payload?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { error: 'invalid JSON' });
    }
    if (typeof body?.type !== 'string') return send(res, 400, { error: 'type required' });
    const id = randomUUID();
    const now = Date.now();
    insert.run(id, body.type, JSON.stringify(body.payload ?? {}), now, now); // autocommit: its own transaction
    try {
      await pub.send({ routingKey: queue, durable: true }, { id });
    } catch (e) {
      return send(res, 503, { error: `publish failed: ${(e as Error).message}` });
    }
    send(res, 201, { id, status: 'queued' });
  };
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { error: String(e) });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await rabbit.onConnect(10_000);
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port } satisfies ChildMsg);
  return async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await pub.close();
    await rabbit.close();
    db.close();
  };
}

async function workerMain(dbFile: string, amqpUrl: string, queue: string): Promise<() => Promise<void>> {
  const db = openDb(dbFile);
  const markRunning = db.prepare(
    "UPDATE jobs SET status = 'running', attempts = attempts + 1, started_at = ?, updated_at = ? WHERE id = ? AND status = 'queued'",
  );
  const markDone = db.prepare("UPDATE jobs SET status = 'completed', completed_at = ?, updated_at = ? WHERE id = ?");
  const rabbit = new Connection({ url: amqpUrl, connectionName: 'bench-bare-worker' });
  rabbit.on('error', logOnce('bare worker: AMQP connection error'));
  const sub = rabbit.createConsumer(
    { queue, queueOptions: { durable: true }, qos: { prefetchCount: PREFETCH }, concurrency: PREFETCH },
    async (msg) => {
      const raw = msg.body as unknown;
      const { id } = (Buffer.isBuffer(raw) || typeof raw === 'string' ? JSON.parse(String(raw)) : raw) as { id: string };
      let now = Date.now();
      markRunning.run(now, now, id); // own transaction
      // Noop job: nothing to do.
      now = Date.now();
      markDone.run(now, now, id); // own transaction
      // returning normally acks the delivery
    },
  );
  sub.on('error', (e) => console.error('bare worker consumer error:', e));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('consumer not ready in 10 s')), 10_000);
    sub.once('ready', () => {
      clearTimeout(t);
      resolve();
    });
  });
  process.send?.({ type: 'ready' } satisfies ChildMsg);
  return async () => {
    await sub.close();
    await rabbit.close();
    db.close();
  };
}

async function childMain(role: string, [dbFile, queue]: string[]): Promise<void> {
  const amqpUrl = process.env.BENCH_BARE_AMQP_URL ?? DEFAULT_AMQP;
  // Never outlive the parent.
  process.on('disconnect', () => process.exit(0));
  const stop = await (role === ROLE_API ? apiMain : workerMain)(dbFile, amqpUrl, queue);
  process.on('message', (m: { type?: string }) => {
    if (m?.type !== 'stop') return;
    stop()
      .catch((e) => console.error(`${role} stop failed:`, e))
      .finally(() => process.exit(0));
  });
}

const role = process.argv[2];
if (process.send && (role === ROLE_API || role === ROLE_WORKER)) {
  childMain(role, process.argv.slice(3)).catch((e) => {
    process.send?.({ type: 'fatal', error: String((e as Error)?.stack ?? e) } satisfies ChildMsg);
    process.exit(1);
  });
}
