/**
 * WAL checkpoints on a thread (db/checkpointer.ts): committed pages reach the database
 * file without any commit crossing the automatic checkpoint's threshold, and the
 * automatic checkpoint stays on as the safety net.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { SAFETY_NET_PAGES, startCheckpointer } from '../../src/db/checkpointer.js';
import SQLite from 'better-sqlite3';
import { waitFor } from '../helpers/stack.js';

let dir: string;
let db: Db | null = null;
afterEach(async () => {
  await db?.destroy();
  db = null;
  rmSync(dir, { recursive: true, force: true });
});

async function writePages(d: Db, kb: number): Promise<void> {
  await sql`create table t (id integer primary key, blob text)`.execute(d);
  const row = 'x'.repeat(1000);
  for (let i = 0; i < kb; i += 100) {
    await d.transaction().execute(async (trx) => {
      for (let j = 0; j < 100; j++) await sql`insert into t (blob) values (${row})`.execute(trx);
    });
  }
}

describe('the WAL checkpointer thread', () => {
  it('copies committed pages into the database file while the WAL stays below the automatic threshold', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ff-ckpt-'));
    const file = path.join(dir, 'c.db');
    db = openDatabase({ dialect: 'sqlite', path: file }, { walCheckpointer: true });
    const pragma = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(pragma.rows[0].wal_autocheckpoint).toBe(SAFETY_NET_PAGES);
    await writePages(db, 2000); // ~2 MB: ~500 pages, below SQLite's default threshold (1,000) too
    await waitFor(() => statSync(file).size > 1_500_000, { timeoutMs: 10_000, what: 'the pages in the database file' });
  });

  it('without it, the same writes stay in the WAL (nothing else checkpoints below the threshold)', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ff-ckpt-'));
    const file = path.join(dir, 'c.db');
    db = openDatabase({ dialect: 'sqlite', path: file });
    await writePages(db, 2000);
    expect(statSync(file).size).toBeLessThan(100_000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_500_000);
  });

  /**
   * Under writes that never pause, a PASSIVE checkpoint never finds the WAL fully copied
   * when a write begins, so the WAL never starts over and grows to the safety net; the
   * thread's RESTART starts it over. A busy writer, its WAL file's size: the largest the
   * WAL got (SQLite reuses the file from its start, it does not shrink it).
   */
  async function walSizeUnderLoad(restartFrames: number): Promise<number> {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ff-ckpt-'));
    const file = path.join(dir, 'c.db');
    const writer = new SQLite(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = NORMAL');
    writer.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    writer.exec('create table t (id integer primary key, blob blob)');
    const insert = writer.prepare('insert into t (blob) values (randomblob(3000))');
    const many = writer.transaction(() => { for (let i = 0; i < 10; i++) insert.run(); });
    const thread = startCheckpointer(file, { restartFrames });
    try {
      // About 12,000 pages in 1,200 commits a millisecond apart: far more frames than
      // the restart threshold between two of the thread's checkpoints (every 200 ms).
      for (let i = 0; i < 1200; i++) {
        many();
        if (i % 20 === 0) writer.prepare('delete from t where id <= (select max(id) - 400 from t)').run(); // keep the table small
        await new Promise((r) => setTimeout(r, 1));
      }
      return statSync(`${file}-wal`).size / 4120;
    } finally {
      await thread.stop();
      writer.close();
    }
  }

  it('starts the WAL over once it holds RESTART_FRAMES, even while commits never pause', async () => {
    const frames = await walSizeUnderLoad(1000);
    expect(frames).toBeLessThan(4000);
  });

  it('without the restart, the same writes grow the WAL toward the safety net', async () => {
    const frames = await walSizeUnderLoad(Number.POSITIVE_INFINITY);
    expect(frames).toBeGreaterThan(6000);
  });
});
