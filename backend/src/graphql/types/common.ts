/** Enums and the connection shape shared by the schema's types. */
import { FILE_STATES, JOB_STATES, RUN_OUTCOMES } from '../../db/schema.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../../db/pagination.js';
import { ValidationError } from '../../core/errors.js';
import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.js';

const upperValues = <T extends string>(xs: readonly T[]) => xs.map((x) => x.toUpperCase()) as Uppercase<T>[];

export const FileStatus = builder.enumType('FileStatus', { values: upperValues(FILE_STATES) });
export const JobStatus = builder.enumType('JobStatus', { values: upperValues(JOB_STATES) });
export const RunOutcome = builder.enumType('RunOutcome', { values: [...upperValues(RUN_OUTCOMES), 'RUNNING'] as const });
export const Role = builder.enumType('Role', { values: ['ADMIN', 'REVIEWER', 'SERVICE'] as const });

/** Stored lower case; GraphQL enums are upper case. */
export const lower = <T extends string>(v: T | null | undefined) => (v ? (v.toLowerCase() as Lowercase<T>) : undefined);

export const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

/** A page as the repositories return it (keyset: `next_cursor` null on the last page). */
export interface PageOf<T> {
  items: T[];
  next_cursor: string | null;
}

/** `XConnection { edges { node } pageInfo }` over a keyset page. */
export function connection<T>(name: string, node: ObjectRef<any, T>) {
  const Edge = builder.objectRef<{ node: T }>(`${name}Edge`).implement({
    fields: (t) => ({ node: t.field({ type: node, resolve: (e) => e.node as never }) }),
  });
  return builder.objectRef<PageOf<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (p) => p.items.map((n) => ({ node: n })) }),
      pageInfo: t.field({ type: PageInfo, resolve: (p) => ({ hasNextPage: p.next_cursor !== null, endCursor: p.next_cursor }) }),
      totalShown: t.int({ description: 'Items on this page', resolve: (p) => p.items.length }),
    }),
  });
}

/** `first` as a page size: default 50, at most 500 (as REST's `limit`). */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_LIMIT;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new ValidationError(`first must be a whole number from 1 to ${MAX_LIMIT}`);
  return n;
}
