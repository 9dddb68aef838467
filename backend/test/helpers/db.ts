/** Real databases for tests: a temp SQLite file, or a fresh PostgreSQL database. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config/index.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrateUp } from '../../src/db/migrate.js';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  target: DatabaseTarget;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export const DIALECTS = ['sqlite', 'postgres'] as const;

/** A migrated, empty database of the given dialect, unique to the caller. */
export async function createTestDatabase(dialect: 'sqlite' | 'postgres', migrate = true): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-test-'));
    const file = path.join(dir, 'test.db');
    const target: DatabaseTarget = { dialect: 'sqlite', path: file };
    const db = openDatabase(target);
    if (migrate) await migrateUp(db, target);
    return {
      target,
      url: `sqlite:///${file}`, // file is absolute: sqlite:////tmp/…
      db,
      async drop() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `ff_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const target: DatabaseTarget = { dialect: 'postgres', url };
  const db = openDatabase(target);
  if (migrate) await migrateUp(db, target);
  return {
    target,
    url,
    db,
    async drop() {
      await db.destroy();
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
