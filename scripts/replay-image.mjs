#!/usr/bin/env node
/**
 * The backend image replayed without Docker (CI, after the tests; not part of npm test):
 * backend/Dockerfile parsed with dockerfile-ast and its instructions executed, stage by
 * stage, in a clean temporary directory — then the runtime stage's three roles started
 * from what that produced and each asked the image's own HEALTHCHECK.
 *
 *   node scripts/replay-image.mjs        (KEEP_REPLAY=1 keeps the temporary tree)
 *
 * How each instruction is replayed:
 *   FROM <image>     a new, empty stage folder <tmp>/<stage>/ (its "/"); FROM <stage> starts
 *                    from a copy of that stage's folder and ENV
 *   WORKDIR          a folder under the stage's folder
 *   COPY             from the build context (the repository root; .dockerignore honoured) or,
 *                    with --from=<stage>, from that stage's folder; --chown maps to this user
 *   ENV / ARG        the environment of later RUNs and of the started processes
 *   RUN              bash -c in the stage's workdir, absolute paths under a WORKDIR mapped into
 *                    the stage's folder and `chown <image user>` mapped to this user; lines with
 *                    apt-get are SKIPPED (they need the image's root filesystem) and said so
 *   USER             noted; everything runs as the current user
 * Then from the runtime stage: the API (the image's CMD), the worker and the one-box
 * supervisor, each with the image's ENV plus a temporary DATABASE_URL, a unique
 * RABBITMQ_QUEUE_PREFIX, JWT_SECRET, free PORT and WORKER_METRICS_PORT (and DEMO_MODE=false:
 * no integration credentials here); each must pass the HEALTHCHECK command (exit 0) and stop
 * cleanly on SIGTERM. When this user may, each role runs in its own PID namespace (as in a
 * container): the healthcheck finds its roles in /proc, and this machine's other Field & Fen
 * processes must not count. Exit code non-zero on any failure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DockerfileParser } from 'dockerfile-ast';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCKERFILE = 'backend/Dockerfile';
const t0 = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const log = (...a) => console.log('[replay]', ...a);
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.error(`[replay] FAIL ${what}`);
};

// ---- the Dockerfile ----------------------------------------------------------------
const dockerfile = DockerfileParser.parse(readFileSync(path.join(REPO, DOCKERFILE), 'utf8'));
const stages = [];
for (const i of dockerfile.getInstructions()) {
  if (i.getKeyword() === 'FROM') stages.push({ name: i.getBuildStage() ?? `stage${stages.length}`, image: i.getImage(), from: i.getImageName(), instructions: [] });
  else stages.at(-1).instructions.push(i);
}
const text = (i) => i.getArgumentsContent() ?? '';
const flags = (i) => Object.fromEntries((i.getFlags?.() ?? []).map((f) => [f.getName(), f.getValue()]));
const words = (i) => i.getArguments().map((a) => a.getValue());
/** The exec form `["a", "b"]` after the first `skip` words (HEALTHCHECK … CMD). */
const execForm = (i, skip = 0) => JSON.parse(text(i).split(/\s+/).slice(skip).join(' '));
const workdirs = [...new Set(stages.flatMap((s) => s.instructions.filter((i) => i.getKeyword() === 'WORKDIR').map((i) => text(i))))].filter((d) => d.startsWith('/'));
const imageUsers = [...new Set(stages.flatMap((s) => s.instructions.flatMap((i) => [i.getKeyword() === 'USER' ? text(i) : null, flags(i).chown ?? null])).filter(Boolean).flatMap((u) => u.split(':')))];
const me = `${process.getuid()}:${process.getgid()}`;

