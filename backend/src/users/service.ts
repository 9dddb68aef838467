/**
 * Users and credentials: argon2id password hashes (@node-rs/argon2, OWASP's
 * recommended parameters), HS256 access tokens (jose). Roles (SPEC §4):
 * admin — everything; reviewer — read, approve, reject; service — webhooks only.
 */
import { randomUUID } from 'node:crypto';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Db } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { nowIso } from '../time.js';

export const ROLES = ['admin', 'reviewer', 'service'] as const;
export type Role = (typeof ROLES)[number];

const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function createUser(db: Db, username: string, password: string, role: Role): Promise<User> {
  const now = nowIso();
  const user: User = { id: randomUUID(), username, password_hash: await hashPassword(password), role, created_at: now, updated_at: now };
  await db.insertInto('users').values(user).execute();
  return user;
}

// A fixed hash to verify against when the user does not exist, so that a missing
// user and a wrong password take the same time.
let dummyHash: Promise<string> | null = null;

export async function authenticate(db: Db, username: string, password: string): Promise<User | null> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) {
    dummyHash ??= hashPassword(randomUUID());
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  return (await verify(user.password_hash, password).catch(() => false)) ? user : null;
}

/** ADMIN_USERNAME/ADMIN_PASSWORD create the first admin when no user exists. */
export async function ensureFirstAdmin(db: Db, username?: string, password?: string): Promise<User | null> {
  if (!username || !password) return null;
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  try {
    return await createUser(db, username, password, 'admin');
  } catch {
    return null; // another process created it first
  }
}

export interface TokenClaims {
  sub: string;
  role: Role;
  /** Expiry, seconds since the epoch (set on verified tokens). */
  exp?: number;
}

export class InvalidTokenError extends Error {}

const secretKey = (secret: string) => new TextEncoder().encode(secret);

export async function signToken(secret: string, claims: TokenClaims, expiresInSeconds: number): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${expiresInSeconds}s`)
    .sign(secretKey(secret));
}

/**
 * Valid when the HS256 signature, `exp` (30 s leeway) and `role` check out (SPEC §4);
 * `sub` names the caller and is not looked up; no iss/aud. Only HS256 is accepted
 * (so `alg: none` and algorithm swaps are refused).
 */
export async function verifyToken(secret: string, token: string): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { algorithms: ['HS256'], clockTolerance: 30, requiredClaims: ['exp', 'sub'] });
    const role = payload.role;
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('token has no valid role');
    return { sub: String(payload.sub), role: role as Role, exp: payload.exp };
  } catch (err) {
    if (err instanceof InvalidTokenError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
    throw new InvalidTokenError('token is not valid');
  }
}
