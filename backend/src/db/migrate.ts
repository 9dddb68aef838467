/**
 * Versioned migrations (Kysely Migrator, one TypeScript file per version under
 * ./migrations, each with up and down). Serialised across processes: PostgreSQL by
 * Kysely's advisory lock; SQLite by an exclusive transaction on a sibling lock file
 * (Kysely's SQLite adapter only locks within one process).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type MigrationResultSet } from 'kysely';
import type { DatabaseTarget } from '../config/index.js';
import { openSqliteFile, type Db } from './connection.js';
import { migrations } from './migrations/index.js';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

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

/** `migrate create <name>`: writes an empty migration file, numbered after the last, and lists it in index.ts. */
export async function createMigration(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lower-case letters, digits and _ only');
  const existing = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_/.test(f)).sort();
  const next = existing.length ? Number(existing[existing.length - 1].slice(0, 4)) + 1 : 1;
  const file = path.join(MIGRATIONS_DIR, `${String(next).padStart(4, '0')}_${name}.ts`);
  await fs.writeFile(
    file,
    `import type { Kysely } from 'kysely';\n\nexport async function up(db: Kysely<any>): Promise<void> {\n}\n\nexport async function down(db: Kysely<any>): Promise<void> {\n}\n`,
  );
  const base = path.basename(file, '.ts');
  const indexFile = path.join(MIGRATIONS_DIR, 'index.ts');
  let index = await fs.readFile(indexFile, 'utf8');
  index = index.replace(/(import \* as m\d+ from '[^']+';\n)(?!import)/, `$1import * as m${base.slice(0, 4)} from './${base}.js';\n`);
  index = index.replace(/\n};\s*$/, `\n  '${base}': m${base.slice(0, 4)},\n};\n`);
  await fs.writeFile(indexFile, index);
  return file;
}
