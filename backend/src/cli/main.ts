/**
 * Operations CLI (`npm run cli -- <command>` at the repository root):
 *   migrate up | down | create <name>
 *   user create <username> --role admin|reviewer|service   (password from FIELDFEN_PASSWORD or stdin)
 *   token mint --sub <name> [--role service] [--days 365]   (e.g. for Zapier)
 *   dlq list                      dead-letter depth of each work queue
 *   dlq redrive <queue>           move a queue's dead letters back, resetting their jobs
 *   backup [--out DIR]            a consistent gzipped snapshot of the SQLite database (ops/backup.ts)
 *   restore FILE [--force]        put a backup back, then announce its waiting jobs again (ops/restore.ts)
 *   copy-to-postgres --to URL     the SQLite database into PostgreSQL, resumable (ops/copyToPostgres.ts)
 */
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config/index.js';
import { openDatabase } from '../db/connection.js';
import { createMigration, migrateDown, migrateUp } from '../db/migrate.js';
import { createEngine } from '../engine.js';
import { fieldFenPipeline } from '../pipeline/index.js';
import { createLogger } from '../logger.js';
import { isWorkQueue, queueStats, redrive } from '../queue/redrive.js';
import { createUser, ROLES, signToken, type Role } from '../domain/users/service.js';
import { copyToPostgres, CopyInterrupted, CopyRefused, formatCounts, redactUrl } from '../ops/copyToPostgres.js';
import { BackupNotSupported, takeBackup } from '../ops/backup.js';
import { restoreDatabase, RestoreRefused } from '../ops/restore.js';
import { migrations } from '../db/migrations/index.js';
import { reannounceWaitingJobs } from '../jobs/reannounce.js';

