/**
 * Users and credentials: argon2id password hashes (@node-rs/argon2, OWASP's
 * recommended parameters). Roles (SPEC §4): admin — everything; reviewer — read,
 * approve, reject, edit; service — webhooks only.
 */
import { randomUUID } from 'node:crypto';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { DuplicateError, InvalidStateError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Db } from '../../db/connection.js';
import type { User } from '../../db/schema.js';
import { nowIso } from '../../time.js';
import { anyUser, countAdmins, deleteUser, insertUser, listUsers, setPasswordHash, userById, userByName } from './repository.js';
import { endAllSessions } from './sessions.js';
import { ROLES, type Role } from './tokens.js';

export { ROLES, type Role };
export { signToken, verifyToken, InvalidTokenError, type TokenClaims } from './tokens.js';

const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
export const MIN_PASSWORD_LENGTH = 8;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ValidationError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`);
}

export async function createUser(db: Db, username: string, password: string, role: Role): Promise<User> {
  checkPassword(password);
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(username)) throw new ValidationError('username: 1–100 letters, digits, . _ @ -');
  if (await userByName(db, username)) throw new DuplicateError(`user ${username} exists`, { username });
  const now = nowIso();
  const user: User = { id: randomUUID(), username, password_hash: await hashPassword(password), role, created_at: now, updated_at: now };
  await insertUser(db, user);
  return user;
}

// A fixed hash to verify against when the user does not exist, so that a missing
// user and a wrong password take the same time.
let dummyHash: Promise<string> | null = null;

export async function authenticate(db: Db, username: string, password: string): Promise<User | null> {
  const user = await userByName(db, username);
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
  if (await anyUser(db)) return null;
  try {
    return await createUser(db, username, password, 'admin');
  } catch {
    return null; // another process created it first
  }
}

export class UserService {
  constructor(private readonly db: Db) {}

  list(): Promise<User[]> {
    return listUsers(this.db);
  }

  byName(username: string): Promise<User | undefined> {
    return userByName(this.db, username);
  }

  create(username: string, password: string, role: Role): Promise<User> {
    return createUser(this.db, username, password, role);
  }

  /** A new password ends every session of the user (whoever knew the old one is logged out). */
  async setPassword(id: string, password: string): Promise<User> {
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    const user = await this.db.transaction().execute(async (trx) => {
      const updated = await setPasswordHash(trx, id, passwordHash);
      if (updated) await endAllSessions(trx, id);
      return updated;
    });
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  /** Remove a user (ending their sessions); the last admin stays (someone must be able to log in and manage). */
  async delete(id: string): Promise<void> {
    const user = await userById(this.db, id);
    if (!user) throw new NotFoundError('user', id);
    if (user.role === 'admin' && (await countAdmins(this.db)) <= 1) throw new InvalidStateError('the last admin cannot be removed', 'admin');
    await this.db.transaction().execute(async (trx) => {
      await endAllSessions(trx, id);
      await deleteUser(trx, id);
    });
  }
}
