/**
 * The two Dockerfiles, read as Docker reads them (dockerfile-ast): pinned bases,
 * multi-stage builds, a non-root backend runtime with tini, a node HEALTHCHECK and no
 * compiler or dev dependencies, and every COPY source present in the build context
 * (.dockerignore applied). No Docker engine is needed; scripts/replay-image.mjs (CI)
 * goes further and executes the backend's instructions.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface Stage {
  name: string | null;
  /** The FROM image (an earlier stage's name for `FROM build AS …`). */
  image: string;
  tag: string | null;
  instructions: Instruction[];
}

/** One stage per FROM, each with the instructions that follow it. */
function stagesOf(file: string): Stage[] {
  const stages: Stage[] = [];
  for (const i of DockerfileParser.parse(readFileSync(path.join(REPO, file), 'utf8')).getInstructions()) {
    if (i.getKeyword() === 'FROM') {
      const from = i as unknown as { getImageName(): string; getImageTag(): string | null; getBuildStage(): string | null };
      stages.push({ name: from.getBuildStage(), image: from.getImageName(), tag: from.getImageTag(), instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(i);
    }
  }
  return stages;
}

const keyword = (stage: Stage, k: string) => stage.instructions.filter((i) => i.getKeyword() === k);
/** The text after the keyword, line continuations joined. */
const text = (i: Instruction) => i.getArgumentsContent() ?? '';
/** `--from=x`, `--chown=y`, … of COPY and HEALTHCHECK. */
const flag = (i: Instruction, name: string) => (i as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags().find((f) => f.getName() === name)?.getValue() ?? null;
/** The exec form's words (`["node", "x.js"]`). */
const execForm = (i: Instruction, after = 0): string[] => JSON.parse(text(i).split(/\s+/).slice(after).join(' ')) as string[];
const envOf = (stage: Stage) =>
  Object.fromEntries(keyword(stage, 'ENV').flatMap((e) => (e as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties().map((p) => [p.getName(), p.getValue() ?? ''])));
const argsOf = (stage: Stage) => keyword(stage, 'ARG').map((a) => text(a));
/** COPY sources from the build context (not --from). */
const contextSources = (stage: Stage) =>
  keyword(stage, 'COPY')
    .filter((c) => !flag(c, 'from'))
    .flatMap((c) => c.getArguments().map((a) => a.getValue()).filter((v) => !v.startsWith('--')).slice(0, -1));

/** .dockerignore as Docker applies it: Go-style patterns, `**`, `!` exceptions, last match wins, a parent's exclusion covers its files. */
function dockerignore(): (rel: string) => boolean {
  const rules = readFileSync(path.join(REPO, '.dockerignore'), 'utf8')
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
  return (rel) => {
    const parts = rel.replace(/\/+$/, '').split('/');
    let excluded = false;
    for (let n = 1; n <= parts.length; n++) {
      const p = parts.slice(0, n).join('/');
      for (const r of rules) if (r.re.test(p)) excluded = !r.negate;
    }
    return excluded;
  };
}

const SECRET_NAME = /SECRET|PASSW|PASS$|TOKEN|API_KEY|PRIVATE|CREDENTIAL/i;
/** Credentials in a URL, or a long key-like string. */
const SECRET_VALUE = [/:\/\/[^/\s:@]+:[^@\s]+@/, /^[A-Za-z0-9+/_-]{24,}={0,2}$/];

describe.each([
  { file: 'backend/Dockerfile' },
  { file: 'frontend/Dockerfile' },
])('$file', ({ file }) => {
  const stages = stagesOf(file);
  const names = new Set(stages.map((s) => s.name).filter(Boolean));
  const final = stages.at(-1)!;

  it('pins every base image to a version tag (node:24-bookworm-slim; nginx an explicit version)', () => {
    for (const s of stages.filter((s) => !names.has(s.image))) {
      expect(s.tag, `${s.image} untagged`).toBeTruthy();
      expect(s.tag).not.toBe('latest');
      if (s.image === 'node') expect(`${s.image}:${s.tag}`).toBe('node:24-bookworm-slim');
      else if (s.image === 'nginx') expect(s.tag).toMatch(/^\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$/);
      else throw new Error(`unexpected base image ${s.image}:${s.tag}`);
    }
  });

  it('is multi-stage: named stages, the final one copying its files from earlier stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.name, `stage FROM ${s.image} has no name`).toBeTruthy();
    const froms = keyword(final, 'COPY').map((c) => flag(c, 'from')).filter(Boolean);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) expect(names.has(f!), `COPY --from=${f}`).toBe(true);
  });

  it('puts no secret in ENV or ARG (by name or by value)', () => {
    for (const s of stages) {
      for (const [name, value] of Object.entries(envOf(s))) {
        expect(name, `ENV ${name}`).not.toMatch(SECRET_NAME);
        for (const re of SECRET_VALUE) expect(value, `ENV ${name}`).not.toMatch(re);
      }
      for (const a of argsOf(s)) expect(a, `ARG ${a}`).not.toMatch(SECRET_NAME);
    }
  });

  it('copies only files that exist in the build context and that .dockerignore lets through', () => {
    const ignored = dockerignore();
    for (const src of stages.flatMap(contextSources)) {
      expect(existsSync(path.join(REPO, src)), `COPY ${src}: not in the repository`).toBe(true);
      expect(ignored(src), `COPY ${src}: excluded by .dockerignore`).toBe(false);
    }
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, builds, data and secrets out of the context, and the lockfile in', () => {
    const ignored = dockerignore();
    for (const p of ['node_modules', 'backend/node_modules', 'frontend/dist', 'backend/dist', 'data', 'backend/data/x.db', '.env', '.env.production', '.git', 'x.db-wal'])
      expect(ignored(p), p).toBe(true);
    for (const p of ['package-lock.json', 'backend/src/bin/api.ts', 'frontend/nginx/default.conf.template', '.env.example', 'backend/schema.graphql']) expect(ignored(p), p).toBe(false);
  });
});

describe('backend/Dockerfile runtime stage', () => {
  const stages = stagesOf('backend/Dockerfile');
  const runtime = stages.at(-1)!;
  const byName = new Map(stages.map((s) => [s.name, s]));
  const env = envOf(runtime);

  it('starts from the Node base itself, not from a stage that has the compiler', () => {
    expect(runtime.image).toBe('node');
  });

  it('runs as a non-root USER, set before the HEALTHCHECK and CMD', () => {
    const users = keyword(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = text(users.at(-1)!).split(':')[0];
    expect(['root', '0']).not.toContain(user);
    const at = (k: string) => runtime.instructions.findIndex((i) => i.getKeyword() === k);
    expect(runtime.instructions.indexOf(users.at(-1)!)).toBeLessThan(at('HEALTHCHECK'));
    expect(runtime.instructions.indexOf(users.at(-1)!)).toBeLessThan(at('CMD'));
  });

  it('installs no build tools (python3, make, g++)', () => {
    for (const run of keyword(runtime, 'RUN')) expect(text(run)).not.toMatch(/\b(python3?|make|g\+\+|gcc|build-essential)\b/);
  });

  it('gets its node_modules only from a stage that ran npm ci --omit=dev (no dev dependencies)', () => {
    expect(keyword(runtime, 'RUN').some((r) => /npm (ci|install)/.test(text(r)))).toBe(false);
    const modules = keyword(runtime, 'COPY').filter((c) => /node_modules/.test(text(c)));
    expect(modules.length).toBeGreaterThan(0);
    for (const c of modules) {
      const from = byName.get(flag(c, 'from'));
      expect(from, `COPY ${text(c)} must come --from a stage`).toBeTruthy();
      const runs = keyword(from!, 'RUN').map(text).join(' && ');
      expect(runs).toMatch(/npm ci\b[^&]*--omit=dev/);
      // Built on a stage that installed everything? Then it must clear those modules first.
      const ancestors: Stage[] = [];
      for (let s = byName.get(from!.image); s; s = byName.get(s.image)) ancestors.push(s);
      const fullInstall = ancestors.some((s) => keyword(s, 'RUN').some((r) => /npm (ci|install)\b(?![^&]*--omit=dev)/.test(text(r))));
      if (fullInstall) expect(runs.indexOf('rm -rf node_modules')).toBeGreaterThanOrEqual(0);
      if (fullInstall) expect(runs.indexOf('rm -rf node_modules')).toBeLessThan(runs.indexOf('--omit=dev'));
    }
  });

  it('sets NODE_ENV=production and keeps its data in /app/data (a volume, owned by the user)', () => {
    expect(env.NODE_ENV).toBe('production');
    expect(env.DATA_DIR).toBe('/app/data');
    expect(env.DATABASE_URL).toBe('sqlite:////app/data/fieldfen.db');
    expect(keyword(runtime, 'VOLUME').map(text).join(' ')).toContain('/app/data');
    const user = text(keyword(runtime, 'USER').at(-1)!);
    expect(keyword(runtime, 'RUN').map(text).join(' ')).toMatch(new RegExp(`chown ${user}(:${user})? /app/data`));
    expect(keyword(runtime, 'EXPOSE').map(text)).toContain(env.PORT);
  });

  it('has a HEALTHCHECK run by node (no curl, no python) on the script the build makes', () => {
    const [hc] = keyword(runtime, 'HEALTHCHECK');
    expect(hc).toBeTruthy();
    const cmd = execForm(hc, text(hc).split(/\s+/).indexOf('CMD') + 1);
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).not.toMatch(/curl|wget|python/);
    expect(cmd[1]).toBe('backend/dist/bin/healthcheck.js');
    expect(existsSync(path.join(REPO, 'backend/src/bin/healthcheck.ts'))).toBe(true);
    expect(flag(hc, 'start-period')).toBeTruthy();
  });

  it('runs tini as PID 1 (ENTRYPOINT), installed in this stage', () => {
    const [entry] = keyword(runtime, 'ENTRYPOINT');
    expect(execForm(entry)).toEqual(['/usr/bin/tini', '--']);
    expect(keyword(runtime, 'RUN').map(text).join(' ')).toMatch(/apt-get install[^&]*\btini\b/);
  });

  it('chooses the role by command: the API by default; the worker and the one-box supervisor exist and the healthcheck knows all three', () => {
    const cmd = execForm(keyword(runtime, 'CMD').at(-1)!);
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('backend/dist/bin/api.js');
    const healthcheck = readFileSync(path.join(REPO, 'backend/src/bin/healthcheck.ts'), 'utf8');
    for (const role of ['api', 'worker', 'start']) {
      expect(existsSync(path.join(REPO, `backend/src/bin/${role}.ts`)), role).toBe(true);
      expect(healthcheck).toMatch(new RegExp(`bin\\\\/\\([^)]*\\b${role}\\b`));
    }
  });
});

describe('frontend/Dockerfile runtime stage', () => {
  const runtime = stagesOf('frontend/Dockerfile').at(-1)!;
  const template = readFileSync(path.join(REPO, 'frontend/nginx/default.conf.template'), 'utf8');

  it('is the official nginx image with the template in its templates directory', () => {
    expect(runtime.image).toBe('nginx');
    expect(keyword(runtime, 'COPY').map(text)).toContain('frontend/nginx/default.conf.template /etc/nginx/templates/default.conf.template');
    expect(envOf(runtime).API_UPSTREAM).toMatch(/^[\w.-]+:\d+$/);
  });

  /**
   * No USER: the nginx image's master process starts as root only to bind port 80 and
   * to fill the template into /etc/nginx/conf.d at start; every request is handled by
   * its worker processes, which run as the unprivileged `nginx` user (`user nginx;` in
   * the image's nginx.conf). Switching USER would break both without making the
   * request-handling processes any less privileged.
   */
  it("relies on the nginx image's master/worker model instead of a USER (and never sets root explicitly)", () => {
    for (const u of keyword(runtime, 'USER')) expect(['root', '0']).not.toContain(text(u).split(':')[0]);
    expect(keyword(runtime, 'RUN')).toHaveLength(0); // nothing changes the image's users or permissions
  });

  it("has a HEALTHCHECK on the template's /nginx-health", () => {
    const [hc] = keyword(runtime, 'HEALTHCHECK');
    expect(text(hc)).toContain('/nginx-health');
    expect(template).toMatch(/location = \/nginx-health/);
  });

  it('publishes the port nginx listens on', () => {
    expect(keyword(runtime, 'EXPOSE').map(text)).toEqual([/listen (\d+)/.exec(template)![1]]);
  });
});
