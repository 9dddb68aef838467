/**
 * The cloud files, checked without the platforms' CLIs (`fly config validate` and
 * `render blueprints validate` need the network): the keys each platform requires, and
 * the topology rules the platform's storage imposes — a Fly volume and a Render disk
 * attach to ONE machine, so SQLite lives in one process group on one machine (fly.toml)
 * and everything scaled out runs on PostgreSQL (fly.scaled.toml, render.yaml).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../src/config/index.js';
import { stopBudgetMs, WORKER_HANDBACK_SECONDS } from '../../src/bin/stopBudget.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (f: string) => readFileSync(path.join(REPO, f), 'utf8');
/** What the configuration reads, plus NODE_ENV (read by Node and libraries). */
const KNOWN_ENV = new Set([...Object.keys(envSchema.shape), 'NODE_ENV']);


/** `node … backend/dist/bin/x.js …` → backend/src/bin/x.ts, which must exist. */
function entryPointOf(command: string): string {
  const script = /backend\/dist\/(\S+)\.js/.exec(command)?.[1];
  expect(script, `no backend/dist script in "${command}"`).toBeTruthy();
  const source = `backend/src/${script}.ts`;
  expect(existsSync(path.join(REPO, source)), source).toBe(true);
  return source;
}

// ---- Fly.io -----------------------------------------------------------------------
interface FlyCheck {
  type?: string;
  port?: number;
  path?: string;
  processes?: string[];
}
interface Fly {
  app: string;
  primary_region: string;
  kill_signal?: string;
  kill_timeout?: number;
  build: { dockerfile?: string; image?: string };
  deploy?: { release_command?: string };
  env?: Record<string, string>;
  processes?: Record<string, string>;
  mounts?: { source: string; destination: string; processes?: string[] }[];
  http_service?: { internal_port: number; processes?: string[]; auto_stop_machines?: string; checks?: FlyCheck[] };
  services?: { internal_port: number; processes?: string[]; ports?: unknown[] }[];
  checks?: Record<string, FlyCheck>;
}
const fly = (f: string) => parseToml(read(f)) as unknown as Fly;
const FLY = { 'fly.toml': fly('fly.toml'), 'fly.scaled.toml': fly('fly.scaled.toml'), 'fly.rabbitmq.toml': fly('fly.rabbitmq.toml') };
/** Without [processes] an app has one group, "app". */
const groupsOf = (f: Fly) => Object.keys(f.processes ?? { app: '' });
const sqlite = (url?: string) => url !== undefined && !/^postgres(ql)?:\/\//.test(url);

describe.each(Object.entries(FLY))('%s', (_file, f) => {
  const groups = groupsOf(f);

  it('has the keys Fly requires: app, primary_region, and build.dockerfile (present) or build.image', () => {
    expect(f.app).toMatch(/^[a-z0-9-]+$/);
    expect(f.primary_region).toMatch(/^[a-z]{3}$/);
    expect(Boolean(f.build?.dockerfile) !== Boolean(f.build?.image)).toBe(true);
    if (f.build.dockerfile) expect(existsSync(path.join(REPO, f.build.dockerfile))).toBe(true);
  });

  it('names only process groups that exist (http_service, services, checks, mounts) and runs commands that exist', () => {
    const named = [f.http_service?.processes, ...(f.services ?? []).map((s) => s.processes), ...Object.values(f.checks ?? {}).map((c) => c.processes), ...(f.mounts ?? []).map((m) => m.processes)];
    for (const p of named.flat().filter(Boolean)) expect(groups, `process group ${p}`).toContain(p);
    for (const command of Object.values(f.processes ?? {})) entryPointOf(command);
  });

  it('serves HTTP on the port the app listens on, every [[services]] with a port, and health checks on /health/live', () => {
    if (f.http_service) {
      expect(f.http_service.internal_port).toBe(Number(f.env?.PORT ?? 8000));
      expect(f.http_service.checks?.map((c) => c.path)).toEqual(['/health/live']);
    }
    // Fly: "At least one services.ports entry is required for each services section".
    for (const s of f.services ?? []) expect(s.ports?.length, `[[services]] on ${s.internal_port} has no ports`).toBeGreaterThan(0);
    for (const [name, c] of Object.entries(f.checks ?? {})) {
      expect(c.port, name).toBeTruthy();
      expect(['http', 'tcp'], name).toContain(c.type);
      if (c.type === 'http') expect(c.path, name).toBe('/health/live');
    }
  });

  it('never mounts one volume into two process groups (a volume attaches to one Machine)', () => {
    const users = new Map<string, Set<string>>();
    for (const m of f.mounts ?? []) for (const g of m.processes ?? groups) users.set(m.source, new Set([...(users.get(m.source) ?? []), g]));
    for (const [source, by] of users) expect([...by], source).toHaveLength(1);
  });

  it('stops with SIGTERM (graceful in every role)', () => {
    expect(f.kill_signal).toBe('SIGTERM');
  });
});

