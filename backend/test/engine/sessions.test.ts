/**
 * Sessions that last a working day: login's refresh cookie, rotation on refresh (a
 * spent token refused, and its reuse ending the user's sessions), logout, a password
 * change and user removal ending sessions, the session end carried through rotation —
 * on the real server, and the repository on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/db.js';
import { call, cleanupBroker, startApi, testEnv, type Api } from '../helpers/stack.js';
import { loadConfig } from '../../src/config/index.js';
import { servicesOf } from '../../src/domain/services.js';
import { createUser } from '../../src/domain/users/service.js';
import { SessionRefusedError, SessionService, revokeRefreshToken, refreshTokenByHash } from '../../src/domain/users/sessions.js';
import { REFRESH_COOKIE } from '../../src/api/routes/auth.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The refresh cookie of a response: its value and attributes (lower-case names). */
function refreshCookie(headers: Headers): { value: string; attrs: Record<string, string | true> } | null {
  const raw = headers.getSetCookie().find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
  if (!raw) return null;
  const [pair, ...rest] = raw.split(';').map((s) => s.trim());
  const attrs: Record<string, string | true> = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    if (i < 0) attrs[a.toLowerCase()] = true;
    else attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
  }
  return { value: decodeURIComponent(pair.slice(REFRESH_COOKIE.length + 1)), attrs };
}

const withCookie = (value: string) => ({ headers: { cookie: `${REFRESH_COOKIE}=${encodeURIComponent(value)}` } });

function expectUnauthorized(r: { status: number; body: any }) {
  expect(r.status).toBe(401);
  expect(r.body).toMatchObject({ error_code: 'UNAUTHORIZED', detail: expect.any(String) });
  expect(new Date(r.body.timestamp).toISOString()).toBe(r.body.timestamp);
}

