/**
 * The GraphQL schema is code-first (Pothos): each type is declared once in TypeScript,
 * so resolvers are type-checked against the rows and services they return.
 */
import SchemaBuilder from '@pothos/core';
import type { GqlContext } from './context.js';

export const builder = new SchemaBuilder<{
  Context: GqlContext;
  Scalars: {
    /** ISO-8601 UTC timestamp, as stored. */
    DateTime: { Input: string; Output: string };
    /** Any JSON value (payloads, results, checkpoints, metadata). */
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({ defaultFieldNullability: false });

builder.scalarType('DateTime', {
  description: 'ISO-8601 UTC timestamp',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new TypeError('DateTime must be an ISO-8601 string');
    return new Date(v).toISOString();
  },
});
builder.scalarType('JSON', { description: 'Any JSON value', serialize: (v) => v, parseValue: (v) => v });

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