describe('fly.toml and fly.scaled.toml (the platform)', () => {
  it.each(['fly.toml', 'fly.scaled.toml'] as const)('%s sets only variables the configuration reads, and RABBITMQ_URL reaches fly.rabbitmq.toml’s app', (file) => {
    const env = FLY[file].env ?? {};
    expect(Object.keys(env).filter((k) => !KNOWN_ENV.has(k))).toEqual([]);
    expect(new URL(env.RABBITMQ_URL).hostname).toBe(`${FLY['fly.rabbitmq.toml'].app}.internal`);
    expect(() => loadConfig({ ...env, JWT_SECRET: 'x'.repeat(40), DEMO_MODE: 'false' })).not.toThrow();
  });

  it('fly.toml gives the one-box supervisor its whole stop time (kill_timeout > bin/stopBudget.ts: grace + hand-back + API drain)', () => {
    const f = FLY['fly.toml'];
    expect(f.kill_timeout! * 1000).toBeGreaterThan(stopBudgetMs(Number(f.env?.SHUTDOWN_GRACE_SECONDS ?? 10)));
  });

  it('fly.scaled.toml gives a stopping worker its grace period and the hand-back time (kill_timeout > SHUTDOWN_GRACE_SECONDS + hand-back)', () => {
    const f = FLY['fly.scaled.toml'];
    expect(f.kill_timeout).toBeGreaterThan(Number(f.env?.SHUTDOWN_GRACE_SECONDS ?? 10) + WORKER_HANDBACK_SECONDS);
  });
});

