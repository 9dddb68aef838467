/**
 * GraphQL errors carry `extensions.code` with the REST error codes. Domain errors
 * (core/errors.ts) are mapped here, in one place, as REST maps them in api/errors.ts;
 * anything unexpected is masked as INTERNAL_ERROR (logged, never shown).
 */
import { GraphQLError } from 'graphql';
import { DomainError } from '../core/errors.js';
import type { Logger } from '../logger.js';

export function gqlError(code: string, message: string, status?: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(status ? { http: { status } } : {}) } });
}

/** Yoga's `maskError`: what a client may see of an error. */
export function maskError(log: Logger) {
  return (error: unknown): Error => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) {
      return new GraphQLError(original.message, {
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        path: error instanceof GraphQLError ? error.path : undefined,
        extensions: { code: original.code, ...original.context },
      });
    }
    if (original instanceof GraphQLError) {
      // Parse and validation errors (bad query, unknown field, limits) are the client's.
      if (!original.extensions?.code) return new GraphQLError(original.message, { nodes: original.nodes, path: original.path, extensions: { ...original.extensions, code: 'VALIDATION_ERROR' } });
      return original;
    }
    log.error({ err: original }, 'GraphQL resolver failed');
    return new GraphQLError('internal error', { path: error instanceof GraphQLError ? error.path : undefined, extensions: { code: 'INTERNAL_ERROR' } });
  };
}
