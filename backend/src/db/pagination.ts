/**
 * Keyset pagination, newest first, on (created_at, id): stable under inserts and
 * as fast on page 1,000 as on page 1. The cursor is opaque to clients.
 */
import type { SelectQueryBuilder } from 'kysely';
import { ValidationError } from '../core/errors.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export class InvalidCursorError extends ValidationError {
  constructor() {
    super('cursor is not valid');
  }
}

export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new InvalidCursorError();
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** Apply cursor, order and limit (+1 to learn whether a next page exists). */
export async function paginate<DB, TB extends keyof DB, R extends { created_at: string; id: string }>(
  query: SelectQueryBuilder<DB, TB, R>,
  table: string,
  limit: number,
  cursor?: string | null,
): Promise<Page<R>> {
  let q = query as SelectQueryBuilder<any, any, R>;
  if (cursor) {
    const [createdAt, id] = decodeCursor(cursor);
    q = q.where((eb) =>
      eb.or([
        eb(`${table}.created_at`, '<', createdAt),
        eb.and([eb(`${table}.created_at`, '=', createdAt), eb(`${table}.id`, '<', id)]),
      ]),
    );
  }
  const rows = await q.orderBy(`${table}.created_at`, 'desc').orderBy(`${table}.id`, 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next_cursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null };
}
