import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// graphql 16 ships CommonJS (main) and ESM (module) builds. Node loads the CommonJS one
// for graphql-yoga, envelop and Pothos; Vite would hand our sources the ESM one, and
// two copies of graphql refuse each other's types. Use Node's choice everywhere.
const graphqlMain = createRequire(import.meta.url).resolve('graphql');

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlMain }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files share one machine's RabbitMQ and PostgreSQL; each isolates itself
    // (unique queue prefix, unique database/schema, temp SQLite file).
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
