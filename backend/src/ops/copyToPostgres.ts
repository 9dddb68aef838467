/**
 * `copy-to-postgres --to postgres://…`: moves the SQLite database (DATABASE_URL) into
 * PostgreSQL, after which changing DATABASE_URL is all a user does.
 *
 *  - The target is migrated with the same migrations, so it has every table the source
 *    has; tables are found in the source (sqlite_master), never listed here, so a table
 *    a later migration adds is copied too. Migrations' own bookkeeping is not copied.
 *  - Tables are copied parents first (foreign keys, from `pragma foreign_key_list`), in
 *    primary-key order, `batchSize` rows per INSERT. Each batch commits in one
 *    PostgreSQL transaction together with the table's progress row (`copy_progress`:
 *    the last key copied), so an interrupted copy resumes exactly after its last
 *    committed batch; `ON CONFLICT DO NOTHING` makes a repeated row harmless besides.
 *    Keyset order is the source's own (SQLite's binary collation), so keys need not be
 *    monotonic (random UUIDs, text keys): the resume point is a position in the
 *    source's order, not a comparison made in PostgreSQL.
 *  - The source is read inside one read transaction: a consistent snapshot (WAL), so
 *    foreign keys hold even if something writes meanwhile; writes after the snapshot
 *    are not copied and make the run fail (`sourceChanged`): stop the platform first.
 *  - Values are converted by the target column's type: 0/1 → boolean, ISO text →
 *    timestamptz (session time zone UTC, so SQLite's offset-less `YYYY-MM-DD HH:MM:SS`
 *    means UTC too), blobs → bytea; identity columns are inserted with OVERRIDING SYSTEM
 *    VALUE and their sequences set past the largest id.
 *  - A target that already holds rows is refused unless they come from an interrupted
 *    copy of this same source (a `copy_progress` naming its path): copying into a live
 *    database would mix two histories. Rows a migration itself seeded into the fresh
 *    target are replaced by the source's.
 */
import { existsSync, realpathSync } from 'node:fs';
import { Kysely, SqliteDialect, sql, type RawBuilder } from 'kysely';
import type { DatabaseTarget } from '../config/index.js';
import { openDatabase, openSqliteFile } from '../db/connection.js';
import { migrateUp } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { nowIso } from '../time.js';

/** The target's record of a copy in progress (not a migration's table: only this tool knows it). */
export const PROGRESS_TABLE = 'copy_progress';
const NOT_COPIED = new Set(['kysely_migration', 'kysely_migration_lock', PROGRESS_TABLE]);
/** PostgreSQL binds at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

/** The copy will not start (wrong source or target, or a target holding other data). */
export class CopyRefused extends Error {}
/** Stopped by the signal; what was committed stays, and the next run continues from it. */
export class CopyInterrupted extends Error {}

export interface CopyOptions {
  /** The SQLite database (the configured DATABASE_URL). */
  source: DatabaseTarget;
  /** postgres:// or postgresql:// URL of the target. */
  to: string;
  /** Rows per INSERT (default 1,000; fewer for wide tables, to stay under the parameter limit). */
  batchSize?: number;
  /** Abort between batches (Ctrl-C in the CLI; tests interrupt a copy this way). */
  signal?: AbortSignal;
  /** After each committed batch (awaited). */
  onBatch?: (table: string, rows: number) => void | Promise<void>;
  /** Progress lines for a person (migrations applied, tables started). */
  say?: (line: string) => void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  tables: TableCount[];
  /** Rows inserted by this run. */
  copied: number;
  /** True when this run continued an interrupted copy. */
  resumed: boolean;
  /** Another connection committed to the source while it was being copied. */
  sourceChanged: boolean;
  /** Every table's counts agree and the source did not change. */
  ok: boolean;
}

interface Column {
  name: string;
  pgType: string;
}

interface TablePlan {
  name: string;
  columns: Column[];
  /** Primary-key columns in key order: the keyset of the copy. */
  key: string[];
  identity: string[];
  parents: string[];
}

