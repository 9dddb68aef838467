/**
 * A Redis of the bench's own, durable the way Redis documents it: AOF on
 * (`appendonly yes`) with `appendfsync everysec` (at most a second of writes lost on a
 * crash), in a temporary directory on a free port. The machine's own Redis persists
 * nothing, so BullMQ on it is an in-memory peer; this one is the durable peer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/helpers/stack.js';
import { probeRedis } from './bullmq.js';

export interface DurableRedis {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function startDurableRedis(): Promise<DurableRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-redis-aof-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--daemonize', 'no'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probeRedis('127.0.0.1', port, 500);
      break;
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`durable redis-server did not start: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM'); // the one we started, by its pid
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
