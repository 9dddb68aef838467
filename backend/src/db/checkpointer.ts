/**
 * WAL checkpoints off the hot path. SQLite's automatic checkpoint runs inside the
 * commit that crosses `wal_autocheckpoint` pages: that commit copies the WAL into the
 * database file and fsyncs it, on the event loop of whichever process (API or worker)
 * committed — measured at half of all commit time under load. Instead, a thread of this
 * process with a connection of its own runs a PASSIVE checkpoint (never waits for, and
 * never blocks, readers or writers) every CHECKPOINT_EVERY_MS while the WAL holds
 * frames.
 * A PASSIVE checkpoint copies frames but cannot make the next writer start the WAL
 * over: that needs every frame copied at the moment a write begins, and under load a
 * commit lands between any two checkpoints. The WAL then only grows, and once it
 * passed the automatic threshold every commit of every process ran a checkpoint and
 * an fsync itself (measured: 11 % of the worker's CPU, 2 % of the API's). So once the
 * WAL holds RESTART_FRAMES, the thread runs a RESTART checkpoint: it holds writers back
 * for the few frames the PASSIVE one left (they wait for the lock asynchronously:
 * connection.ts) and for readers to leave the WAL, at most RESTART_WAIT_MS, and the next
 * commit writes the WAL from its start.
 * The automatic checkpoint stays on, at SAFETY_NET_PAGES in every connection, so the
 * WAL stays bounded even if the thread falls behind or dies, or no worker runs.
 * The thread's code is plain CommonJS evaluated in place (as ops/sqliteFile.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_EVERY_MS = 200;
/** WAL frames (pages) after which the thread restarts the WAL (16 MB). */
export const RESTART_FRAMES = 4000;
/** How long a RESTART checkpoint may wait for readers and the writer (ms). */
export const RESTART_WAIT_MS = 25;
/** wal_autocheckpoint of every connection (pages, 64 MB; SQLite's default is 1,000). */
export const SAFETY_NET_PAGES = 16000;

const SQLITE_MODULE = createRequire(import.meta.url).resolve('better-sqlite3');

const THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const passive = db.prepare('pragma wal_checkpoint(PASSIVE)');
const restart = db.prepare('pragma wal_checkpoint(RESTART)');
let stopped = false;
parentPort.on('message', (m) => {
  if (m === 'stop') { stopped = true; clearInterval(timer); db.close(); parentPort.close(); }
});
const timer = setInterval(() => {
  if (stopped) return;
  try {
    const r = passive.get();
    if (r.log >= workerData.restartFrames) {
      db.pragma('busy_timeout = ' + workerData.restartWaitMs);
      try { restart.get(); } finally { db.pragma('busy_timeout = 0'); }
    }
  } catch { /* busy: another checkpoint runs, or readers stayed; next tick */ }
}, workerData.everyMs);
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** `restartFrames` for tests: when the WAL is started over (Infinity: never by the thread). */
export function startCheckpointer(file: string, { restartFrames = RESTART_FRAMES } = {}): Checkpointer {
  const w = new Worker(THREAD, { eval: true, workerData: { file, sqlite: SQLITE_MODULE, everyMs: CHECKPOINT_EVERY_MS, restartFrames, restartWaitMs: RESTART_WAIT_MS } });
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
