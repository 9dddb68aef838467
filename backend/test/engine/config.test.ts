/** Configuration: typed, validated, and a bad value stops the process with one line naming it. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { EXAMPLE_JWT_SECRET, REPO_ROOT, loadConfig, parseDatabaseUrl } from '../../src/config/index.js';
import { BACKEND_DIR, TEST_SECRET } from '../helpers/stack.js';

const base = { JWT_SECRET: TEST_SECRET, DEMO_MODE: 'false' };
const problem = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe('configuration', () => {
  it('has sensible defaults', () => {
    const c = loadConfig(base);
    expect(c.PORT).toBe(8000);
    expect(c.RETRY_MAX_ATTEMPTS).toBe(5);
    expect(c.RETRY_BASE_DELAY_SECONDS).toBe(1);
    expect(c.RETRY_JITTER_MS).toBe(500);
    expect(c.MIN_PRINT_DPI).toBe(150);
    expect(c.database).toEqual({ dialect: 'sqlite', path: path.join(REPO_ROOT, 'data', 'fieldfen.db') });
    expect(c.rabbitmqUrl).toBe('amqp://guest:guest@127.0.0.1:5672/');
    expect(c.workerQueues).toBeNull();
  });

  it('names the bad variable', () => {
    expect(problem({ DEMO_MODE: 'false' })).toBe('configuration error: JWT_SECRET is required');
    expect(problem({ ...base, JWT_SECRET: 'short' })).toMatch(/^configuration error: JWT_SECRET must be at least 32/);
    expect(problem({ ...base, PORT: 'eighty' })).toMatch(/^configuration error: PORT /);
    expect(problem({ ...base, DEBUG: 'maybe' })).toMatch(/^configuration error: DEBUG /);
    expect(problem({ ...base, RETRY_BASE_DELAY_SECONDS: '-1' })).toMatch(/^configuration error: RETRY_BASE_DELAY_SECONDS /);
    expect(problem({ ...base, RABBITMQ_URL: 'http://x' })).toMatch(/^configuration error: RABBITMQ_URL /);
    expect(problem({ ...base, DATABASE_URL: 'mysql://x/y' })).toMatch(/^configuration error: DATABASE_URL /);
    expect(problem({ ...base, PRICE_TABLE: '{"8x12": "cheap"}' })).toMatch(/^configuration error: PRICE_TABLE /);
    expect(problem({ ...base, GOOGLE_DRIVE_CREDENTIALS_PATH: '/nonexistent/creds.json' })).toMatch(/GOOGLE_DRIVE_CREDENTIALS_PATH/);
  });

  it('refuses the example JWT secret unless DEBUG=true', () => {
    expect(problem({ ...base, JWT_SECRET: EXAMPLE_JWT_SECRET })).toMatch(/JWT_SECRET is the example value/);
    expect(problem({ ...base, JWT_SECRET: EXAMPLE_JWT_SECRET, DEBUG: '1' })).toBeNull();
  });

  it('makes demo mode the default without credentials, but never implicitly in production', () => {
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, DEBUG: 'true' }).demoMode).toBe(true);
    expect(problem({ JWT_SECRET: TEST_SECRET, DEBUG: 'false' })).toMatch(/^configuration error: DEMO_MODE /);
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, DEMO_MODE: 'true' }).demoMode).toBe(true);
    expect(loadConfig({ JWT_SECRET: TEST_SECRET, DEBUG: 'true', REPLICATE_API_TOKEN: 'r8_x' }).demoMode).toBe(false);
  });

  it('reads every DATABASE_URL form of the seed', () => {
    expect(parseDatabaseUrl('sqlite:////app/data/fieldfen.db')).toEqual({ dialect: 'sqlite', path: '/app/data/fieldfen.db' });
    expect(parseDatabaseUrl('sqlite:///data/x.db')).toEqual({ dialect: 'sqlite', path: path.join(REPO_ROOT, 'data/x.db') });
    expect(parseDatabaseUrl('/data/fieldfen.db')).toEqual({ dialect: 'sqlite', path: '/data/fieldfen.db' });
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({ dialect: 'postgres', url: 'postgres://u@h/db' });
    expect(parseDatabaseUrl('postgresql://u@h/db')).toEqual({ dialect: 'postgres', url: 'postgresql://u@h/db' });
  });

  it('builds the broker URL from RABBITMQ_HOSTPORT when RABBITMQ_URL is not set (Render)', () => {
    expect(loadConfig({ ...base, RABBITMQ_HOSTPORT: 'fieldfen-rabbitmq:5672', RABBITMQ_USER: 'ff', RABBITMQ_PASS: 'pw' }).rabbitmqUrl).toBe('amqp://ff:pw@fieldfen-rabbitmq:5672/');
    expect(loadConfig({ ...base, RABBITMQ_URL: 'amqp://mq:5672/', RABBITMQ_HOSTPORT: 'other:5672' }).rabbitmqUrl).toBe('amqp://guest:guest@mq:5672/');
    expect(loadConfig({ ...base }).rabbitmqUrl).toBe('amqp://guest:guest@127.0.0.1:5672/');
    expect(() => loadConfig({ ...base, RABBITMQ_HOSTPORT: 'no-port' })).toThrow(/RABBITMQ_HOSTPORT must be host:port/);
  });

  it('honours the vhost and credentials of RABBITMQ_URL', () => {
    expect(loadConfig({ ...base, RABBITMQ_URL: 'amqp://app:pw@mq:5672/prod' }).rabbitmqUrl).toBe('amqp://app:pw@mq:5672/prod');
    expect(loadConfig({ ...base, RABBITMQ_URL: 'amqp://mq:5672/', RABBITMQ_USER: 'u', RABBITMQ_PASS: 'p' }).rabbitmqUrl).toBe('amqp://u:p@mq:5672/');
    expect(loadConfig({ ...base, RABBITMQ_URL: 'amqp://a:b@mq', RABBITMQ_USER: 'u', RABBITMQ_PASS: 'p' }).rabbitmqUrl).toBe('amqp://a:b@mq');
  });

  it('stops a process at start with one line naming the variable', () => {
    for (const entry of ['src/bin/api.ts', 'src/bin/worker.ts']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', entry], {
        cwd: BACKEND_DIR,
        env: { PATH: process.env.PATH, JWT_SECRET: TEST_SECRET, DEMO_MODE: 'false', RETRY_MAX_ATTEMPTS: 'lots' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^configuration error: RETRY_MAX_ATTEMPTS must be a whole number$/)]);
    }
  });
});