type AnyDb = Kysely<any>;

/** The URL with its password hidden (it is printed and may be logged). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

function checkArguments(options: CopyOptions): string {
  const { source, to } = options;
  if (source.dialect !== 'sqlite') {
    throw new CopyRefused('DATABASE_URL already points at PostgreSQL: copy-to-postgres copies the SQLite database named by DATABASE_URL into the one named by --to');
  }
  if (!/^postgres(ql)?:\/\//.test(to)) throw new CopyRefused('--to must be a postgres:// or postgresql:// URL');
  if (source.path === ':memory:' || !existsSync(source.path)) throw new CopyRefused(`no SQLite database at ${source.path} (DATABASE_URL)`);
  return realpathSync(source.path);
}

async function sourceMigrations(src: AnyDb): Promise<string[]> {
  const t = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(src);
  if (!t.rows[0].n) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(src);
  return rows.rows.map((r) => r.name);
}

/** Every table of the source but the migrations' own, parents before children. */
async function planTables(src: AnyDb, target: AnyDb): Promise<TablePlan[]> {
  const names = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(src)).rows
    .map((r) => r.name)
    .filter((n) => !NOT_COPIED.has(n));
  const plans: TablePlan[] = [];
  for (const name of names) {
    const info = (await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${name})`.execute(src)).rows;
    const key = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (key.length === 0) throw new CopyRefused(`table ${name} has no primary key: it cannot be copied resumably`);
    const pgColumns = (
      await sql<{ column_name: string; data_type: string; is_identity: string; column_default: string | null }>`
        select column_name, data_type, is_identity, column_default from information_schema.columns
        where table_schema = current_schema() and table_name = ${name}`.execute(target)
    ).rows;
    if (pgColumns.length === 0) throw new CopyRefused(`table ${name} is in the SQLite database but not in the target after migrating`);
    const pgType = new Map(pgColumns.map((c) => [c.column_name, c.data_type]));
    const missing = info.filter((c) => !pgType.has(c.name)).map((c) => c.name);
    if (missing.length) throw new CopyRefused(`table ${name}: the target has no column ${missing.join(', ')}`);
    const parents = (await sql<{ table: string }>`select distinct "table" from pragma_foreign_key_list(${name})`.execute(src)).rows.map((r) => r.table);
    plans.push({
      name,
      columns: info.map((c) => ({ name: c.name, pgType: pgType.get(c.name)! })),
      key,
      identity: pgColumns.filter((c) => c.is_identity === 'YES' || c.column_default?.startsWith('nextval(')).map((c) => c.column_name),
      parents: parents.filter((p) => p !== name && names.includes(p)),
    });
  }
  return parentsFirst(plans);
}

/** Topological order (Kahn), alphabetical among equals so runs are repeatable. */
function parentsFirst(plans: TablePlan[]): TablePlan[] {
  const ordered: TablePlan[] = [];
  const placed = new Set<string>();
  let rest = [...plans];
  while (rest.length) {
    const ready = rest.filter((p) => p.parents.every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new CopyRefused(`foreign keys form a cycle among ${rest.map((p) => p.name).join(', ')}`);
    for (const p of ready) {
      ordered.push(p);
      placed.add(p.name);
    }
    rest = rest.filter((p) => !placed.has(p.name));
  }
  return ordered;
}

/** A SQLite value as the target column's type wants it. */
export function toPostgres(value: unknown, pgType: string): unknown {
  if (value === null || value === undefined) return null;
  switch (pgType) {
    case 'boolean':
      return typeof value === 'string' ? ['1', 't', 'true'].includes(value.toLowerCase()) : Boolean(value);
    case 'bytea':
      return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      // Epoch milliseconds, if a column ever held them; ISO text goes as it is.
      return typeof value === 'number' ? new Date(value).toISOString() : value;
    case 'json':
    case 'jsonb':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return value;
  }
}

async function tableExists(db: AnyDb, name: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(db);
  return r.rows[0].n > 0;
}

async function hasRows(db: AnyDb, table: string): Promise<boolean> {
  return (await sql`select 1 from ${sql.table(table)} limit 1`.execute(db)).rows.length > 0;
}

async function count(db: AnyDb, table: string): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
}

/**
 * Decide before touching the target: a fresh copy (no data in it), a resumed one (its
 * progress names this source), or a refusal. Returns whether it resumes.
 */
async function checkTarget(target: AnyDb, sourceTables: string[], sourcePath: string): Promise<boolean> {
  if (await tableExists(target, PROGRESS_TABLE)) {
    const others = await target.selectFrom(PROGRESS_TABLE).select('source').distinct().where('source', '!=', sourcePath).execute();
    if (others.length) throw new CopyRefused(`the target holds a copy of another database (${others.map((o) => o.source).join(', ')}); copy into an empty database`);
    return true;
  }
  const withRows: string[] = [];
  for (const t of sourceTables) if ((await tableExists(target, t)) && (await hasRows(target, t))) withRows.push(t);
  if (withRows.length) {
    throw new CopyRefused(`the target already holds data (${withRows.join(', ')}) that is not from an interrupted copy of ${sourcePath}; copy into an empty database`);
  }
  return false;
}

function keyAfter(key: string[], last: unknown[]): RawBuilder<boolean> {
  if (key.length === 1) return sql<boolean>`${sql.ref(key[0])} > ${last[0]}`;
  return sql<boolean>`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(last)})`;
}

async function insertBatch(trx: AnyDb, t: TablePlan, rows: Record<string, unknown>[]): Promise<number> {
  const values = rows.map((r) => sql`(${sql.join(t.columns.map((c) => toPostgres(r[c.name], c.pgType)))})`);
  const overriding = t.identity.length ? sql` overriding system value` : sql``;
  const result = await sql`insert into ${sql.table(t.name)} (${sql.join(t.columns.map((c) => sql.ref(c.name)))})${overriding}
    values ${sql.join(values)} on conflict do nothing`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

export async function copyToPostgres(options: CopyOptions): Promise<CopyReport> {
  const sourcePath = checkArguments(options);
  const say = options.say ?? (() => {});
  const sqlite = openSqliteFile(sourcePath);
  const src: AnyDb = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  const targetDb = openDatabase({ dialect: 'postgres', url: options.to }, { poolSize: 2 });
  const target = targetDb as unknown as AnyDb; // tables found at run time, not the typed schema
  try {
    const have = await sourceMigrations(src);
    const want = Object.keys(migrations).sort();
    if (have.length === 0) throw new CopyRefused(`${sourcePath} is not a Field & Fen database (it has no migrations)`);
    if (have.join() !== want.join()) {
      throw new CopyRefused(`the SQLite database is at migration ${have.at(-1)}, this build at ${want.at(-1)}: run \`npm run cli -- migrate up\` (or start the platform once) first`);
    }
    const sourceTables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(src)).rows
      .map((r) => r.name)
      .filter((n) => !NOT_COPIED.has(n));
    const resumed = await checkTarget(target, sourceTables, sourcePath);
    for (const line of await migrateUp(targetDb, { dialect: 'postgres', url: options.to })) say(`target: ${line}`);
    const plan = await planTables(src, target);

    await target.transaction().execute(async (trx) => {
      await trx.schema
        .createTable(PROGRESS_TABLE)
        .ifNotExists()
        .addColumn('table_name', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('last_key', 'text')
        .addColumn('copied_rows', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', sql`timestamptz`, (c) => c.notNull())
        .addColumn('updated_at', sql`timestamptz`, (c) => c.notNull())
        .addColumn('finished_at', sql`timestamptz`)
        .execute();
      // A fresh target was empty before migrating: whatever is in it now a migration seeded,
      // and the source holds its own version of those rows.
      if (!resumed) for (const t of [...plan].reverse()) await trx.deleteFrom(t.name).execute();
      const now = nowIso();
      await trx
        .insertInto(PROGRESS_TABLE)
        .values(plan.map((t) => ({ table_name: t.name, source: sourcePath, last_key: null, copied_rows: 0, started_at: now, updated_at: now })))
        .onConflict((oc) => oc.column('table_name').doNothing())
        .execute();
    });
    const progress = new Map((await target.selectFrom(PROGRESS_TABLE).select(['table_name', 'last_key']).execute()).map((p) => [p.table_name as string, p.last_key as string | null]));
    if (resumed) say('continuing an interrupted copy');

    let copied = 0;
    const sourceCounts = new Map<string, number>();
    // One read transaction over the whole source: a consistent snapshot (see the header).
    const before = await dataVersion(src);
    await src.transaction().execute(async (snap) => {
      for (const t of plan) {
        const batch = Math.max(1, Math.min(options.batchSize ?? 1000, Math.floor(MAX_PARAMS / t.columns.length)));
        const stored = progress.get(t.name);
        let last: unknown[] | null = stored ? (JSON.parse(stored) as unknown[]) : null;
        for (;;) {
          if (options.signal?.aborted) throw new CopyInterrupted(`interrupted while copying ${t.name}; run the same command again to continue`);
          let q = snap.selectFrom(t.name).select(t.columns.map((c) => c.name));
          if (last) q = q.where(keyAfter(t.key, last));
          for (const k of t.key) q = q.orderBy(sql.ref(k));
          const rows = (await q.limit(batch).execute()) as Record<string, unknown>[];
          if (rows.length === 0) break;
          const next = t.key.map((k) => rows[rows.length - 1][k]);
          await target.transaction().execute(async (trx) => {
            await sql`set local time zone 'UTC'`.execute(trx);
            copied += await insertBatch(trx, t, rows);
            await trx
              .updateTable(PROGRESS_TABLE)
              .set({ last_key: JSON.stringify(next), copied_rows: sql`copied_rows + ${rows.length}`, updated_at: nowIso() })
              .where('table_name', '=', t.name)
              .execute();
          });
          last = next;
          await options.onBatch?.(t.name, rows.length);
        }
        sourceCounts.set(t.name, await count(snap, t.name));
      }
    });
    const sourceChanged = (await dataVersion(src)) !== before;

    for (const t of plan) {
      for (const col of t.identity) {
        // The next generated id follows the largest copied one (1 on an empty table).
        await sql`select setval(pg_get_serial_sequence(${t.name}, ${col}), coalesce(max(${sql.ref(col)}), 0) + 1, false) from ${sql.table(t.name)}`.execute(target);
      }
    }
    const tables: TableCount[] = [];
    for (const t of plan) tables.push({ table: t.name, source: sourceCounts.get(t.name) ?? 0, target: await count(target, t.name) });
    const ok = !sourceChanged && tables.every((t) => t.source === t.target);
    if (ok) await target.updateTable(PROGRESS_TABLE).set({ finished_at: nowIso() }).where('finished_at', 'is', null).execute();
    return { tables, copied, resumed, sourceChanged, ok };
  } finally {
    await target.destroy();
    await src.destroy();
  }
}

/** Changes when another connection commits to the database (SQLite's `pragma data_version`). */
async function dataVersion(src: AnyDb): Promise<number> {
  return Number((await sql<{ data_version: number }>`pragma data_version`.execute(src)).rows[0].data_version);
}

/** The closing table the CLI prints: rows per table on both sides. */
export function formatCounts(report: CopyReport): string {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  const lines = [`${'table'.padEnd(width)}  ${'sqlite'.padStart(10)}  ${'postgres'.padStart(10)}`];
  for (const t of report.tables) {
    lines.push(`${t.table.padEnd(width)}  ${String(t.source).padStart(10)}  ${String(t.target).padStart(10)}${t.source === t.target ? '' : '  DIFFERENT'}`);
  }
  return lines.join('\n');
}
