/** Settings, read side: the configuration with every secret masked; the price table round trip on both dialects. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { loadConfig } from '../../src/config/index.js';
import { MASK, SettingsService, maskUrl, type ConfigVariable } from '../../src/domain/settings/service.js';

const SECRETS = {
  JWT_SECRET: 'jwt-Secret-value-that-is-long-enough-0123456789',
  RABBITMQ_PASS: 'rabbit-pass-9f8e7d',
  ADMIN_PASSWORD: 'admin-password-5c4b3a',
  REPLICATE_API_TOKEN: 'r8_replicate_token_abcdef',
  SHOPIFY_API_KEY: 'shopify-api-key-112233',
  SHOPIFY_API_SECRET: 'shpss_shopify_secret_445566',
  SHOPIFY_ACCESS_TOKEN: 'shpat_access_token_778899',
};
const DB_PASSWORD = 'pg-pass-w0rd-xyz';
const AMQP_PASSWORD = 'amqp-pass-qwerty';

function fullEnv(): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ff-settings-'));
  const credentials = path.join(dir, 'sa.json');
  writeFileSync(credentials, '{}');
  return {
    ...SECRETS,
    DEBUG: 'true',
    PORT: '8123',
    DATABASE_URL: `postgres://fieldfen:${DB_PASSWORD}@db.internal:5432/fieldfen?sslmode=require`,
    RABBITMQ_URL: `amqp://ff:${AMQP_PASSWORD}@mq.internal:5672/prod`,
    RABBITMQ_USER: 'ff-user',
    ADMIN_USERNAME: 'root',
    WORKER_QUEUES: 'system, image.process',
    SHOPIFY_STORE_URL: 'fieldfen.myshopify.com',
    GOOGLE_DRIVE_CREDENTIALS_PATH: credentials,
    DRIVE_INCOMING_FOLDER_ID: 'folder-in',
    PRICE_TABLE: '{"12x18": 79}',
  };
}

const byName = (vars: ConfigVariable[]) => Object.fromEntries(vars.map((v) => [v.name, v]));

describe('configuration (read side)', () => {
  const settings = new SettingsService(null as never, {});

  it('lists every variable once, with every secret masked', () => {
    const env = fullEnv();
    const vars = settings.configuration(loadConfig(env), env);
    const json = JSON.stringify(vars);
    for (const secret of [...Object.values(SECRETS), DB_PASSWORD, AMQP_PASSWORD]) {
      expect(json).not.toContain(secret);
      expect(json).not.toContain(encodeURIComponent(secret));
    }
    expect(new Set(vars.map((v) => v.name)).size).toBe(vars.length);
    const v = byName(vars);
    for (const name of Object.keys(env)) {
      expect(v[name], name).toBeDefined();
      expect(v[name].set, name).toBe(true);
      expect(v[name].value, name).not.toBeNull();
    }
    for (const name of Object.keys(SECRETS)) expect(v[name], name).toEqual({ name, value: MASK, secret: true, set: true });
    expect(v.DATABASE_URL).toEqual({ name: 'DATABASE_URL', value: `postgres://fieldfen:${MASK}@db.internal:5432/fieldfen?sslmode=require`, secret: true, set: true });
    expect(v.RABBITMQ_URL).toEqual({ name: 'RABBITMQ_URL', value: `amqp://ff:${MASK}@mq.internal:5672/prod`, secret: true, set: true });
    expect(v.PORT).toEqual({ name: 'PORT', value: '8123', secret: false, set: true });
    expect(v.WORKER_QUEUES.value).toBe('system,image.process');
    expect(v.RABBITMQ_USER).toMatchObject({ value: 'ff-user', secret: false });
    // Defaults are shown, and not "set" in the environment.
    expect(v.RETRY_MAX_ATTEMPTS).toEqual({ name: 'RETRY_MAX_ATTEMPTS', value: '5', secret: false, set: false });
    expect(v.DRIVE_READY_FOLDER_ID).toEqual({ name: 'DRIVE_READY_FOLDER_ID', value: null, secret: false, set: false });
    for (const name of ['DEBUG', 'DEMO_MODE', 'LOG_LEVEL', 'MIN_PRINT_DPI', 'SHOPIFY_API_VERSION', 'REPLICATE_UPSCALE_MODEL']) expect(v[name], name).toBeDefined();
  });

  it('without an environment, `set` means "has a value"; unset secrets are null, never a mask of nothing', () => {
    const config = loadConfig({ JWT_SECRET: SECRETS.JWT_SECRET, DEBUG: 'true', DATABASE_URL: 'sqlite:////tmp/ff.db' });
    const v = byName(settings.configuration(config));
    expect(v.JWT_SECRET).toEqual({ name: 'JWT_SECRET', value: MASK, secret: true, set: true });
    expect(v.REPLICATE_API_TOKEN).toEqual({ name: 'REPLICATE_API_TOKEN', value: null, secret: true, set: false });
    expect(v.DATABASE_URL).toEqual({ name: 'DATABASE_URL', value: 'sqlite:////tmp/ff.db', secret: true, set: true });
    expect(v.RABBITMQ_URL.value).toBe('amqp://127.0.0.1:5672/');
    expect(v.DEMO_MODE.value).toBe('true');
    expect(JSON.stringify(v)).not.toContain(SECRETS.JWT_SECRET);
  });

  it('masks passwords and secret query parameters of any URL, keeping the host', () => {
    expect(maskUrl('https://user:hunter2@shop.example:8443/admin')).toBe(`https://user:${MASK}@shop.example:8443/admin`);
    expect(maskUrl('postgres://db.internal/ff?password=hunter2&sslmode=require')).toBe(`postgres://db.internal/ff?password=${encodeURIComponent(MASK)}&sslmode=require`);
    expect(maskUrl('not a url')).toBe('not a url');
    expect(maskUrl('https://api.replicate.com')).toBe('https://api.replicate.com');
  });
});

for (const dialect of DIALECTS) {
  describe(`prices on ${dialect}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
    });
    afterAll(async () => t?.drop());

    it('keeps the configured table until one is saved, then the saved table whole', async () => {
      const s = new SettingsService(t.db, { '12x18': 70 });
      expect(await s.prices()).toEqual({ '12x18': 70 });
      // The dashboard saves the whole table: a size left out is removed, not reset to its default.
      expect(await s.setPrices({ '8x12': 45 })).toEqual({ '8x12': 45 });
    });
  });
}