describe('fly.toml: one box on SQLite', () => {
  const f = FLY['fly.toml'];

  it('keeps SQLite on the volume of a single process group running both roles (the supervisor)', () => {
    expect(sqlite(f.env?.DATABASE_URL)).toBe(true);
    expect(Object.keys(f.processes ?? {})).toHaveLength(1);
    expect(entryPointOf(Object.values(f.processes!)[0])).toBe('backend/src/bin/start.ts');
    const dbFile = f.env!.DATABASE_URL.replace(/^sqlite:\/\/\//, '');
    expect(f.mounts?.some((m) => dbFile.startsWith(`${m.destination}/`))).toBe(true);
    expect(f.env?.DATA_DIR).toBe(f.mounts?.[0].destination);
  });

  it('has no release_command (its temporary Machine has no volume) and never auto-stops the Machine its worker lives on', () => {
    expect(f.deploy?.release_command).toBeUndefined();
    expect(f.http_service?.auto_stop_machines).toBe('off');
  });
});

describe('fly.scaled.toml: scaled out on PostgreSQL', () => {
  const f = FLY['fly.scaled.toml'];

  it('sets no SQLite DATABASE_URL (PostgreSQL comes as a secret) and mounts nothing', () => {
    expect(sqlite(f.env?.DATABASE_URL)).toBe(false);
    expect(f.mounts ?? []).toEqual([]);
  });

  it('migrates in the release command, with the CLI the image has', () => {
    expect(f.deploy?.release_command).toMatch(/migrate up$/);
    expect(entryPointOf(f.deploy!.release_command!)).toBe('backend/src/cli/main.ts');
  });

  it('runs api and worker groups: HTTP on the api, the worker checked on its metrics port (bound beyond loopback)', () => {
    expect(entryPointOf(f.processes!.api)).toBe('backend/src/bin/api.ts');
    expect(entryPointOf(f.processes!.worker)).toBe('backend/src/bin/worker.ts');
    expect(f.http_service?.processes).toEqual(['api']);
    const workerChecks = Object.values(f.checks ?? {}).filter((c) => c.processes?.includes('worker'));
    expect(workerChecks.map((c) => c.port)).toEqual([Number(f.env?.WORKER_METRICS_PORT)]);
    expect(f.env?.WORKER_METRICS_HOST).toBe('0.0.0.0');
  });
});

describe('fly.rabbitmq.toml', () => {
  const f = FLY['fly.rabbitmq.toml'];
  it('runs RabbitMQ 4.3 with a pinned node name, its data on a volume, checked on AMQP', () => {
    expect(f.build.image).toMatch(/^rabbitmq:4\.3(-|$)/);
    expect(f.env?.RABBITMQ_NODENAME).toMatch(/^rabbit@/);
    expect(f.mounts?.map((m) => m.destination)).toEqual(['/var/lib/rabbitmq']);
    expect(Object.values(f.checks ?? {}).map((c) => [c.type, c.port])).toEqual([['tcp', 5672]]);
  });
});

// ---- Render ------------------------------------------------------------------------
interface RenderEnvVar {
  key?: string;
  value?: string;
  sync?: boolean;
  generateValue?: boolean;
  fromGroup?: string;
  fromDatabase?: { name: string; property: string };
  fromService?: { type: string; name: string; property: string };
}
interface RenderService {
  type: string;
  name: string;
  runtime: string;
  env?: string;
  dockerfilePath?: string;
  dockerContext?: string;
  dockerCommand?: string;
  preDeployCommand?: string;
  healthCheckPath?: string;
  image?: { url: string };
  disk?: { mountPath: string };
  envVars?: RenderEnvVar[];
}
const render = parseYaml(read('render.yaml')) as { services: RenderService[]; databases?: { name: string }[]; envVarGroups?: { name: string; envVars: RenderEnvVar[] }[] };
const ours = render.services.filter((s) => s.runtime === 'docker');
const rabbit = render.services.find((s) => s.type === 'pserv' && s.image?.url.includes('rabbitmq'))!;
/** A service's variables, its groups' included. */
const varsOf = (s: RenderService) => (s.envVars ?? []).flatMap((v) => (v.fromGroup ? (render.envVarGroups?.find((g) => g.name === v.fromGroup)?.envVars ?? []) : [v]));

describe('render.yaml', () => {
  it('gives every service type, name and runtime, never the deprecated env: docker', () => {
    for (const s of render.services) {
      expect(s.type && s.name && s.runtime, JSON.stringify(s)).toBeTruthy();
      expect(s).not.toHaveProperty('env');
    }
  });

  it('builds ours from backend/Dockerfile (runtime docker, dockerfilePath present, the repository as context), each role a command that exists', () => {
    expect(ours.map((s) => s.type).sort()).toEqual(['web', 'worker']);
    for (const s of ours) {
      expect(existsSync(path.join(REPO, s.dockerfilePath!)), s.name).toBe(true);
      expect(path.resolve(REPO, s.dockerContext!)).toBe(REPO);
    }
    expect(entryPointOf(ours.find((s) => s.type === 'web')!.dockerCommand!)).toBe('backend/src/bin/api.ts');
    expect(entryPointOf(ours.find((s) => s.type === 'worker')!.dockerCommand!)).toBe('backend/src/bin/worker.ts');
  });

  it('checks the web service on /health/live and migrates before each deploy', () => {
    const web = ours.find((s) => s.type === 'web')!;
    expect(web.healthCheckPath).toBe('/health/live');
    expect(web.preDeployCommand).toMatch(/migrate up$/);
    expect(entryPointOf(web.preDeployCommand!)).toBe('backend/src/cli/main.ts');
  });

  it('runs RabbitMQ 4.3 as a private service from its image, with a pinned node name, on the only disk', () => {
    expect(rabbit.runtime).toBe('image');
    expect(rabbit.image!.url).toMatch(/rabbitmq:4\.3(-|$)/);
    expect(varsOf(rabbit).find((v) => v.key === 'RABBITMQ_NODENAME')?.value).toMatch(/^rabbit@/);
    expect(render.services.filter((s) => s.disk).map((s) => s.name)).toEqual([rabbit.name]);
  });

  it('puts the platform on PostgreSQL from databases: (no SQLite anywhere)', () => {
    expect(render.databases?.length).toBeGreaterThan(0);
    for (const s of ours) {
      const db = varsOf(s).find((v) => v.key === 'DATABASE_URL');
      expect(db?.fromDatabase, s.name).toMatchObject({ property: 'connectionString' });
      expect(render.databases!.map((d) => d.name)).toContain(db!.fromDatabase!.name);
    }
    const values = render.services.flatMap(varsOf).map((v) => v.value ?? '');
    expect(values.filter((v) => /sqlite/i.test(v))).toEqual([]);
  });

  it('builds RABBITMQ_URL from the pserv’s hostport (RABBITMQ_HOSTPORT + RABBITMQ_USER/PASS) and sets only variables the configuration reads', () => {
    for (const s of ours) {
      const vars = varsOf(s);
      expect(vars.map((v) => v.key).filter((k) => !KNOWN_ENV.has(k!)), s.name).toEqual([]);
      expect(vars.find((v) => v.key === 'RABBITMQ_URL'), `${s.name}: a RABBITMQ_URL would win over the hostport`).toBeUndefined();
      expect(vars.find((v) => v.key === 'RABBITMQ_HOSTPORT')?.fromService).toEqual({ type: 'pserv', name: rabbit.name, property: 'hostport' });
      expect(vars.find((v) => v.key === 'RABBITMQ_USER')?.value).toBe(varsOf(rabbit).find((v) => v.key === 'RABBITMQ_DEFAULT_USER')?.value);
      expect(vars.find((v) => v.key === 'RABBITMQ_PASS')?.sync).toBe(false);
      expect(vars.find((v) => v.key === 'JWT_SECRET')?.generateValue).toBe(true);
    }
    // What the configuration makes of them (Render's hostport is `name-xxxx:5672`).
    const config = loadConfig({ RABBITMQ_HOSTPORT: 'fieldfen-rabbitmq-a1b2:5672', RABBITMQ_USER: 'fieldfen', RABBITMQ_PASS: 's3cret', JWT_SECRET: 'x'.repeat(40), DEMO_MODE: 'false' });
    expect(config.rabbitmqUrl).toBe('amqp://fieldfen:s3cret@fieldfen-rabbitmq-a1b2:5672/');
  });
});
