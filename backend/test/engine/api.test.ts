/** The REST contract: shapes, codes, roles, tokens, limits — on the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { SignJWT } from 'jose';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, startApi, testEnv, token, TEST_SECRET, type Api } from '../helpers/stack.js';
import { routeTables } from '../../src/api/server.js';
import { createUser } from '../../src/domain/users/service.js';

let tdb: TestDatabase;
let env: Record<string, string>;
let api: Api & { url: string };

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite');
  env = testEnv({ DATABASE_URL: tdb.url, ADMIN_USERNAME: 'owner', ADMIN_PASSWORD: 'correct horse battery' });
  api = await startApi(env);
  await api.engine.broker.ready();
});

afterAll(async () => {
  await api?.close();
  if (env) await cleanupBroker(env);
  await tdb?.drop();
});

const jobCount = async () => Number((await tdb.db.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);

function expectErrorShape(body: any, code: string) {
  expect(body.error_code).toBe(code);
  expect(typeof body.detail).toBe('string');
  expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/); // no stack traces
}

function concrete(url: string) {
  return url.replace(':id', '00000000-0000-4000-8000-000000000000').replace(':name', 'system');
}

describe('health', () => {
  it('reports the parts, and liveness separately', async () => {
    const h = await call(api.url, 'GET', '/health');
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: 'healthy', database: 'connected', rabbitmq: 'connected' });
    const l = await call(api.url, 'GET', '/health/live');
    expect(l.status).toBe(200);
  });
});

describe('authentication and roles on every protected route', () => {
  it('has protected routes to check, and only the intended public ones', () => {
    const table = routeTables.get(api.app)!;
    const publicRoutes = table.filter((r) => r.public && !r.url.startsWith('/docs')).map((r) => `${r.method} ${r.url}`);
    // GraphQL authenticates in-band (its context checks the bearer token; see test/graphql);
    // refresh and logout authenticate by the httpOnly refresh cookie.
    const graphql = ['DELETE', 'GET', 'OPTIONS', 'POST', 'PUT'].map((m) => `${m} /graphql`);
    // The dashboard's page, assets, runtime config and SPA fallback carry no data (api/dashboard.ts).
    const dashboard = ['GET /', 'GET /config.json', 'GET /assets/*', 'GET /*'];
    expect(publicRoutes.sort()).toEqual(['GET /health', 'GET /health/live', 'POST /auth/login', 'POST /auth/logout', 'POST /auth/refresh', ...graphql, ...dashboard].sort());
    expect(table.filter((r) => !r.public && !r.signature).length).toBeGreaterThanOrEqual(9);
  });

  it('takes no bearer token only on the signed third-party webhooks, which say so in their config (and refuse an unsigned call with 401)', async () => {
    const signed = routeTables.get(api.app)!.filter((r) => r.signature);
    expect(signed.map((r) => `${r.method} ${r.url} ${r.signature}`).sort()).toEqual(['POST /webhooks/replicate replicate', 'POST /webhooks/shopify shopify']);
    const admin = await token('admin');
    for (const route of signed) {
      for (const headers of [{}, { authorization: `Bearer ${admin}` }] as Record<string, string>[]) {
        const r = await call(api.url, route.method, route.url, { headers, body: {} });
        expect(r.status, `${route.url} ${JSON.stringify(headers)}`).toBe(401); // a bearer token is no signature
        expectErrorShape(r.body, 'UNAUTHORIZED');
      }
    }
  });

  it('refuses missing, malformed, expired, tampered, alg:none, foreign and role-less tokens with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const key = new TextEncoder().encode(TEST_SECRET);
    const expired = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt(now - 3600).setExpirationTime(now - 60).sign(key);
    const valid = await token('admin');
    const [h, p, s] = valid.split('.');
    const tamperedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin', sub: 'mallory' })).toString('base64url');
    const tampered = `${h}.${tamperedPayload}.${s}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const foreign = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    const noRole = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt().setExpirationTime('1h').sign(key);
    const badRole = await new SignJWT({ role: 'root' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuedAt().setExpirationTime('1h').sign(key);
    const hs512 = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS512' }).setSubject('x').setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(TEST_SECRET + TEST_SECRET));
    const bad: [string, Record<string, string>][] = [
      ['none', {}],
      ['not bearer', { authorization: `Basic ${Buffer.from('owner:x').toString('base64')}` }],
      ['garbage', { authorization: 'Bearer not.a.token' }],
      ['expired', { authorization: `Bearer ${expired}` }],
      ['tampered', { authorization: `Bearer ${tampered}` }],
      ['alg none', { authorization: `Bearer ${none}` }],
      ['foreign secret', { authorization: `Bearer ${foreign}` }],
      ['no role', { authorization: `Bearer ${noRole}` }],
      ['unknown role', { authorization: `Bearer ${badRole}` }],
      ['HS512', { authorization: `Bearer ${hs512}` }],
    ];
    const protectedRoutes = routeTables.get(api.app)!.filter((r) => !r.public && !r.signature);
    for (const route of protectedRoutes) {
      for (const [name, headers] of bad) {
        const r = await call(api.url, route.method, concrete(route.url), { headers, body: route.method === 'POST' ? {} : undefined });
        expect(r.status, `${name} on ${route.method} ${route.url}`).toBe(401);
        expectErrorShape(r.body, 'UNAUTHORIZED');
      }
    }
  });

  it('answers 403 for a valid token with the wrong role, on every protected route', async () => {
    const service = await token('service');
    const reviewer = await token('reviewer');
    for (const route of routeTables.get(api.app)!.filter((r) => !r.public && !r.signature)) {
      for (const [role, t] of [['service', service], ['reviewer', reviewer]] as const) {
        if (route.roles.includes(role)) continue;
        const r = await call(api.url, route.method, concrete(route.url), { token: t, body: route.method === 'POST' ? {} : undefined });
        expect(r.status, `${role} on ${route.method} ${route.url}`).toBe(403);
        expectErrorShape(r.body, 'FORBIDDEN');
      }
    }
  });

  it('accepts a token expired within the 30 s leeway; reviewers may read', async () => {
    const now = Math.floor(Date.now() / 1000);
    const t = await new SignJWT({ role: 'reviewer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('r').setIssuedAt(now - 100).setExpirationTime(now - 10).sign(new TextEncoder().encode(TEST_SECRET));
    const r = await call(api.url, 'GET', '/api/jobs', { token: t });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ items: expect.any(Array), next_cursor: null });
  });
});

describe('login', () => {
  it('issues a working bearer token for the first admin', async () => {
    const r = await call(api.url, 'POST', '/auth/login', { body: { username: 'owner', password: 'correct horse battery' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const jobs = await call(api.url, 'GET', '/api/jobs', { token: r.body.access_token });
    expect(jobs.status).toBe(200);
    const hash = await tdb.db.selectFrom('users').select('password_hash').where('username', '=', 'owner').executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses wrong passwords with 401, then slows and refuses the client with 429', async () => {
    await createUser(tdb.db, 'rita', 'reviewer-password', 'reviewer');
    const headers = { 'x-forwarded-for': '10.9.8.7' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(api.url, 'POST', '/auth/login', { headers, body: { username: 'rita', password: 'wrong' } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(401));
    expectErrorShape(results[0].body, 'UNAUTHORIZED');
    const refused = await call(api.url, 'POST', '/auth/login', { headers, body: { username: 'rita', password: 'reviewer-password' } });
    expect(refused.status).toBe(429);
    expectErrorShape(refused.body, 'RATE_LIMITED');
    // Another client is not affected.
    const other = await call(api.url, 'POST', '/auth/login', { headers: { 'x-forwarded-for': '10.9.8.8' }, body: { username: 'rita', password: 'reviewer-password' } });
    expect(other.status).toBe(200);
  });
});

describe('bad input gets a clear 4xx and stores nothing', () => {
  it('rejects unknown commands, bad payloads, unknown fields, non-JSON and oversized bodies', async () => {
    const admin = await token('admin');
    const before = await jobCount();
    const cases: [unknown, number, string, RegExp][] = [
      [{ command_type: 'Nope', payload: {} }, 400, 'VALIDATION_ERROR', /unknown command_type/],
      [{ command_type: 'Noop', payload: { sleep_ms: -5 } }, 400, 'VALIDATION_ERROR', /sleep_ms/],
      [{ command_type: 'Noop', payload: { fail_times: 'x' } }, 400, 'VALIDATION_ERROR', /fail_times/],
      [{ command_type: 'Noop', payload: { surprise: 1 } }, 400, 'VALIDATION_ERROR', /surprise/],
      [{ command_type: 'Noop', payload: {}, extra: true }, 400, 'VALIDATION_ERROR', /extra/],
      [{ command_type: 'UpscaleImage', payload: { file_id: '00000000-0000-4000-8000-000000000000' } }, 400, 'VALIDATION_ERROR', /file 00000000-0000-4000-8000-000000000000 does not exist/],
      [{ payload: {} }, 400, 'VALIDATION_ERROR', /command_type/],
    ];
    for (const [body, status, code, detail] of cases) {
      const r = await call(api.url, 'POST', '/api/jobs', { token: admin, body });
      expect(r.status, JSON.stringify(body)).toBe(status);
      expectErrorShape(r.body, code);
      expect(r.body.detail).toMatch(detail);
    }
    const notJson = await call(api.url, 'POST', '/api/jobs', { token: admin, raw: '{"command_type": "Noop",' });
    expect(notJson.status).toBe(400);
    expectErrorShape(notJson.body, 'VALIDATION_ERROR');
    const huge = await call(api.url, 'POST', '/api/jobs', { token: admin, body: { command_type: 'Noop', payload: { pad: 'x'.repeat(2 * 1024 * 1024) } } });
    expect(huge.status).toBe(413);
    expectErrorShape(huge.body, 'PAYLOAD_TOO_LARGE');
    const badLimit = await call(api.url, 'GET', '/api/jobs?limit=501', { token: admin });
    expect(badLimit.status).toBe(400);
    const unknownQuery = await call(api.url, 'GET', '/api/jobs?colour=red', { token: admin });
    expect(unknownQuery.status).toBe(400);
    const missing = await call(api.url, 'GET', '/api/jobs/00000000-0000-4000-8000-000000000000', { token: admin });
    expect(missing.status).toBe(404);
    expectErrorShape(missing.body, 'NOT_FOUND');
    const unknownQueue = await call(api.url, 'POST', '/api/queues/nope/redrive', { token: admin });
    expect(unknownQueue.status).toBe(400);
    expect(await jobCount()).toBe(before);
  });
});

describe('metrics and docs', () => {
  it('serves Prometheus metrics to admins and the OpenAPI document to anyone', async () => {
    // Jobs in several states, written directly: the gauge must count each as the table holds it.
    const t = new Date().toISOString();
    const states = ['completed', 'completed', 'failed', 'pending', 'running', 'cancelled'] as const;
    await tdb.db
      .insertInto('jobs')
      .values(states.map((status, i) => ({
        id: `metrics-job-${i}`, file_id: null, command_type: 'Noop', queue: 'system', status, attempts: 1, max_attempts: 3, last_error: null,
        payload_json: '{}', result_json: null, checkpoint_json: null, run_id: null, run_after: null, created_at: t, started_at: t, completed_at: t, updated_at: t,
      })))
      .execute();
    const r = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${await token('admin')}` } });
    expect(r.status).toBe(200);
    const text = await r.text();
    const truth = await tdb.db.selectFrom('jobs').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
    for (const s of ['pending', 'running', 'retrying', 'completed', 'failed', 'cancelled']) {
      const n = Number(truth.find((row) => row.status === s)?.n ?? 0);
      expect(text, s).toMatch(new RegExp(`fieldfen_jobs\\{status="${s}"\\} ${n}\\b`));
    }
    await tdb.db.deleteFrom('jobs').where('id', 'like', 'metrics-job-%').execute();
    expect(text).toMatch(/fieldfen_queue_depth\{queue="system"\} \d+/);
    expect(text).toMatch(/fieldfen_dlq_depth\{queue="system"\} \d+/);
    const docs = await call(api.url, 'GET', '/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/jobs', '/api/jobs/bulk', '/api/queues', '/health']));
  });
});
