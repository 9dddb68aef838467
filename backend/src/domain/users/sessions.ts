/**
 * Login sessions that last a working day without a day-long bearer token: login hands
 * the browser a random refresh token (httpOnly cookie, set by the API); each refresh
 * spends it for a new one (rotation) and a short-lived access token. Why so:
 *  - only sha256 of a token is stored, so a copy of the database logs no one in;
 *  - a session ends SESSION_HOURS after login whatever the rotations (each new token
 *    carries the original expiry);
 *  - a spent (revoked) token presented again means someone kept a copy: every session
 *    of that user is ended (theft detection);
 *  - logout ends one session; a password change or removing the user ends them all.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connection.js';
import type { RefreshTokensTable, User } from '../../db/schema.js';
import { nowIso } from '../../time.js';
import { userById } from './repository.js';

export const DEFAULT_SESSION_HOURS = 12;

/** A refresh token that logs no one in (unknown, spent, expired, or its user gone). */
export class SessionRefusedError extends Error {}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

// ── repository ──────────────────────────────────────────────────────────────

export type RefreshTokenRow = Selectable<RefreshTokensTable>;

export async function insertRefreshToken(db: Db, userId: string, tokenHash: string, expiresAt: string): Promise<void> {
  await db.insertInto('refresh_tokens').values({ id: randomUUID(), user_id: userId, token_hash: tokenHash, expires_at: expiresAt, revoked_at: null, created_at: nowIso() }).execute();
}

export function refreshTokenByHash(db: Db, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  return db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Revoke one token if it is still live; false when it was already revoked (or is gone). */
export async function revokeRefreshToken(db: Db, id: string): Promise<boolean> {
  const r = await db.updateTable('refresh_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Revoke every live token of a user; how many were live. */
export async function revokeUserRefreshTokens(db: Db, userId: string): Promise<number> {
  const r = await db.updateTable('refresh_tokens').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** End every session of a user (password change, removal, theft detection). */
export async function pruneRefreshTokens(db: Db, now = Date.now()): Promise<number> {
  const r = await db.deleteFrom('refresh_tokens').where('expires_at', '<', new Date(now - 86_400_000).toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export const endAllSessions = (db: Db, userId: string): Promise<number> => revokeUserRefreshTokens(db, userId);

// ── service ─────────────────────────────────────────────────────────────────

export interface IssuedSession {
  /** The refresh token itself (only ever in the cookie; never stored). */
  token: string;
  /** When the session ends (ISO-8601). */
  expiresAt: string;
}

export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly sessionHours = DEFAULT_SESSION_HOURS,
  ) {}

  /** A new session for a user who just logged in. `expiresAt` is for tests (a session already over). */
  async start(user: Pick<User, 'id'>, expiresAt = new Date(Date.now() + this.sessionHours * 3_600_000).toISOString()): Promise<IssuedSession> {
    const token = newToken();
    await insertRefreshToken(this.db, user.id, hashToken(token), expiresAt);
    return { token, expiresAt };
  }

  /** Spend a refresh token for its successor (same session end); SessionRefusedError otherwise. */
  async refresh(token: string): Promise<IssuedSession & { user: User }> {
    const row = await refreshTokenByHash(this.db, hashToken(token));
    if (!row) throw new SessionRefusedError('unknown refresh token');
    if (Date.parse(row.expires_at) <= Date.now()) throw new SessionRefusedError('session ended; log in again');
    const successor = newToken();
    const spent = await this.db.transaction().execute(async (trx) => {
      // The conditional revoke decides between two refreshes racing with one token.
      if (!(await revokeRefreshToken(trx, row.id))) return false;
      await insertRefreshToken(trx, row.user_id, hashToken(successor), row.expires_at);
      return true;
    });
    if (!spent) {
      await endAllSessions(this.db, row.user_id);
      throw new SessionRefusedError('refresh token was already used; every session of this user has been ended');
    }
    const user = await userById(this.db, row.user_id);
    if (!user) throw new SessionRefusedError('the user no longer exists');
    return { user, token: successor, expiresAt: row.expires_at };
  }

  /** Logout: end the session this token belongs to (unknown tokens are ignored). */
  async end(token: string): Promise<void> {
    const row = await refreshTokenByHash(this.db, hashToken(token));
    if (row) await revokeRefreshToken(this.db, row.id);
  }

  endAll(userId: string): Promise<number> {
    return endAllSessions(this.db, userId);
  }

  /** Retention: refresh tokens whose session ended more than a day ago (revoked ones are kept that long for theft detection). */
  prune(): Promise<number> {
    return pruneRefreshTokens(this.db);
  }
}
