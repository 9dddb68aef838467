/**
 * .env.example is the configuration's documentation for deployers: exactly the
 * variables the configuration schema reads (none missing, none extra), each explained
 * by a comment, every example value accepted by the schema — and its JWT_SECRET the
 * example value the platform refuses in production, so a copied file never runs with a
 * published secret.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_JWT_SECRET, envSchema, loadConfig } from '../../src/config/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const text = readFileSync(path.join(REPO, '.env.example'), 'utf8');
const lines = text.split('\n');
const VARIABLE = /^([A-Z][A-Z0-9_]*)=/;
/** `# --- Server ----`: names a section, explains nothing. */
const SECTION = /^#\s*-{3}.*-{3}\s*$/;

const names = lines.flatMap((l) => VARIABLE.exec(l)?.[1] ?? []);
const schemaKeys = Object.keys(envSchema.shape);

describe('.env.example', () => {
  it('names exactly the variables the configuration reads', () => {
    expect(names.filter((n) => !schemaKeys.includes(n)), 'not read by the configuration').toEqual([]);
    expect(schemaKeys.filter((k) => !names.includes(k)), 'missing from .env.example').toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i), 'given twice').toEqual([]);
  });

  it('explains each variable with a comment above it (directly, or earlier in its block of lines)', () => {
    const undocumented: string[] = [];
    lines.forEach((line, i) => {
      const name = VARIABLE.exec(line)?.[1];
      if (!name) return;
      let documented = false;
      for (let j = i - 1; j >= 0 && lines[j].trim() !== ''; j--) {
        if (lines[j].startsWith('#') && !SECTION.test(lines[j])) documented = true;
      }
      if (!documented) undocumented.push(name);
    });
    expect(undocumented).toEqual([]);
  });

  it('holds only values the configuration accepts', () => {
    // DEBUG=true: the one setting under which the example secret is allowed.
    expect(() => loadConfig({ ...parseEnv(text), DEBUG: 'true' })).not.toThrow();
  });

  it("has the example JWT_SECRET, which the platform refuses with DEBUG=false (the file's own setting)", () => {
    const env = parseEnv(text);
    expect(env.JWT_SECRET).toBe(EXAMPLE_JWT_SECRET);
    expect(env.DEBUG).toBe('false');
    expect(() => loadConfig(env)).toThrow(/JWT_SECRET is the example value/);
  });
});
