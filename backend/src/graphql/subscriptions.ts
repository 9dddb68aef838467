/**
 * Subscriptions (GraphQL over SSE, single-connection mode): jobUpdated(id?),
 * fileUpdated(id), overviewUpdated. Each event is an id from the hub; the current row
 * is loaded when it is sent, so a subscriber never sees stale data.
 */
import { filter, pipe } from 'graphql-yoga';
import { builder } from './builder.js';
import { READERS, allow } from './context.js';
import { FileRef, JobRef } from './types/refs.js';

const Tick = builder.objectRef<{ at: string }>('OverviewTick').implement({
  description: 'Something on the overview changed: query `overview` again',
  fields: (t) => ({ at: t.field({ type: 'DateTime', resolve: (x) => x.at }) }),
});

builder.subscriptionFields((t) => ({
  jobUpdated: t.field({
    type: JobRef,
    nullable: true,
    description: 'A job changed state (all jobs when no id is given)',
    args: { id: t.arg.id() },
    subscribe: (_r, a, ctx) => {
      allow(ctx, READERS);
      const want = a.id ? String(a.id) : null;
      return pipe(ctx.live.pubsub.subscribe('job'), filter((id: string) => want === null || id === want));
    },
    // Not the request's loaders: a subscription lives long, its rows must be fresh each time.
    resolve: async (id: string, _a, ctx) => (await ctx.services.jobs.getMany([id]))[0] ?? null,
  }),
  fileUpdated: t.field({
    type: FileRef,
    nullable: true,
    description: 'A file changed (state, metadata, a job of its)',
    args: { id: t.arg.id({ required: true }) },
    subscribe: (_r, a, ctx) => {
      allow(ctx, READERS);
      const want = String(a.id);
      return pipe(ctx.live.pubsub.subscribe('file'), filter((id: string) => id === want));
    },
    resolve: (id: string, _a, ctx) => ctx.services.files.find(id),
  }),
  overviewUpdated: t.field({
    type: Tick,
    subscribe: (_r, _a, ctx) => {
      allow(ctx, READERS);
      return ctx.live.pubsub.subscribe('overview') as AsyncIterable<unknown>;
    },
    resolve: () => ({ at: new Date().toISOString() }),
  }),
}));
