/**
 * Per-request GraphQL context: the caller (verified access token), the process's
 * services, DataLoaders made fresh for this request (so a page of 50 files costs the
 * same number of SQL queries as a page of 5), and the live-update hub.
 */
import { ForbiddenError } from '../core/errors.js';
import type { Services } from '../domain/services.js';
import type { TokenClaims, Role } from '../domain/users/service.js';
import type { Engine } from '../engine.js';
import type { Live } from './live.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GqlContext {
  user: TokenClaims;
  engine: Engine;
  services: Services;
  loaders: Loaders;
  live: Live;
}

export function makeContext(user: TokenClaims, engine: Engine, services: Services, live: Live): GqlContext {
  return { user, engine, services, live, loaders: createLoaders(services) };
}

/** Roles for reading the dashboard's data and deciding on files (SPEC §4): `service` tokens get nothing here. */
export const READERS: readonly Role[] = ['admin', 'reviewer'];
export const ADMINS: readonly Role[] = ['admin'];

/** Refuse the operation unless the caller has one of `roles`. */
export function allow(ctx: GqlContext, roles: readonly Role[]): void {
  if (!roles.includes(ctx.user.role)) throw new ForbiddenError(`role ${ctx.user.role} may not do this`);
}
