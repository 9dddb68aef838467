/**
 * The relay's poll on SQLite while another process holds the write lock (the worker
 * committing under load): a poll that finds nothing due must not wait for the lock at
 * all, and one that finds rows due must wait for it without stopping this process's
 * event loop (a write outside a transaction would sleep the process in SQLite's busy
 * handler until the lock came free, or fail after busy_timeout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { insertOutbox, outboxAt, OutboxRelay } from '../../src/jobs/outbox.js';
import { isoAfter } from '../../src/time.js';

describe('the outbox poll while another process holds the SQLite write lock', () => {
  let t: TestDatabase;
  let other: SQLite.Database;
  const relay = () => new OutboxRelay(t.db, { connection: { on() {} }, connected: true } as never, console as never);
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    if (t.target.dialect !== 'sqlite') throw new Error('sqlite only');
    other = new SQLite(t.target.path);
  });
  afterAll(async () => {
    if (other.inTransaction) other.exec('rollback');
    other.close();
    await t?.drop();
  });

  it('finds nothing due without taking the lock', async () => {
    await insertOutbox(t.db, [outboxAt(isoAfter(60_000), '', 'q', '{}', null)]); // scheduled, not due
    other.exec('begin immediate');
    try {
      expect(await relay().claimDue(10)).toEqual([]);
    } finally {
      other.exec('rollback');
    }
  });

  it('waits for the lock with the event loop turning, then claims the due rows', async () => {
    await insertOutbox(t.db, [outboxAt(isoAfter(-1000), '', 'q', '{"n":1}', null), outboxAt(isoAfter(-1000), '', 'q', '{"n":2}', null)]);
    other.exec('begin immediate');
    let ticks = 0;
    let released = false;
    const ticker = setInterval(() => {
      ticks++;
      // The lock is released by this process's own timer: only a turning event loop can
      // let the claim through.
      if (ticks === 20 && !released) {
        released = true;
        other.exec('commit');
      }
    }, 1);
    try {
      const claimed = await relay().claimDue(10);
      expect(released).toBe(true);
      expect(claimed.map((r) => r.body).sort()).toEqual(['{"n":1}', '{"n":2}']);
    } finally {
      clearInterval(ticker);
      if (other.inTransaction) other.exec('rollback');
    }
  });
});