describe('sessions over HTTP', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  let api: Api & { url: string };

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    env = testEnv({ DATABASE_URL: tdb.url, ADMIN_USERNAME: 'owner', ADMIN_PASSWORD: 'correct horse battery' });
    api = await startApi(env);
  });
  afterAll(async () => {
    await api?.close();
    if (env) await cleanupBroker(env);
    await tdb?.drop();
  });

  async function login(username = 'owner', password = 'correct horse battery', headers: Record<string, string> = {}) {
    const r = await call(api.url, 'POST', '/auth/login', { body: { username, password }, headers });
    expect(r.status).toBe(200);
    return { body: r.body, cookie: refreshCookie(r.headers)! };
  }
  const refresh = (value: string) => call(api.url, 'POST', '/auth/refresh', withCookie(value));

  it('login answers the access token as before and sets an httpOnly, SameSite=Strict, Path=/auth refresh cookie', async () => {
    const { body, cookie } = await login();
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 3600, role: 'admin' });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(cookie.attrs).toMatchObject({ httponly: true, samesite: 'Strict', path: '/auth' });
    expect(cookie.attrs.secure).toBeUndefined(); // plain http (localhost) keeps working
    const expires = Date.parse(String(cookie.attrs.expires));
    expect(Math.abs(expires - (Date.now() + 12 * 3600_000))).toBeLessThan(60_000);
    // Only the hash is stored.
    const row = await refreshTokenByHash(tdb.db, sha256(cookie.value));
    expect(row).toBeDefined();
    expect(JSON.stringify(await tdb.db.selectFrom('refresh_tokens').selectAll().execute())).not.toContain(cookie.value);
  });

  it('marks the cookie Secure when the request came over https (through the trusted proxy)', async () => {
    const { cookie } = await login('owner', 'correct horse battery', { 'x-forwarded-proto': 'https' });
    expect(cookie.attrs.secure).toBe(true);
  });

  it('refresh answers a working access token and rotates the cookie; the old cookie is then refused', async () => {
    const { cookie } = await login();
    const r = await refresh(cookie.value);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 3600, role: 'admin' });
    const jobs = await call(api.url, 'GET', '/api/jobs', { token: r.body.access_token });
    expect(jobs.status).toBe(200);
    const next = refreshCookie(r.headers)!;
    expect(next.value).not.toBe(cookie.value);
    expect(next.attrs).toMatchObject({ httponly: true, samesite: 'Strict', path: '/auth' });
    // The session's end is carried, not extended.
    expect(next.attrs.expires).toBe(cookie.attrs.expires);
    expectUnauthorized(await refresh(cookie.value));
  });

  it('a spent token presented again ends every session of that user (theft detection)', async () => {
    const a = await login();
    const b = await login();
    const rotated = refreshCookie((await refresh(a.cookie.value)).headers)!;
    const replay = await refresh(a.cookie.value);
    expectUnauthorized(replay);
    expect(replay.body.detail).toMatch(/already used/);
    expectUnauthorized(await refresh(rotated.value));
    expectUnauthorized(await refresh(b.cookie.value));
  });

  it('refuses a missing or unknown cookie with 401', async () => {
    expectUnauthorized(await call(api.url, 'POST', '/auth/refresh'));
    const unknown = await refresh('not-a-token');
    expectUnauthorized(unknown);
    expect(refreshCookie(unknown.headers)?.value).toBe(''); // a refused cookie is cleared
  });

  it('logout ends the session and clears the cookie; the cookie is refused afterwards', async () => {
    const { cookie } = await login();
    const out = await call(api.url, 'POST', '/auth/logout', withCookie(cookie.value));
    expect(out.status).toBe(204);
    const cleared = refreshCookie(out.headers)!;
    expect(cleared.value).toBe('');
    expect(cleared.attrs.path).toBe('/auth');
    expect(Date.parse(String(cleared.attrs.expires))).toBeLessThan(Date.now());
    expectUnauthorized(await refresh(cookie.value));
    // Logging out without a cookie is harmless.
    expect((await call(api.url, 'POST', '/auth/logout')).status).toBe(204);
  });

  it('a password change (UserService.setPassword) ends every session of the user', async () => {
    const users = servicesOf(api.engine).users;
    const rita = await users.create('rita', 'reviewer-password', 'reviewer');
    const one = await login('rita', 'reviewer-password');
    const two = await login('rita', 'reviewer-password');
    const owner = await login();
    const r = await refresh(one.cookie.value);
    expect(r.body.role).toBe('reviewer');
    const rotated = refreshCookie(r.headers)!;
    await users.setPassword(rita.id, 'a-new-password');
    expectUnauthorized(await refresh(rotated.value));
    expectUnauthorized(await refresh(two.cookie.value));
    // Another user's session is untouched.
    expect((await refresh(owner.cookie.value)).status).toBe(200);
  });

  it("removing a user ends the user's sessions", async () => {
    const users = servicesOf(api.engine).users;
    const sam = await users.create('sam', 'reviewer-password', 'reviewer');
    const { cookie } = await login('sam', 'reviewer-password');
    await users.delete(sam.id);
    expectUnauthorized(await refresh(cookie.value));
  });

  it('honours the session end: a session already over is refused over HTTP', async () => {
    const owner = (await servicesOf(api.engine).users.byName('owner'))!;
    const ended = await new SessionService(api.engine.db).start(owner, new Date(Date.now() - 1000).toISOString());
    const r = await refresh(ended.token);
    expectUnauthorized(r);
    expect(r.body.detail).toMatch(/session ended/);
  });

  it('never answers an access token that outlives its session', async () => {
    const owner = (await servicesOf(api.engine).users.byName('owner'))!;
    const ending = await new SessionService(api.engine.db).start(owner, new Date(Date.now() + 600_000).toISOString());
    const r = await refresh(ending.token);
    expect(r.status).toBe(200);
    expect(r.body.expires_in).toBeGreaterThan(590);
    expect(r.body.expires_in).toBeLessThanOrEqual(600);
  });
});

describe('SESSION_HOURS', () => {
  const base = { JWT_SECRET: 'x'.repeat(32), DEMO_MODE: 'false' };
  it('defaults to 12 and takes a whole number 1–720', () => {
    expect(loadConfig(base).SESSION_HOURS).toBe(12);
    expect(loadConfig({ ...base, SESSION_HOURS: '720' }).SESSION_HOURS).toBe(720);
    for (const bad of ['0', '721', '1.5', 'a day']) expect(() => loadConfig({ ...base, SESSION_HOURS: bad })).toThrow(/^configuration error: SESSION_HOURS /);
  });
});

