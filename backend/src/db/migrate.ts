/**
 * Versioned migrations (Kysely Migrator, one TypeScript file per version under
 * ./migrations, each with up and down). Serialised across processes: PostgreSQL by
 * Kysely's advisory lock; SQLite by an exclusive transaction on a sibling lock file
 * (Kysely's SQLite adapter only locks within one process).
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type MigrationResultSet } from 'kysely';
import type { DatabaseTarget } from '../config/index.js';
import { openSqliteFile, type Db } from './connection.js';
import { migrations } from './migrations/index.js';

/**
 * Where `migrate create` writes: the source tree's `src/db/migrations`, found from the
 * package root (the nearest package.json above `from`), so a new migration lands in
 * backend/src whether this code runs from src/ (tsx, vitest) or dist/ (`npm run cli`,
 * whose dist/ the next build deletes). Migrations are *loaded* from the static list in
 * migrations/index.ts, never from this directory.
 */
export function migrationsSourceDir(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'src', 'db', 'migrations');
    if (path.dirname(dir) === dir) throw new Error(`migrate create: no package.json above ${from}`);
  }
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

async function withProcessLock<T>(target: DatabaseTarget, fn: () => Promise<T>): Promise<T> {
  if (target.dialect !== 'sqlite' || target.path === ':memory:') return fn();
  const lock = openSqliteFile(`${target.path}.migrate-lock`);
  // Poll rather than use busy_timeout: better-sqlite3 waits synchronously, which
  // would also freeze every other task of this process while another one migrates.
  lock.pragma('busy_timeout = 0');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      lock.exec('BEGIN EXCLUSIVE');
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) {
        lock.close();
        throw err;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    lock.exec('COMMIT');
    lock.close();
  }
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String((result.error as Error).message ?? result.error)}`);
  }
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

export async function migrateUp(db: Db, target: DatabaseTarget): Promise<string[]> {
  return withProcessLock(target, async () => check(await migrator(db).migrateToLatest()));
}

export async function migrateDown(db: Db, target: DatabaseTarget): Promise<string[]> {
  return withProcessLock(target, async () => check(await migrator(db).migrateDown()));
}

export async function migrateDownAll(db: Db, target: DatabaseTarget): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely');
  return withProcessLock(target, async () => check(await migrator(db).migrateTo(NO_MIGRATIONS)));
}

const MIGRATION_NAME = /^[a-z][a-z0-9_]{0,59}$/;

function migrationStub(name: string): string {
  return `/**
 * ${name}: what this migration changes, and why.
 */
import type { Kysely } from 'kysely';
import { dialectName, dialectTypes } from '../dialect.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = dialectTypes(dialectName(db));
  // e.g. await db.schema.alterTable('files').addColumn('checked_at', t.timestamp).execute();
  void t;
}

export async function down(db: Kysely<any>): Promise<void> {
  // Undo up(), in reverse order.
}
`;
}

/**
 * `migrate create <name>`: writes a migration stub (up and down) numbered after the
 * last one into the source tree's migrations directory (`options.dir`, by default
 * {@link migrationsSourceDir}) and lists it in that directory's index.ts. Returns the
 * new file's path.
 */
export async function createMigration(name: string, options: { dir?: string } = {}): Promise<string> {
  if (!MIGRATION_NAME.test(name)) {
    throw new Error(`migration name ${JSON.stringify(name)}: a lower-case letter, then lower-case letters, digits and _ (at most 60)`);
  }
  const dir = options.dir ?? migrationsSourceDir();
  const existing = (await fs.readdir(dir)).filter((f) => /^\d{4}_.+\.ts$/.test(f)).sort();
  const same = existing.find((f) => f.slice(5, -3) === name);
  if (same) throw new Error(`migration ${name} exists already: ${path.join(dir, same)}`);
  const next = existing.length ? Number(existing[existing.length - 1].slice(0, 4)) + 1 : 1;
  if (next > 9999) throw new Error('migration numbers are four digits');
  const base = `${String(next).padStart(4, '0')}_${name}`;
  const ident = `m${base.slice(0, 4)}`;

  // Edit index.ts in memory first: nothing is written unless both edits apply.
  const indexFile = path.join(dir, 'index.ts');
  const index = await fs.readFile(indexFile, 'utf8');
  const importLine = `import * as ${ident} from './${base}.js';\n`;
  const imports = [...index.matchAll(/^import \* as m\d{4} from '[^']+';\n/gm)];
  const anchor = imports.length ? imports[imports.length - 1] : /^import type \{ Migration \} from 'kysely';\n/m.exec(index);
  const list = /(export const migrations: Record<string, Migration> = \{\n(?:[^}]*?\n)?)(\};)/.exec(index);
  if (!anchor || anchor.index === undefined || !list) {
    throw new Error(`${indexFile}: cannot find where to list the new migration (its imports and \`export const migrations … = { … };\`)`);
  }
  const at = anchor.index + anchor[0].length;
  let updated = index.slice(0, at) + importLine + index.slice(at);
  updated = updated.replace(list[0], () => `${list[1]}  '${base}': ${ident},\n${list[2]}`);

  const file = path.join(dir, `${base}.ts`);
  await fs.writeFile(file, migrationStub(name), { flag: 'wx' });
  await fs.writeFile(indexFile, updated);
  return file;
}
