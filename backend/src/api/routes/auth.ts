/**
 * POST /auth/login → a short-lived bearer token, plus a refresh token in an httpOnly
 * cookie; POST /auth/refresh spends that cookie for a new bearer token (and a new
 * cookie); POST /auth/logout ends the session. Why a cookie: the dashboard keeps only
 * the access token in memory, and script on the page can never read the refresh token.
 * SameSite=Strict and Path=/auth keep it off every other request; Secure when the
 * request came over https (so plain http on localhost still works).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Engine } from '../../engine.js';
import { authenticate, signToken, type Role } from '../../domain/users/service.js';
import { SessionRefusedError, SessionService, type IssuedSession } from '../../domain/users/sessions.js';
import { ApiError } from '../errors.js';
import { LoginThrottle } from '../loginThrottle.js';

const loginBody = z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

export const REFRESH_COOKIE = 'ff_refresh';
const COOKIE_PATH = '/auth';

function cookieOptions(req: FastifyRequest) {
  return { httpOnly: true, sameSite: 'strict' as const, path: COOKIE_PATH, secure: req.protocol === 'https' };
}

function setRefreshCookie(req: FastifyRequest, reply: FastifyReply, session: IssuedSession): void {
  reply.setCookie(REFRESH_COOKIE, session.token, { ...cookieOptions(req), expires: new Date(session.expiresAt) });
}

export async function authRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const throttle = new LoginThrottle();
  const sessions = new SessionService(engine.db, engine.config.SESSION_HOURS);
  const { JWT_SECRET, JWT_EXPIRES_SECONDS } = engine.config;
  const accessToken = async (user: { username: string; role: Role }, expiresIn: number) => ({
    access_token: await signToken(JWT_SECRET, { sub: user.username, role: user.role }, expiresIn),
    token_type: 'bearer',
    expires_in: expiresIn,
    role: user.role,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Log in: username and password → bearer token (+ refresh cookie)', body: loginBody } },
    async (req, reply) => {
      const client = req.ip;
      const wait = throttle.refusedFor(client);
      if (wait > 0) throw new ApiError(429, 'RATE_LIMITED', `too many failed logins; try again in ${wait} s`, { retry_after: wait });
      const user = await authenticate(engine.db, req.body.username, req.body.password);
      if (!user) {
        const delay = throttle.fail(client);
        if (delay) await sleep(delay);
        throw new ApiError(401, 'UNAUTHORIZED', 'wrong username or password');
      }
      throttle.succeed(client);
      setRefreshCookie(req, reply, await sessions.start(user));
      return accessToken(user, JWT_EXPIRES_SECONDS);
    },
  );

  r.post(
    '/auth/refresh',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Refresh cookie → new bearer token (the cookie is rotated)' } },
    async (req, reply) => {
      const presented = req.cookies[REFRESH_COOKIE];
      if (!presented) throw new ApiError(401, 'UNAUTHORIZED', 'no refresh cookie; log in');
      let next: Awaited<ReturnType<SessionService['refresh']>>;
      try {
        next = await sessions.refresh(presented);
      } catch (err) {
        if (!(err instanceof SessionRefusedError)) throw err;
        reply.clearCookie(REFRESH_COOKIE, cookieOptions(req));
        throw new ApiError(401, 'UNAUTHORIZED', err.message);
      }
      setRefreshCookie(req, reply, next);
      // An access token never outlives its session.
      const left = Math.floor((Date.parse(next.expiresAt) - Date.now()) / 1000);
      return accessToken(next.user, Math.max(1, Math.min(JWT_EXPIRES_SECONDS, left)));
    },
  );

  r.post(
    '/auth/logout',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'End the session of the refresh cookie' } },
    async (req, reply) => {
      const presented = req.cookies[REFRESH_COOKIE];
      if (presented) await sessions.end(presented);
      return reply.clearCookie(REFRESH_COOKIE, cookieOptions(req)).status(204).send();
    },
  );
}
