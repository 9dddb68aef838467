/** GraphQL over HTTP for tests: one request, its status and body. */
import { call } from '../helpers/stack.js';

export interface GqlAnswer {
  status: number;
  data: any;
  errors: { message: string; extensions?: { code?: string } & Record<string, unknown> }[] | undefined;
}

export async function gql(url: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<GqlAnswer> {
  const r = await call(url, 'POST', '/graphql', { token, body: { query, variables } });
  return { status: r.status, data: r.body?.data, errors: r.body?.errors };
}

export const codes = (a: GqlAnswer) => (a.errors ?? []).map((e) => e.extensions?.code);
