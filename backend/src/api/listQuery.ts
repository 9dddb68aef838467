/** Query-string pieces shared by the list endpoints (SPEC §4: limit 50 by default, 500 at most). */
import { z } from 'zod';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../db/pagination.js';

export const limitParam = z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT);
export const cursorParam = z.string().max(500).optional();

/** A state filter: the APIs show states upper case, the database stores them lower case. */
export function stateParam<const S extends readonly [string, ...string[]]>(states: S) {
  return z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(states))
    .optional();
}
