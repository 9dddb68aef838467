/**
 * Opens the database named by DATABASE_URL: SQLite (better-sqlite3, WAL,
 * synchronous=NORMAL, busy timeout) or PostgreSQL (pg pool). Same Kysely code for both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

// PostgreSQL hands timestamps back as the same ISO strings SQLite stores, and
// counts (int8) as numbers: one shape for callers whatever the dialect.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface OpenOptions {
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
}

export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Db {
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    // An idle client's error (e.g. the server restarted) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return db;
  }
  const sqlite = openSqliteFile(target.path);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return db;
}

export function openSqliteFile(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

/** True when a trivial query answers (health checks). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
