/**
 * WAL checkpoints off the hot path. SQLite's automatic checkpoint runs inside the
 * commit that crosses `wal_autocheckpoint` pages: that commit copies the WAL into the
 * database file and fsyncs it, on the event loop of whichever process (API or worker)
 * committed — measured at half of all commit time under load. Instead, a thread of this
 * process with a connection of its own runs a PASSIVE checkpoint (never waits for, and
 * never blocks, readers or writers) every CHECKPOINT_EVERY_MS while the WAL holds
 * frames. The automatic checkpoint stays on at a higher threshold as the safety net, so
 * the WAL stays bounded even if the thread falls behind or dies.
 * The thread's code is plain CommonJS evaluated in place (as ops/sqliteFile.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_EVERY_MS = 200;
/** wal_autocheckpoint with the thread running (pages; SQLite's default is 1,000). */
export const SAFETY_NET_PAGES = 4000;

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

const THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let stopped = false;
parentPort.on('message', (m) => {
  if (m === 'stop') { stopped = true; clearInterval(timer); db.close(); parentPort.close(); }
});
const timer = setInterval(() => {
  if (stopped) return;
  try { checkpoint.get(); } catch { /* busy: another checkpoint runs; next tick */ }
}, workerData.everyMs);
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string): Checkpointer {
  const w = new Worker(THREAD, { eval: true, workerData: { file, sqlite: SQLITE_MODULE, everyMs: CHECKPOINT_EVERY_MS } });
  w.unref(); // never what keeps a process alive
  w.on('error', () => {}); // the automatic checkpoint remains
  return {
    async stop() {
      const exited = new Promise((r) => w.once('exit', r));
      w.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      await w.terminate();
    },
  };
}