const USAGE = `usage:
  migrate up | down | create <name>
  user create <username> --role admin|reviewer|service   (password: FIELDFEN_PASSWORD or stdin)
  token mint --sub <name> [--role service] [--days 365]
  dlq list
  dlq redrive <queue>
  backup [--out DIR]
  restore FILE [--force]
  copy-to-postgres --to postgres://… [--batch-size 1000]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, sub: { type: 'string' }, days: { type: 'string' }, to: { type: 'string' }, 'batch-size': { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
  });
  const [group, action, arg] = positionals;
  if (group === 'migrate' && action === 'create') {
    if (!arg) fail('migrate create <name>');
    console.log(`created ${await createMigration(arg).catch((err: Error) => fail(err.message))}`);
    return;
  }
  const config = loadConfigOrExit();
  const log = createLogger('cli', 'warn');

  if (group === 'migrate') {
    const db = openDatabase(config.database);
    try {
      const done = action === 'down' ? await migrateDown(db, config.database) : action === 'up' ? await migrateUp(db, config.database) : fail(USAGE);
      console.log(done.length ? done.join('\n') : 'nothing to do');
    } finally {
      await db.destroy();
    }
    return;
  }

  if (group === 'user' && action === 'create') {
    const role = (values.role ?? 'reviewer') as Role;
    if (!arg) fail('user create <username> --role admin|reviewer|service');
    if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    const password = process.env.FIELDFEN_PASSWORD ?? (await readStdin());
    if (password.length < 8) fail('password must be at least 8 characters');
    const db = openDatabase(config.database);
    try {
      await migrateUp(db, config.database);
      const user = await createUser(db, arg, password, role);
      console.log(`created ${user.role} ${user.username}`);
    } finally {
      await db.destroy();
    }
    return;
  }

  if (group === 'token' && action === 'mint') {
    const role = (values.role ?? 'service') as Role;
    if (!values.sub) fail('token mint --sub <name> [--role service] [--days 365]');
    if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
    const days = Number(values.days ?? 365);
    if (!Number.isFinite(days) || days <= 0) fail('--days must be a positive number');
    console.log(await signToken(config.JWT_SECRET, { sub: values.sub, role }, Math.round(days * 86_400)));
    return;
  }

  if (group === 'dlq' && (action === 'list' || action === 'redrive')) {
    // Listing only reads: no migration, no outbox relay. Redrive writes (resets jobs and
    // publishes them through the outbox), so it runs the relay until it is done.
    const readOnly = action === 'list';
    const engine = await createEngine(config, log, { name: 'fieldfen-cli', app: fieldFenPipeline(), migrate: !readOnly, relay: !readOnly });
    try {
      await engine.broker.ready(15_000);
      if (action === 'list') {
        for (const q of await queueStats(engine.broker)) console.log(`${q.name.padEnd(16)} dead letters: ${q.dlq_depth}  (queued ${q.depth}, consumers ${q.consumers})`);
      } else {
        if (!arg || !isWorkQueue(arg)) fail('dlq redrive <queue> (file.ingest, image.process, listing.create, social.publish, system)');
        const n = await redrive(engine, arg);
        console.log(`redriven ${n}`);
      }
    } finally {
      await engine.close();
    }
    return;
  }
  if (group === 'backup' && !action) {
    if (config.database.dialect !== 'sqlite') {
      process.stderr.write(`${new BackupNotSupported().message}\n`);
      process.exit(1);
    }
    const db = openDatabase(config.database);
    try {
      await migrateUp(db, config.database); // the record goes into `backups`
      const result = await takeBackup({ config, db, outDir: values.out, trigger: 'cli' });
      for (const p of result.removedLocal) console.log(`removed ${p} (older than ${config.BACKUP_RETENTION_DAYS} days)`);
      console.log(`${megabytes(result.sizeBytes)} in ${(result.durationMs / 1000).toFixed(1)} s, sha256 ${result.sha256}`);
      console.log(result.path); // the last line: the file written (scripts read it)
    } catch (err) {
      process.stderr.write(`backup failed: ${(err as Error).message}\n`);
      process.exitCode = 1;
    } finally {
      await db.destroy();
    }
    return;
  }

  if (group === 'copy-to-postgres' && !action) {
    // The SQLite database of DATABASE_URL into --to (ops/copyToPostgres.ts). Ctrl-C stops
    // between batches; running the same command again continues.
    if (!values.to) fail('copy-to-postgres --to postgres://user:pass@host:5432/db [--batch-size 1000]');
    const batchSize = Number(values['batch-size'] ?? 1000);
    if (!Number.isInteger(batchSize) || batchSize < 1) fail('--batch-size must be a whole number ≥ 1');
    const abort = new AbortController();
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => abort.abort());
    console.log(`copying ${config.database.dialect === 'sqlite' ? config.database.path : 'DATABASE_URL'} → ${redactUrl(values.to)}`);
    const report = await copyToPostgres({ source: config.database, to: values.to, batchSize, signal: abort.signal, say: (line) => console.log(line) }).catch(
      (err: Error) => fail(err instanceof CopyRefused || err instanceof CopyInterrupted ? err.message : `copy failed: ${err.message}`),
    );
    console.log(`copied ${report.copied} rows${report.resumed ? ' (continuing an interrupted copy)' : ''}\n${formatCounts(report)}`);
    if (report.sourceChanged) console.log('the SQLite database changed during the copy: stop the platform, then copy again into an empty database');
    if (!report.ok) process.exit(1);
    console.log('every table matches: set DATABASE_URL to the PostgreSQL URL and start the platform');
    return;
  }
  if (group === 'restore' && action && !arg) {
    // Verify, refuse a database in use (unless --force), keep the replaced one, write the
    // backup in (ops/restore.ts); then migrate and announce every waiting job again.
    try {
      await restoreDatabase({ config, file: action, force: values.force, knownMigrations: Object.keys(migrations), say: (line) => console.log(line) });
    } catch (err) {
      process.stderr.write(`restore refused: ${(err as Error).message}\n`);
      process.exit(err instanceof RestoreRefused ? 3 : 1);
    }
    const engine = await createEngine(config, log, { name: 'fieldfen-cli', app: fieldFenPipeline() });
    try {
      await engine.broker.ready(15_000).catch(() => console.log('RabbitMQ is not reachable: the announcements wait in the outbox for the platform to publish'));
      const { announced, reset } = await reannounceWaitingJobs(engine);
      console.log(`announced ${announced} waiting jobs again; ${reset} that were running set to retry`);
    } finally {
      await engine.close();
    }
    return;
  }

  fail(USAGE);
}

const megabytes = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`);

await main(process.argv.slice(2));
