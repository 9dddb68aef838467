/**
 * Typed GraphQL (gql.tada): `graphql(\`query …\`)` is checked against the API's schema
 * (backend/schema.graphql → graphql-env.d.ts, `npm run schema -w frontend`), and its
 * result and variables types come from the query text itself: no codegen step per query.
 *
 *   const FileQuery = graphql(`query File($id: ID!) { file(id: $id) { id status updatedAt } }`);
 *   const data = await request(FileQuery, { id });   // data.file?.status: FileStatus
 */
import { initGraphQLTada, type TadaDocumentNode } from 'gql.tada';
import { print } from '@0no-co/graphql.web';
import type { introspection } from './graphql-env.d.ts';
import { ApiError, readError } from './http';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    /** ISO-8601 UTC timestamp */
    DateTime: string;
    JSON: unknown;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';

/** An enum of the schema as a TypeScript union: `EnumOf<'FileStatus'>` = 'APPROVED' | …. */
export type EnumOf<Name extends string> = ReturnType<typeof graphql.scalar<Name>>;

export interface GraphqlErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

/** A GraphQL answer with errors: `code` is the first error's REST-style code (NOT_FOUND, FORBIDDEN, …). */
export class GraphqlError extends ApiError {
  constructor(
    status: number,
    readonly errors: GraphqlErrorItem[],
  ) {
    super(status, errors[0]?.extensions?.code ?? 'GRAPHQL_ERROR', errors.map((e) => e.message).join('; ') || 'the query failed');
    this.name = 'GraphqlError';
  }
}

export type Request = <R, V>(document: TadaDocumentNode<R, V>, ...variables: V extends Record<string, never> ? [] | [V] : [V]) => Promise<R>;

/** The operation's text (gql.tada documents are plain DocumentNodes). */
export const printDocument = (document: TadaDocumentNode<unknown, unknown>): string => print(document);

/**
 * A request function over `fetchFn` (the session's authorizedFetch: bearer token, renewal
 * on 401). Data with no errors → the data; any error → GraphqlError (all or nothing:
 * a page shows an error state rather than half an answer).
 */
export function createRequest(url: string, fetchFn: (url: string, init: RequestInit) => Promise<Response>): Request {
  return async (document, ...rest) => {
    const res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: printDocument(document as TadaDocumentNode<unknown, unknown>), variables: rest[0] ?? {} }),
    });
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json')) throw await readError(res);
    const body = (await res.json()) as { data?: unknown; errors?: GraphqlErrorItem[]; detail?: string; error_code?: string };
    if (body.errors?.length) throw new GraphqlError(res.status, body.errors);
    if (!res.ok || body.data === undefined || body.data === null) {
      throw new ApiError(res.status, body.error_code ?? 'GRAPHQL_ERROR', body.detail ?? `the server answered ${res.status}`);
    }
    return body.data as never;
  };
}
