/**
 * The real platform for tests: config from a test environment, the API (the exact
 * production server) on a random port and workers — in this process, or as child
 * processes when a test must kill them. Each stack gets its own queue prefix so tests
 * share the machine's RabbitMQ without seeing each other.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { CommandDefinition } from '../../src/jobs/command.js';
import { runApi } from '../../src/api/runApi.js';
import { runWorker } from '../../src/worker/runWorker.js';
import { fieldFenPipeline } from '../../src/pipeline/index.js';
import { signToken, type Role } from '../../src/domain/users/service.js';

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
export const BACKEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    JWT_SECRET: TEST_SECRET,
    DEBUG: 'false',
    DEMO_MODE: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RABBITMQ_URL: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672/',
    RABBITMQ_QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}.`,
    // Classic queues are cheap to create and delete; the suite makes and deletes
    // hundreds. test/engine/jobs.test.ts runs on quorum queues, the production default.
    RABBITMQ_QUEUE_TYPE: 'classic',
    RETRY_BASE_DELAY_SECONDS: '0.05',
    RETRY_JITTER_MS: '10',
    RETRY_MAX_ATTEMPTS: '3',
    WORKER_CONCURRENCY: '20',
    SHUTDOWN_GRACE_SECONDS: '2',
    PORT: '0',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

export function testConfig(env: Record<string, string>): Config {
  return loadConfig(env);
}

export async function token(role: Role, sub = `test-${role}`, secret = TEST_SECRET, expiresIn = 3600): Promise<string> {
  return signToken(secret, { sub, role }, expiresIn);
}

export type Api = Awaited<ReturnType<typeof runApi>>;
export type InProcessWorker = Awaited<ReturnType<typeof runWorker>>;

export async function startApi(env: Record<string, string>, extraCommands: CommandDefinition[] = []): Promise<Api & { url: string }> {
  const api = await runApi(testConfig(env), { host: '127.0.0.1', app: fieldFenPipeline(), extraCommands });
  return { ...api, url: api.address.replace('0.0.0.0', '127.0.0.1') };
}

/** A worker in this process; pass the API to share its engine (one SQLite connection per process). */
export async function startWorker(env: Record<string, string>, extraCommands: CommandDefinition[] = [], api?: Api): Promise<InProcessWorker> {
  return runWorker(testConfig(env), { app: api ? undefined : fieldFenPipeline(), extraCommands, engine: api?.engine });
}

/** A worker in a child process (tsx), so a test can SIGKILL it. `entry` defaults to the production worker. */
export function spawnWorker(env: Record<string, string>, entry = path.join(BACKEND_DIR, 'src/bin/worker.ts')): ChildProcess {
  return keepStderrTail(
    fork(entry, [], {
      cwd: BACKEND_DIR,
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
}

/** The last 8 KB a child wrote to stderr (for a failing test's message). */
const stderrTails = new WeakMap<ChildProcess, string>();
export function stderrTail(child: ChildProcess): string {
  return stderrTails.get(child) ?? '';
}

/**
 * Read a child's stderr as it comes: an unread pipe fills (64 KB) and then blocks the
 * child's next write (stderr is synchronous on pipes), freezing it mid-test.
 */
function keepStderrTail(child: ChildProcess): ChildProcess {
  stderrTails.set(child, '');
  child.stderr?.on('data', (d: Buffer) => stderrTails.set(child, (stderrTails.get(child)! + d.toString('utf8')).slice(-8192)));
  return child;
}

/** An API in a child process; resolves once it answers /health/live. */
export async function spawnApi(env: Record<string, string>, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = keepStderrTail(
    fork(path.join(BACKEND_DIR, 'src/bin/api.ts'), [], {
      cwd: BACKEND_DIR,
      env: { ...process.env, ...env, PORT: String(port) },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/health/live`).catch(() => null))?.ok === true, { timeoutMs: 30_000, what: 'API child to answer' });
  return { child, url };
}

export async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((r) => child.once('exit', r));
}

/** Poll `check` until it returns truthy (bounded). */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  { timeoutMs = 30_000, intervalMs = 50, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** JSON request helper returning status and parsed body. */
export async function call(
  url: string,
  method: string,
  pathname: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${pathname}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A free TCP port on loopback (for child processes that need a fixed one). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Delete a test stack's queues and exchanges from the shared broker. */
export async function cleanupBroker(env: Record<string, string>): Promise<void> {
  const { Connection } = await import('rabbitmq-client');
  const { topology, WORK_QUEUES } = await import('../../src/queue/topology.js');
  const t = topology(env.RABBITMQ_QUEUE_PREFIX);
  const rabbit = new Connection({ url: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672/', connectionTimeout: 3000 });
  try {
    for (const q of WORK_QUEUES) {
      await rabbit.queueDelete({ queue: t.queue(q) }).catch(() => {});
      await rabbit.queueDelete({ queue: t.dlq(q) }).catch(() => {});
    }
    await rabbit.exchangeDelete({ exchange: t.eventsExchange }).catch(() => {});
    await rabbit.exchangeDelete({ exchange: t.deadLetterExchange }).catch(() => {});
  } finally {
    await rabbit.close();
  }
}
