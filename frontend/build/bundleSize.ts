/**
 * Prints, after `vite build`, the gzip size of the JavaScript the first page load
 * needs (the entry chunk and everything it imports statically) and of each lazy
 * chunk, and fails the build when the first load passes the budget. Lazy pages and
 * heavy libraries (charts) are `import()`ed and so are not counted in the first load.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The entry chunks and the closure of their static imports. */
export function initialChunks(chunks: ChunkLike[]): ChunkLike[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of byName.get(name)?.imports ?? []) visit(dep);
  };
  for (const c of chunks) if (c.isEntry) visit(c.fileName);
  return [...seen].map((n) => byName.get(n)!).filter(Boolean);
}

export function bundleSize({ budgetKb }: { budgetKb: number }): Plugin {
  return {
    name: 'fieldfen:bundle-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o): o is typeof o & ChunkLike => o.type === 'chunk') as unknown as ChunkLike[];
      const gz = (c: ChunkLike) => gzipSync(c.code, { level: 9 }).length;
      const initial = initialChunks(chunks);
      const initialNames = new Set(initial.map((c) => c.fileName));
      const total = initial.reduce((n, c) => n + gz(c), 0);
      const lazy = chunks.filter((c) => !initialNames.has(c.fileName)).map((c) => [c.fileName, gz(c)] as const);
      const lines = [
        `initial route JavaScript: ${kb(total)} gzip (budget ${budgetKb} KB) in ${initial.length} file(s)`,
        ...lazy.sort((a, b) => b[1] - a[1]).map(([name, size]) => `  lazy ${name}: ${kb(size)} gzip`),
      ];
      // Printed on stdout so `npm run build` shows it whatever Vite's log level.
      console.log(`\n${lines.join('\n')}\n`);
      if (total > budgetKb * 1024) this.error(`the initial route's JavaScript is ${kb(total)} gzip, over the ${budgetKb} KB budget: load the heavy parts with import()`);
    },
  };
}
