/**
 * Opens the database named by DATABASE_URL: SQLite (better-sqlite3, WAL,
 * synchronous=NORMAL, busy timeout) or PostgreSQL (pg pool). Same Kysely code for both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, type Logger, PostgresDialect, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config/index.js';
import type { Database } from './schema.js';
import { SAFETY_NET_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.js';

export type Db = Kysely<Database>;

// PostgreSQL hands timestamps back as the same ISO strings SQLite stores, and
// counts (int8) as numbers: one shape for callers whatever the dialect.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface OpenOptions {
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number;
  /**
   * SQLite: run WAL checkpoints on a thread of this process instead of inside commits
   * (db/checkpointer.ts). One process per database should: the worker does.
   */
  walCheckpointer?: boolean;
  /**
   * SQLite: statement journals (the undo copy of one statement inside a longer
   * transaction: every multi-row UPDATE of a claim or a finish writes one) in memory
   * instead of temp files; the file writes were 11 % of the worker's CPU under load.
   * Only for the worker: temporary sorts go to memory too, and SQLite's in-memory temp
   * store made the API's large GROUP BYs slower (usage stats over 200,000 rows: 97 →
   * 150 ms), while the worker's queries sort nothing large.
   */
  memoryTempStore?: boolean;
  /** Called with each executed statement's SQL (diagnostics: counting queries, slow-query logs). */
  onQuery?: (sql: string, durationMs: number) => void;
}

const queryLogger = (onQuery?: OpenOptions['onQuery']): { log?: Logger } =>
  onQuery ? { log: (e) => void (e.level === 'query' && onQuery(e.query.sql, e.queryDurationMillis)) } : {};

export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Db {
  if (target.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: options.poolSize ?? 10 });
    // An idle client's error (e.g. the server restarted) must not crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...queryLogger(options.onQuery) });
    return db;
  }
  const sqlite = openSqliteFile(target.path);
  if (options.memoryTempStore) sqlite.pragma('temp_store = MEMORY');
  const checkpointer = options.walCheckpointer && target.path !== ':memory:' ? startCheckpointer(target.path) : null;
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite, checkpointer) }), ...queryLogger(options.onQuery) });
  return db;
}

/** Prepared statements kept per connection (distinct SQL texts; multi-row inserts vary by row count). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely's SQLite driver prepares every query anew; preparing is a parse and plan of
 * the SQL, measured at 4–6 % of the API's and worker's CPU under load. The same SQL
 * texts recur (the engine's queries are few), so keep their prepared statements, least
 * recently used out first. Safe because every query runs to completion synchronously
 * (`all`/`run`); nothing here streams (`iterate`), which would hold a statement busy.
 */
function withStatementCache(sqlite: SQLite.Database, checkpointer: Checkpointer | null, max = STATEMENT_CACHE_SIZE): SqliteDialectConfig['database'] {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      void checkpointer?.stop();
      sqlite.close();
    },
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt) {
        cache.delete(text); // most recently used goes last
      } else {
        stmt = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return stmt;
    },
  } as SqliteDialectConfig['database'];
}

/** How long a statement outside a transaction may wait for the write lock (ms). */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * SQLite transactions that take the write lock at BEGIN (`BEGIN IMMEDIATE`) and wait
 * for it asynchronously. better-sqlite3 is synchronous: its busy handler sleeps the
 * whole process (1, 2, 5, 10 … ms steps) while another process (api or worker)
 * commits. Polling every millisecond from the event loop instead keeps this process
 * serving, and a transaction that holds the lock from its first statement can never
 * fail half-way with SQLITE_BUSY.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = 0`));
    try {
      const deadline = Date.now() + BUSY_TIMEOUT_MS;
      for (;;) {
        try {
          await connection.executeQuery(CompiledQuery.raw('begin immediate'));
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 1));
        }
      }
    } finally {
      await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`));
    }
  }
}

export function openSqliteFile(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  // The worker's checkpointer thread keeps the WAL short; the automatic checkpoint is
  // the safety net (db/checkpointer.ts).
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
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