// ---- .dockerignore (Docker's rules: Go patterns, **, ! exceptions, last match wins) ---
const ignoreRules = readFileSync(path.join(REPO, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const negate = l.startsWith('!');
    const pattern = path.posix.normalize(l.replace(/^!/, '').replace(/^\/+/, '')).replace(/\/+$/, '');
    const re = pattern
      .split('/')
      .map((seg) => (seg === '**' ? '(?:.*)' : seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
      .join('/')
      .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
    return { negate, re: new RegExp(`^${re}$`) };
  });
function ignored(rel) {
  const parts = rel.split('/');
  let excluded = false;
  for (let n = 1; n <= parts.length; n++) {
    const p = parts.slice(0, n).join('/');
    for (const r of ignoreRules) if (r.re.test(p)) excluded = !r.negate;
  }
  return excluded;
}

// ---- the replay ----------------------------------------------------------------------
const tmp = mkdtempSync(path.join(os.tmpdir(), 'ff-replay-'));
log(`${DOCKERFILE}: ${stages.length} stages (${stages.map((s) => s.name).join(' → ')}) in ${tmp}`);
log(`node ${process.version} here (the image: ${stages.find((s) => s.from === 'node')?.image}); running as uid ${me}`);

/** A clean environment: nothing of this shell's configuration (DATABASE_URL, JWT_SECRET…) leaks in. */
const PASS_THROUGH = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const cleanEnv = () => Object.fromEntries(PASS_THROUGH.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));

const state = new Map(); // stage name → { root, workdir, env, user }
/** An absolute path inside a stage. */
const inStage = (st, p) => path.join(st.root, p);
/** Absolute paths under a WORKDIR (e.g. /app/data) → inside the stage's folder. */
function mapPaths(st, s) {
  let out = s;
  for (const d of workdirs) out = out.replace(new RegExp(`(^|[\\s=:"'])${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[/\\s"']|$)`, 'g'), `$1${inStage(st, d)}`);
  return out;
}
function mapUsers(s) {
  let out = s;
  for (const u of imageUsers) out = out.replace(new RegExp(`\\bchown\\s+(-R\\s+)?${u}(:${u})?(?=\\s)`, 'g'), `chown $1${me}`);
  return out;
}

function copy(st, instruction) {
  const f = flags(instruction);
  const args = words(instruction).filter((w) => !w.startsWith('--'));
  const dest = args.pop();
  const sources = args;
  if (sources.some((s) => /[*?[]/.test(s))) throw new Error(`COPY with wildcards is not replayed: ${text(instruction)}`);
  const target = dest.startsWith('/') ? inStage(st, dest) : path.join(st.workdir, dest);
  const intoDir = dest.endsWith('/') || sources.length > 1;
  for (const src of sources) {
    let from;
    let filter;
    if (f.from) {
      const other = state.get(f.from);
      if (!other) throw new Error(`COPY --from=${f.from}: no such stage`);
      from = src.startsWith('/') ? inStage(other, src) : path.join(other.workdir, src);
    } else {
      from = path.join(REPO, src);
      if (ignored(path.relative(REPO, from))) throw new Error(`COPY ${src}: excluded by .dockerignore`);
      filter = (p) => p === from || !ignored(path.relative(REPO, p));
    }
    if (!existsSync(from)) throw new Error(`COPY ${src}: not found (${from})`);
    const isDir = statSync(from).isDirectory();
    // A directory's contents go into the destination; a file goes into it when it is a directory.
    const to = isDir ? target : intoDir || (existsSync(target) && statSync(target).isDirectory()) ? path.join(target, path.basename(from)) : target;
    mkdirSync(isDir ? to : path.dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter });
  }
}

function run(st, instruction) {
  const original = text(instruction);
  if (/\bapt-get\b/.test(original)) {
    log(`  RUN SKIPPED (apt-get needs the image's root filesystem): ${original}`);
    return;
  }
  const command = mapUsers(mapPaths(st, original));
  log(`  RUN ${original}${command !== original ? `\n        as: ${command}` : ''}`);
  const started = performance.now();
  const r = spawnSync('bash', ['-c', command], { cwd: st.workdir, env: { ...cleanEnv(), ...st.env }, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`RUN failed (exit ${r.status}): ${original}`);
  log(`      done in ${seconds(started)}`);
}

const image = { healthcheck: null, entrypoint: null, cmd: null, user: null, expose: [], volumes: [] };
try {
  for (const stage of stages) {
    const started = performance.now();
    const parent = state.get(stage.from);
    const st = { root: path.join(tmp, stage.name), workdir: null, env: {}, user: 'root' };
    if (parent) {
      log(`FROM ${stage.from} AS ${stage.name}: a copy of stage ${stage.from}`);
      spawnSync('cp', ['-a', parent.root, st.root], { stdio: 'inherit' });
      Object.assign(st, { workdir: parent.workdir.replace(parent.root, st.root), env: { ...parent.env }, user: parent.user });
    } else {
      log(`FROM ${stage.image} AS ${stage.name}: an empty folder (the base image's files are not replayed)`);
      mkdirSync(st.root, { recursive: true });
      st.workdir = st.root;
    }
    state.set(stage.name, st);
    for (const i of stage.instructions) {
      const k = i.getKeyword();
      if (k === 'WORKDIR') {
        st.workdir = text(i).startsWith('/') ? inStage(st, text(i)) : path.join(st.workdir, text(i));
        mkdirSync(st.workdir, { recursive: true });
      } else if (k === 'ENV' || k === 'ARG') {
        const properties = k === 'ENV' ? i.getProperties() : [i.getProperty()].filter(Boolean);
        for (const p of properties) if (p.getValue() !== null || k === 'ENV') st.env[p.getName()] = mapPaths(st, p.getValue() ?? '');
        if (k === 'ENV') log(`  ENV ${text(i)}`);
      } else if (k === 'COPY') {
        copy(st, i);
        log(`  COPY ${text(i)}`);
      } else if (k === 'RUN') {
        run(st, i);
      } else if (k === 'USER') {
        st.user = text(i);
        log(`  USER ${st.user} noted (everything runs as uid ${me} here)`);
      } else if (k === 'VOLUME') {
        for (const v of JSON.parse(text(i))) mkdirSync(inStage(st, v), { recursive: true });
        image.volumes = JSON.parse(text(i));
      } else if (k === 'EXPOSE') image.expose = words(i);
      else if (k === 'HEALTHCHECK') image.healthcheck = execForm(i, words(i).indexOf('CMD') + 1);
      else if (k === 'ENTRYPOINT') image.entrypoint = execForm(i);
      else if (k === 'CMD') image.cmd = execForm(i);
      else log(`  ${k} ${text(i)} (not replayed)`);
    }
    log(`stage ${stage.name} done in ${seconds(started)}`);
  }
} catch (err) {
  fail(err.message);
}

// ---- the runtime stage ------------------------------------------------------------------
const runtime = state.get(stages.at(-1).name);
const app = runtime?.workdir;

function du(p) {
  if (!existsSync(p)) return 0;
  const r = spawnSync('du', ['-sk', p], { encoding: 'utf8' });
  return Number(r.stdout.split(/\s/)[0]) * 1024;
}
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function checkRuntimeFiles() {
  const parts = { node_modules: du(path.join(app, 'node_modules')) + du(path.join(app, 'backend/node_modules')), 'backend/dist': du(path.join(app, 'backend/dist')), 'frontend/dist': du(path.join(app, 'frontend/dist')) };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  log(`runtime file set: ${mb(total)} (${Object.entries(parts).map(([k, v]) => `${k} ${mb(v)}`).join(', ')})`);
  // Exactly the production dependency tree of the workspace the image installs: nothing a
  // dev dependency brought (npm's --omit=dev goes by the lockfile's flags, not by edges).
  const source = stages.at(-1).instructions.find((i) => i.getKeyword() === 'COPY' && /node_modules/.test(text(i)) && flags(i).from);
  const depsStage = state.get(flags(source).from);
  const installRun = stages.find((s) => s.name === flags(source).from).instructions.map(text).find((t) => /--omit=dev/.test(t)) ?? '';
  const workspace = /--workspace[= ](\S+)/.exec(installRun)?.[1];
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable', ...(workspace ? ['--workspace', workspace] : [])], { cwd: depsStage.workdir, encoding: 'utf8', env: cleanEnv() });
  const needed = new Set(ls.stdout.trim().split('\n').map((p) => path.relative(depsStage.workdir, p)));
  const installed = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (n.startsWith('.')) continue;
      if (n.startsWith('@')) walk(p);
      else if (existsSync(path.join(p, 'package.json'))) {
        installed.push(path.relative(app, p));
        walk(path.join(p, 'node_modules'));
      }
    }
  };
  walk(path.join(app, 'node_modules'));
  walk(path.join(app, 'backend/node_modules'));
  const lock = JSON.parse(readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')).packages;
  const extra = installed.filter((p) => !needed.has(p));
  const dev = installed.filter((p) => lock[p]?.dev);
  if (needed.size < 10) fail(`npm ls found no production tree in stage ${depsStage.root} (${ls.stderr.trim().slice(0, 200)})`);
  else if (extra.length || dev.length) fail(`the runtime's node_modules hold more than ${workspace ?? 'the'} production dependencies: ${[...new Set([...extra, ...dev])].join(', ')}`);
  else log(`runtime node_modules: ${installed.length} packages, exactly the production dependency tree of ${workspace ?? 'the root'} (npm ls --omit=dev), none marked dev in the lockfile`);
  for (const f of ['backend/dist/bin/api.js', 'backend/dist/bin/worker.js', 'backend/dist/bin/start.js', 'backend/dist/bin/healthcheck.js', 'frontend/dist/index.html']) {
    if (!existsSync(path.join(app, f))) fail(`the runtime has no ${f}`);
  }
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const isolated = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;
const prefixes = [];

/** Start one role from the runtime folder, wait for the HEALTHCHECK to pass, stop it by its pid. */
async function role(name, command) {
  const started = performance.now();
  const port = await freePort();
  const metricsPort = await freePort();
  const prefix = `replay${randomBytes(3).toString('hex')}-${name}.`;
  prefixes.push(prefix);
  const env = {
    ...cleanEnv(),
    ...runtime.env,
    DATABASE_URL: `sqlite:///${path.join(app, 'data', `replay-${name}.db`)}`,
    RABBITMQ_QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PORT: String(port),
    WORKER_METRICS_PORT: String(metricsPort),
    DEMO_MODE: 'false',
    ...(process.env.TEST_RABBITMQ_URL ? { RABBITMQ_URL: process.env.TEST_RABBITMQ_URL } : {}),
  };
  const logFile = path.join(tmp, `${name}.log`);
  const out = [];
  const child = isolated
    ? spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', '--', ...command], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command[0], command.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => out.push(d));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let gone = null;
  void exited.then((e) => (gone = e));
  // The process itself: in a namespace, the child of `unshare` (PID 1 inside).
  let pid = child.pid;
  if (isolated) {
    for (let i = 0; i < 100; i++) {
      const kids = existsSync(`/proc/${child.pid}/task/${child.pid}/children`) ? readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim() : '';
      if (kids) {
        pid = Number(kids.split(/\s+/)[0]);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const healthcheck = () =>
    isolated
      ? spawnSync('nsenter', ['-t', String(pid), '-p', '-m', `--wd=${app}`, '--', ...image.healthcheck], { cwd: app, env, encoding: 'utf8' })
      : spawnSync(image.healthcheck[0], image.healthcheck.slice(1), { cwd: app, env, encoding: 'utf8' });
  let healthy = null;
  let last = null;
  const deadline = Date.now() + 90_000;
  while (!gone && Date.now() < deadline) {
    last = healthcheck();
    if (last.status === 0) {
      healthy = performance.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (healthy) log(`${name}: \`${command.join(' ')}\` healthy after ${seconds(started)} (HEALTHCHECK \`${image.healthcheck.join(' ')}\` exit 0, PORT ${port}, WORKER_METRICS_PORT ${metricsPort})`);
  else fail(`${name}: the HEALTHCHECK never passed${gone ? ` (the process exited: ${JSON.stringify(gone)})` : ''}; last: ${last?.stderr?.trim() || last?.error?.message || 'none'}`);
  if (!gone) {
    const stopping = performance.now();
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const e = await exited;
    clearTimeout(timer);
    if (e.code === 0) log(`${name}: stopped by SIGTERM to pid ${pid} in ${seconds(stopping)}, exit 0`);
    else fail(`${name}: did not stop cleanly on SIGTERM: ${JSON.stringify(e)}`);
  }
  writeFileSync(logFile, Buffer.concat(out));
  if (!healthy) console.error(Buffer.concat(out).toString('utf8').split('\n').slice(-30).join('\n'));
}

/** The replay's queues and exchanges off the shared broker (with the runtime's own code). */
async function cleanupBroker() {
  const { topology, WORK_QUEUES } = await import(pathToFileURL(path.join(app, 'backend/dist/queue/topology.js')).href);
  const { Connection } = await import(pathToFileURL(createRequire(path.join(app, 'package.json')).resolve('rabbitmq-client')).href);
  const rabbit = new Connection({ url: process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672/', connectionTimeout: 3000 });
  try {
    for (const prefix of prefixes) {
      const t = topology(prefix);
      for (const q of WORK_QUEUES) {
        await rabbit.queueDelete({ queue: t.queue(q) }).catch(() => {});
        await rabbit.queueDelete({ queue: t.dlq(q) }).catch(() => {});
      }
      await rabbit.exchangeDelete({ exchange: t.eventsExchange }).catch(() => {});
      await rabbit.exchangeDelete({ exchange: t.deadLetterExchange }).catch(() => {});
    }
  } finally {
    await rabbit.close();
  }
}

if (failures.length === 0) {
  log(`build replayed in ${seconds(t0)}`);
  checkRuntimeFiles();
  if (!image.healthcheck || !image.cmd) fail('the final stage has no HEALTHCHECK or CMD');
  else {
    log(`ENTRYPOINT ${JSON.stringify(image.entrypoint)} not replayed (tini came from apt-get); ${isolated ? 'each role is PID 1 of its own PID namespace, as in a container' : 'no PID namespace available: the healthcheck sees every process of this machine'}`);
    await role('api', image.cmd);
    await role('worker', ['node', 'backend/dist/bin/worker.js']);
    await role('supervisor', ['node', 'backend/dist/bin/start.js']);
    await cleanupBroker().catch((err) => log(`broker cleanup: ${err.message}`));
  }
}

if (process.env.KEEP_REPLAY) log(`kept ${tmp}`);
else rmSync(tmp, { recursive: true, force: true });
log(`${failures.length ? `FAILED (${failures.length})` : 'OK'} in ${seconds(t0)}`);
process.exit(failures.length ? 1 : 0);
