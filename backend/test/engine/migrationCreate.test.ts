/**
 * `npm run cli -- migrate create <name>` writes a TypeScript migration into the source
 * tree (src/db/migrations) and lists it in index.ts, whether the CLI runs from src/
 * (tsx) or from the esbuild output in dist/ (what `npm run cli` runs). Everything
 * happens in a copy of backend (src, package.json, the build script) in a temporary
 * directory; the new migrations then run up and down on a temporary SQLite file.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, NO_MIGRATIONS, sql, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { createMigration, migrationsSourceDir } from '../../src/db/migrate.js';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUN_TIMEOUT_MS = 30_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, timeout: RUN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The node_modules the workspace installed kysely, tsx and esbuild into (the repository root's). */
function installedNodeModules(): string {
  for (let dir = BACKEND; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', 'kysely', 'package.json'))) return path.join(dir, 'node_modules');
    if (path.dirname(dir) === dir) throw new Error('kysely is not installed');
  }
}

const numbered = (files: string[]) => files.filter((f) => /^\d{4}_.+\.ts$/.test(f)).sort();

describe('migrate create', () => {
  let tmp: string;
  let migrationsDir: string;
  let firstNumber: number;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fieldfen-migrate-create-'));
    await fs.cp(path.join(BACKEND, 'src'), path.join(tmp, 'src'), { recursive: true });
    await fs.mkdir(path.join(tmp, 'scripts'));
    await fs.copyFile(path.join(BACKEND, 'scripts', 'build.mjs'), path.join(tmp, 'scripts', 'build.mjs'));
    await fs.copyFile(path.join(BACKEND, 'package.json'), path.join(tmp, 'package.json'));
    await fs.symlink(installedNodeModules(), path.join(tmp, 'node_modules'), 'dir');
    migrationsDir = path.join(tmp, 'src', 'db', 'migrations');
    const existing = numbered(await fs.readdir(migrationsDir));
    firstNumber = Number(existing[existing.length - 1].slice(0, 4)) + 1;
  });

  afterAll(async () => {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });

  const base = (offset: number, name: string) => `${String(firstNumber + offset).padStart(4, '0')}_${name}`;

  it('finds the source migrations from the package root, from src/ or dist/', () => {
    expect(migrationsSourceDir(path.join(tmp, 'src', 'db'))).toBe(migrationsDir);
    expect(migrationsSourceDir(path.join(tmp, 'dist', 'db'))).toBe(migrationsDir);
    // The real one: backend/src/db/migrations, not backend/dist.
    expect(migrationsSourceDir()).toBe(path.join(BACKEND, 'src', 'db', 'migrations'));
  });

  it('through the CLI entry under tsx (src/cli/main.ts): the next number, a stub with up and down, listed in index.ts', async () => {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate', 'create', 'add_checked_at'], tmp);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(migrationsDir, `${base(0, 'add_checked_at')}.ts`);
    expect(r.stdout.trim()).toBe(`created ${file}`);

    const text = await fs.readFile(file, 'utf8');
    expect(text).toContain("import type { Kysely } from 'kysely';");
    expect(text).toContain("import { dialectName, dialectTypes } from '../dialect.js';");
    expect(text).toMatch(/export async function up\(db: Kysely<any>\): Promise<void> \{/);
    expect(text).toMatch(/export async function down\(db: Kysely<any>\): Promise<void> \{/);

    const index = await fs.readFile(path.join(migrationsDir, 'index.ts'), 'utf8');
    const id = `m${base(0, '').slice(0, 4)}`;
    expect(index).toContain(`import * as ${id} from './${base(0, 'add_checked_at')}.js';\n`);
    expect(index).toContain(`  '${base(0, 'add_checked_at')}': ${id},\n};`);
  });

  it('through the built CLI (dist/cli/main.js, what `npm run cli` runs): still into src/, not dist/', async () => {
    const build = await run(process.execPath, ['scripts/build.mjs'], tmp);
    expect(build.code, build.stderr).toBe(0);
    const r = await run(process.execPath, ['dist/cli/main.js', 'migrate', 'create', 'add_review_index'], tmp);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(migrationsDir, `${base(1, 'add_review_index')}.ts`);
    expect(r.stdout.trim()).toBe(`created ${file}`);
    expect(existsSync(file)).toBe(true);
    expect((await fs.readdir(path.join(tmp, 'dist', 'db', 'migrations'))).filter((f) => f.includes('add_review_index'))).toEqual([]);

    const index = await fs.readFile(path.join(migrationsDir, 'index.ts'), 'utf8');
    expect(index).toContain(`from './${base(1, 'add_review_index')}.js';`);
    expect(index).toContain(`'${base(1, 'add_review_index')}': m${base(1, '').slice(0, 4)},`);
  });

  it('the copied tree, new migrations included, migrates up and down on SQLite', async () => {
    const { migrations } = (await import(pathToFileURL(path.join(migrationsDir, 'index.ts')).href)) as {
      migrations: Record<string, Migration>;
    };
    const names = Object.keys(migrations);
    expect(names.slice(-2)).toEqual([base(0, 'add_checked_at'), base(1, 'add_review_index')]);
    expect(names.map((n) => Number(n.slice(0, 4)))).toEqual(names.map((_, i) => i + 1));

    const db: Db = openDatabase({ dialect: 'sqlite', path: path.join(tmp, 'migrate.db') });
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const tables = async () =>
        (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%'`.execute(db)).rows.map(
          (r) => r.name,
        );

      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(up.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(names.map((n) => [n, 'Up', 'Success']));
      expect(await tables()).toContain('jobs');

      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
        [...names].reverse().map((n) => [n, 'Down', 'Success']),
      );
      expect(await tables()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('the stub typechecks under the project settings (noUnusedLocals)', async () => {
    const tsconfig = path.join(tmp, 'tsconfig.migrations.json');
    const settings = JSON.parse(await fs.readFile(path.join(BACKEND, 'tsconfig.json'), 'utf8')) as { compilerOptions: object };
    await fs.writeFile(tsconfig, JSON.stringify({ compilerOptions: settings.compilerOptions, include: ['src/db/migrations'] }));
    const tsc = path.join(installedNodeModules(), 'typescript', 'bin', 'tsc');
    const r = await run(process.execPath, [tsc, '-p', tsconfig], tmp);
    expect(r.code, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it('rejects a bad name (and a name already taken) and writes nothing', async () => {
    const before = await fs.readdir(migrationsDir);
    const index = await fs.readFile(path.join(migrationsDir, 'index.ts'), 'utf8');

    for (const bad of ['', 'AddColumn', 'add-column', '../escape', '1_starts_with_digit', 'x'.repeat(61), 'with space']) {
      await expect(createMigration(bad, { dir: migrationsDir }), bad).rejects.toThrow(/migration name/);
    }
    await expect(createMigration('add_checked_at', { dir: migrationsDir })).rejects.toThrow(/exists already/);

    const r = await run(process.execPath, ['dist/cli/main.js', 'migrate', 'create', 'Bad-Name'], tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/migration name "Bad-Name": a lower-case letter/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // one line, no stack trace

    expect(await fs.readdir(migrationsDir)).toEqual(before);
    expect(await fs.readFile(path.join(migrationsDir, 'index.ts'), 'utf8')).toBe(index);
  });

  it('createMigration(name, {dir}) numbers after the last one there', async () => {
    const file = await createMigration('add_settings', { dir: migrationsDir });
    expect(path.basename(file)).toBe(`${base(2, 'add_settings')}.ts`);
    const index = await fs.readFile(path.join(migrationsDir, 'index.ts'), 'utf8');
    const listed = [...index.matchAll(/^ {2}'(\d{4}_[a-z0-9_]+)': m\d{4},$/gm)].map((m) => m[1]);
    expect(listed).toEqual(numbered(await fs.readdir(migrationsDir)).map((f) => f.slice(0, -3)));
  });
});
