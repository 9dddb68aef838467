/**
 * Operations CLI (`npm run cli -- <command>` at the repository root):
 *   migrate up | down | create <name>
 *   user create <username> --role admin|reviewer|service   (password from FIELDFEN_PASSWORD or stdin)
 *   token mint --sub <name> [--role service] [--days 365]   (e.g. for Zapier)
 *   dlq list                      dead-letter depth of each work queue
 *   dlq redrive <queue>           move a queue's dead letters back, resetting their jobs
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

const USAGE = `usage:
  migrate up | down | create <name>
  user create <username> --role admin|reviewer|service   (password: FIELDFEN_PASSWORD or stdin)
  token mint --sub <name> [--role service] [--days 365]
  dlq list
  dlq redrive <queue>`;

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
    options: { role: { type: 'string' }, sub: { type: 'string' }, days: { type: 'string' } },
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
  fail(USAGE);
}

await main(process.argv.slice(2));
