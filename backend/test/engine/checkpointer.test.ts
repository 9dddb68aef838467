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
import { SAFETY_NET_PAGES } from '../../src/db/checkpointer.js';
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
});
