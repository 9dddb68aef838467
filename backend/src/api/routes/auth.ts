/** POST /auth/login → a bearer token. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Engine } from '../../engine.js';
import { authenticate, signToken } from '../../domain/users/service.js';
import { ApiError } from '../errors.js';
import { LoginThrottle } from '../loginThrottle.js';

const loginBody = z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });

export async function authRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const throttle = new LoginThrottle();
  app.withTypeProvider<ZodTypeProvider>().post(
    '/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Log in: username and password → bearer token', body: loginBody } },
    async (req) => {
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
      const expiresIn = engine.config.JWT_EXPIRES_SECONDS;
      const token = await signToken(engine.config.JWT_SECRET, { sub: user.username, role: user.role }, expiresIn);
      return { access_token: token, token_type: 'bearer', expires_in: expiresIn, role: user.role };
    },
  );
}
