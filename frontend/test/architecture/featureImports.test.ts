/**
 * Feature folders stay independent (STYLE.md habit 12): a file under src/features/A may
 * import from app/, lib/, components/ and its own folder, never from src/features/B.
 * What two features share moves to components/ or lib/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../src');
const FEATURES = path.join(SRC, 'features');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|jsx?)$/.test(name) ? [p] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]);
  return out;
}

/** The feature a path belongs to (null: not in a feature). */
const featureOf = (root: string, file: string): string | null => {
  const rel = path.relative(root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep)[0];
};

export function crossFeatureImports(root = FEATURES): string[] {
  const wrong: string[] = [];
  for (const file of files(root)) {
    const own = featureOf(root, file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue; // packages
      const target = path.resolve(path.dirname(file), spec);
      const other = featureOf(root, target);
      if (other !== null && other !== own) wrong.push(`${path.relative(root, file)} imports ${spec} (feature ${other})`);
    }
  }
  return wrong;
}

describe('feature folders', () => {
  it('no file under src/features/A imports from src/features/B', () => {
    expect(crossFeatureImports()).toEqual([]);
  });

  it('the check sees static, re-exported and dynamic imports', () => {
    const src = `import { a } from '../files/x';\nexport { b } from "../../features/jobs";\nimport '../review/side';\nconst c = await import('../usage/lazy');\nimport type { D } from '../../lib/d';`;
    expect(specifiers(src)).toEqual(['../files/x', '../../features/jobs', '../../lib/d', '../review/side', '../usage/lazy']);
  });

  it('flags a file that imports another feature', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'features-'));
    try {
      mkdirSync(path.join(root, 'files/components'), { recursive: true });
      mkdirSync(path.join(root, 'jobs'), { recursive: true });
      writeFileSync(path.join(root, 'files/components/List.tsx'), `import { x } from './Row';\nimport { JobRow } from '../../jobs/Row';\n`);
      writeFileSync(path.join(root, 'jobs/index.tsx'), `import { Button } from '../../components/ui';\n`);
      expect(crossFeatureImports(root)).toEqual([`${path.join('files', 'components', 'List.tsx')} imports ../../jobs/Row (feature jobs)`]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('every feature has index.tsx, components/ and hooks/', () => {
    for (const name of readdirSync(FEATURES)) {
      const dir = path.join(FEATURES, name);
      if (!statSync(dir).isDirectory()) continue;
      expect(statSync(path.join(dir, 'index.tsx')).isFile(), `${name}/index.tsx`).toBe(true);
      expect(statSync(path.join(dir, 'components')).isDirectory(), `${name}/components`).toBe(true);
      expect(statSync(path.join(dir, 'hooks')).isDirectory(), `${name}/hooks`).toBe(true);
    }
  });
});
