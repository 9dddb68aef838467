/**
 * The dependency-direction check (backend/.dependency-cruiser.cjs) that CI runs as
 * `npm run depcheck --workspace backend`: it passes on the real tree, and a copy of the
 * tree with a wrong-way import planted in it fails, naming the rule and the file.
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BACKEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUN_TIMEOUT_MS = 60_000;

interface Run {
  code: number;
  output: string;
}

/** `npm run depcheck` in `cwd`: the CI's command. Never throws; the exit code and stdout+stderr, colourless. */
function depcheck(cwd: string): Promise<Run> {
  // Not the npm_* variables of an enclosing `npm test`: they would point npm at this workspace.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'depcheck'],
      { cwd, env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        // eslint-disable-next-line no-control-regex
        resolve({ code, output: `${stdout}${stderr}`.replace(/\x1b\[[0-9;]*m/g, '') });
      },
    );
  });
}

/** The node_modules holding dependency-cruiser (hoisted to the repository root by the workspace). */
function nodeModulesWithDepcruise(): string {
  for (let dir = BACKEND; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', '.bin', 'depcruise'))) return path.join(dir, 'node_modules');
    if (path.dirname(dir) === dir) throw new Error('dependency-cruiser is not installed (node_modules/.bin/depcruise)');
  }
}

describe('dependency direction (npm run depcheck)', () => {
  it('passes on the real src', async () => {
    const run = await depcheck(BACKEND);
    expect(run.code, `wrong-way imports in backend/src:\n${run.output}`).toBe(0);
  }, RUN_TIMEOUT_MS + 10_000);

  describe('on a copy of src with wrong-way imports planted', () => {
    let tmp: string;
    let before: Run;
    let after: Run;

    // Each planted import, the rule that must catch it and the violation line it must print.
    const planted = [
      {
        file: 'worker/worker.ts',
        line: "import '../pipeline/index.js';",
        expected: 'error engine-knows-no-product: src/worker/worker.ts → src/pipeline/index.ts',
      },
      {
        file: 'jobs/service.ts',
        line: "import '../integrations/replicate.js';",
        expected: 'error engine-knows-no-product: src/jobs/service.ts → src/integrations/replicate.ts',
      },
      {
        // Type-only imports count too.
        file: 'core/errors.ts',
        line: "import type { Engine as _Engine } from '../engine.js';",
        expected: 'error core-imports-only-core: src/core/errors.ts → src/engine.ts',
      },
    ];

    beforeAll(async () => {
      tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fieldfen-depcheck-'));
      await fs.cp(path.join(BACKEND, 'src'), path.join(tmp, 'src'), { recursive: true });
      for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) {
        await fs.copyFile(path.join(BACKEND, f), path.join(tmp, f));
      }
      // The same installed dependency-cruiser (and typescript, @types/node for the tsconfig).
      await fs.symlink(nodeModulesWithDepcruise(), path.join(tmp, 'node_modules'), 'dir');

      before = await depcheck(tmp);
      for (const p of planted) {
        await fs.appendFile(path.join(tmp, 'src', p.file), `\n${p.line}\n`);
      }
      after = await depcheck(tmp);
    }, 2 * RUN_TIMEOUT_MS + 10_000);

    afterAll(async () => {
      if (tmp) await fs.rm(tmp, { recursive: true, force: true });
    });

    it('exits non-zero', () => {
      expect(after.code, after.output).not.toBe(0);
      expect(after.output).toMatch(/\d+ dependency violations \(\d+ errors?/);
    });

    it.each(planted)('names the rule and the file of $file', ({ expected }) => {
      // Not already there before planting (the real tree may still have violations of its own).
      expect(before.output).not.toContain(expected);
      expect(after.output).toContain(expected);
    });
  });
});