for (const dialect of DIALECTS) {
  describe(`the session repository on ${dialect}`, () => {
    let t: TestDatabase;
    let sessions: SessionService;
    let userId: string;
    beforeAll(async () => {
      t = await createTestDatabase(dialect);
      sessions = new SessionService(t.db, 2);
      userId = (await createUser(t.db, 'ada', 'ada-password', 'reviewer')).id;
    });
    afterAll(async () => t?.drop());

    const row = (token: string) => refreshTokenByHash(t.db, sha256(token));

    it('prunes refresh tokens whose session ended more than a day ago, and only those', async () => {
      const old = await sessions.start({ id: userId }, new Date(Date.now() - 2 * 86_400_000).toISOString());
      const recent = await sessions.start({ id: userId }, new Date(Date.now() - 3_600_000).toISOString());
      const live = await sessions.start({ id: userId });
      expect(await sessions.prune()).toBeGreaterThanOrEqual(1);
      expect(await row(old.token)).toBeUndefined();
      expect(await row(recent.token)).toBeDefined();
      expect(await row(live.token)).toBeDefined();
    });

    it('starts a session SESSION_HOURS long, storing only the hash', async () => {
      const s = await sessions.start({ id: userId });
      expect(Math.abs(Date.parse(s.expiresAt) - (Date.now() + 2 * 3600_000))).toBeLessThan(5_000);
      const r = (await row(s.token))!;
      expect(r).toMatchObject({ user_id: userId, token_hash: sha256(s.token), expires_at: s.expiresAt, revoked_at: null });
    });

    it('rotates: the successor carries the original end, the predecessor is revoked and refused', async () => {
      const end = new Date(Date.now() + 3_600_000).toISOString();
      const s = await sessions.start({ id: userId }, end);
      const next = await sessions.refresh(s.token);
      expect(next.user.username).toBe('ada');
      expect(next.expiresAt).toBe(end);
      expect((await row(next.token))!.expires_at).toBe(end);
      expect((await row(s.token))!.revoked_at).not.toBeNull();
      await expect(sessions.refresh(s.token)).rejects.toBeInstanceOf(SessionRefusedError);
      // … and that reuse ended the successor too.
      await expect(sessions.refresh(next.token)).rejects.toThrow(/already used/);
    });

    it('refuses an ended session and an unknown token', async () => {
      const s = await sessions.start({ id: userId }, new Date(Date.now() - 1).toISOString());
      await expect(sessions.refresh(s.token)).rejects.toThrow(/session ended/);
      await expect(sessions.refresh('nope')).rejects.toThrow(/unknown/);
    });

    it('two refreshes racing with one token: one wins, and the reuse ends the session', async () => {
      const s = await sessions.start({ id: userId });
      const results = await Promise.allSettled([sessions.refresh(s.token), sessions.refresh(s.token)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
      await expect(sessions.refresh((won[0] as PromiseFulfilledResult<{ token: string }>).value.token)).rejects.toBeInstanceOf(SessionRefusedError);
    });

    it('revokes conditionally; end() ends one session, endAll() every live one of the user', async () => {
      const a = await sessions.start({ id: userId });
      const b = await sessions.start({ id: userId });
      const c = await sessions.start({ id: userId });
      const other = (await createUser(t.db, 'bob', 'bob-password', 'reviewer')).id;
      const d = await sessions.start({ id: other });
      const ra = (await row(a.token))!;
      expect(await revokeRefreshToken(t.db, ra.id)).toBe(true);
      expect(await revokeRefreshToken(t.db, ra.id)).toBe(false);
      await sessions.end(b.token);
      expect((await row(b.token))!.revoked_at).not.toBeNull();
      await sessions.end('unknown'); // ignored
      expect(await sessions.endAll(userId)).toBeGreaterThanOrEqual(1);
      expect((await row(c.token))!.revoked_at).not.toBeNull();
      expect((await row(d.token))!.revoked_at).toBeNull();
      expect((await sessions.refresh(d.token)).user.username).toBe('bob');
    });

    it('keeps token hashes unique', async () => {
      const s = await sessions.start({ id: userId });
      const dup = t.db.insertInto('refresh_tokens').values({ id: 'dup', user_id: userId, token_hash: sha256(s.token), expires_at: s.expiresAt, revoked_at: null, created_at: s.expiresAt }).execute();
      await expect(dup).rejects.toThrow();
    });
  });
}
