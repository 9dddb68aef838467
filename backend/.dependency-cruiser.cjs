/**
 * Which way imports may point inside backend/src (`npm run depcheck`, run by CI
 * after the typecheck). From the bottom up:
 *
 *   bottom        core/ (outcomes, errors), config/, logger.ts, time.ts
 *   engine        db/, queue/, jobs/, worker/, engine.ts
 *   domain        domain/ (repositories and services per kind of data)
 *   integrations  integrations/ (Drive, Replicate, Shopify clients)   images/ (sharp)
 *   operations    ops/ (backup, restore, copy-to-postgres)
 *   product       commands/, pipeline/
 *   transports    api/, graphql/
 *   top           bin/ (process entry points), cli/, demo/; standins/ (fake servers)
 *
 * Type-only imports count as imports (tsPreCompilationDeps): a type from the
 * pipeline in the engine couples them just as much as a value does.
 * Tests (backend/test) are outside src and may import anything.
 */

/** Everything of ours: the rules below only ever constrain imports of src/ files. */
const OURS = '^src/';
const BOTTOM = '^src/(core/|config/|logger\\.ts$|time\\.ts$)';
const ENGINE = '^src/(db/|queue/|jobs/|worker/|engine\\.ts$)';
/** Every place the layering knows; a file elsewhere is not checked (see `unlayered-module`). */
const LAYERED =
  '^src/(core|config|db|queue|jobs|worker|domain|integrations|images|ops|commands|pipeline|api|graphql|standins|bin|cli|demo)/|^src/(logger|time|engine)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ── the bottom ────────────────────────────────────────────────────────────
    {
      name: 'core-imports-only-core',
      comment:
        'core/ (outcomes, domain errors) is what every layer shares; it must not reach up into any of them, or every layer would transitively depend on that one.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: OURS, pathNot: '^src/core/' },
    },
    {
      name: 'config-imports-only-core-and-time',
      comment:
        'config/ turns the environment into a typed Config for every process; it sits at the bottom and may use only core/ and time.ts.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: OURS, pathNot: '^src/(config/|core/|time\\.ts$)' },
    },
    {
      name: 'logger-and-time-import-nothing-of-ours',
      comment: 'logger.ts and time.ts are leaves: everything imports them, so they import nothing of ours.',
      severity: 'error',
      from: { path: '^src/(logger|time)\\.ts$' },
      to: { path: OURS },
    },

    // ── the engine ────────────────────────────────────────────────────────────
    {
      name: 'engine-knows-no-product',
      comment:
        'The job engine (db, queue, jobs, worker, engine.ts) knows no product: a product hands it an Application. It must not import the pipeline, its commands, domain data, integrations, images, transports or entry points.',
      severity: 'error',
      from: { path: ENGINE },
      to: { path: '^src/(pipeline|commands|integrations|domain|images|ops|api|cli|demo|standins|bin|graphql)/' },
    },

    // ── domain ────────────────────────────────────────────────────────────────
    {
      name: 'domain-below-product-and-transports',
      comment:
        'domain/ (repositories and services per kind of data) is used by commands, the pipeline and the transports; it may use the engine and the bottom, never what uses it, nor third-party clients (integrations) or image processing.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(pipeline|commands|integrations|ops|api|graphql|cli|demo|standins|bin|images)/' },
    },

    // ── integrations and images ───────────────────────────────────────────────
    {
      name: 'integrations-import-only-bottom',
      comment:
        'The Drive/Replicate/Shopify clients are thin fetch clients: only the bottom (outcomes, config, logger, time) and each other, so they can be reused and tested without the engine or a database.',
      severity: 'error',
      from: { path: '^src/integrations/' },
      to: { path: OURS, pathNot: `${BOTTOM}|^src/integrations/` },
    },
    {
      name: 'images-import-only-bottom',
      comment: 'images/ (inspection, families, renditions, sharp) is pure image work: only the bottom.',
      severity: 'error',
      from: { path: '^src/images/' },
      to: { path: OURS, pathNot: `${BOTTOM}|^src/images/` },
    },

    // ── operations ────────────────────────────────────────────────────────────
    {
      name: 'ops-below-product-and-transports',
      comment:
        'ops/ (backup, restore, copy-to-postgres) works on the database files and the engine, records through domain/ and copies off the machine through integrations/; the CLI and the pipeline (scheduled backups) call it. It never imports the product, a transport, the stand-ins or an entry point.',
      severity: 'error',
      from: { path: '^src/ops/' },
      to: { path: '^src/(pipeline|commands|api|graphql|cli|demo|standins|bin|images)/' },
    },

    // ── commands and the pipeline ─────────────────────────────────────────────
    {
      name: 'product-not-to-transports-or-top',
      comment:
        'commands/ and pipeline/ may use everything below them (engine, domain, integrations, images, bottom) but not the transports that call them, the stand-ins, or the entry points.',
      severity: 'error',
      from: { path: '^src/(commands|pipeline)/' },
      to: { path: '^src/(api|graphql|cli|demo|bin|standins)/' },
    },

    // ── transports ────────────────────────────────────────────────────────────
    {
      name: 'transports-not-to-product',
      comment:
        'api/ and graphql/ are transports over the engine and domain: they enqueue jobs and read data, never run commands, pipeline code or third-party clients themselves (and never the stand-ins or entry points). Wiring the pipeline in is the job of bin/.',
      severity: 'error',
      from: { path: '^src/(api|graphql)/' },
      to: { path: '^src/(commands|pipeline|integrations|ops|standins|demo|bin|cli)/' },
    },

    // ── stand-ins and the top ─────────────────────────────────────────────────
    {
      name: 'standins-only-for-demo-and-bin',
      comment:
        'standins/ are fake third-party servers: only demo mode, the entry points and tests (outside src) may start them; production code must never depend on them.',
      severity: 'error',
      from: { path: OURS, pathNot: '^src/(standins|demo|bin)/' },
      to: { path: '^src/standins/' },
    },
    {
      name: 'nothing-imports-bin',
      comment: 'bin/ holds the process entry points (they wire the pipeline into the engine): the top, imported by nothing.',
      severity: 'error',
      from: { path: OURS, pathNot: '^src/bin/' },
      to: { path: '^src/bin/' },
    },
    {
      name: 'only-bin-imports-cli',
      comment: 'cli/ is the operations CLI, an entry point: only bin/ may import it.',
      severity: 'error',
      from: { path: OURS, pathNot: '^src/(bin|cli)/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-bin-imports-demo',
      comment: 'demo/ (demo mode) is top-level wiring: only bin/ may import it.',
      severity: 'error',
      from: { path: OURS, pathNot: '^src/(bin|demo)/' },
      to: { path: '^src/demo/' },
    },

    // ── whole-tree checks ─────────────────────────────────────────────────────
    {
      name: 'no-circular',
      comment:
        'A cycle makes import order matter (ESM: a module may see another half-initialised) and welds its modules into one unit that cannot be layered.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'unlayered-module',
      comment:
        'A file outside the known layers is not checked by any rule above: put it in a layer (or add its place to LAYERED and to the rules).',
      severity: 'warn',
      from: { path: OURS, pathNot: LAYERED },
      to: { path: OURS },
    },
  ],
  options: {
    // Only our own modules: node built-ins and packages are not part of the layering.
    includeOnly: '^src/',
    // Imports are written with .js extensions resolving to .ts files (NodeNext):
    // resolve them the way tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
