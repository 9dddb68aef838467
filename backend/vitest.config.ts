import { defineConfig } from 'vitest/config';

export default defineConfig({
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
