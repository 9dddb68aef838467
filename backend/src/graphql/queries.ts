/** Read queries. Thin: check the role, call a service, hand back rows for the types to present. */
import { queueStats } from '../queue/redrive.js';
import { builder } from './builder.js';
import { ADMINS, READERS, allow } from './context.js';
import { FileStatus, JobStatus, lower, pageSize } from './types/common.js';
import { FileConnection } from './types/file.js';
import { JobConnection, QueueRef } from './types/job.js';
import { FileRef, JobRef } from './types/refs.js';
import { UserRef } from './types/user.js';
import { ActivityConnection, ConfigVariableRef, FailureGroupRef, OverviewRef, UsageStatRef, UsageTotalRef } from './types/readModels.js';
import { PriceRef } from './mutations.js';
import { BackupConnection, BackupScheduleRef } from './types/backup.js';
import type { UsageStats } from '../domain/usage/service.js';
import type { ConfigVariable } from '../domain/settings/service.js';
import type { GqlContext } from './context.js';
import { gqlError } from './errors.js';

/** Queue depths from the broker, or null when it is unreachable (the API keeps serving). */
async function brokerQueues(ctx: GqlContext) {
  if (!ctx.engine.broker.connected) return null;
  return queueStats(ctx.engine.broker).catch(() => null);
}

builder.queryFields((t) => ({
  files: t.field({
    type: FileConnection,
    description: 'Files, newest first. `search` matches the filenames and the species.',
    args: {
      status: t.arg({ type: FileStatus }),
      species: t.arg.string(),
      search: t.arg.string(),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.services.files.list({ status: lower(a.status), species: a.species ?? undefined, search: a.search?.trim() || undefined, limit: pageSize(a.first), cursor: a.after });
    },
  }),
  file: t.field({
    type: FileRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.loaders.file.load(String(a.id));
    },
  }),
  jobs: t.field({
    type: JobConnection,
    description: 'Jobs, newest first. `search` matches a job id, a payload value or an error text.',
    args: {
      status: t.arg({ type: JobStatus }),
      commandType: t.arg.string(),
      fileId: t.arg.id(),
      search: t.arg.string(),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.services.jobs.list({
        status: lower(a.status),
        commandType: a.commandType ?? undefined,
        fileId: a.fileId ? String(a.fileId) : undefined,
        search: a.search?.trim() || undefined,
        limit: pageSize(a.first),
        cursor: a.after,
      });
    },
  }),
  job: t.field({
    type: JobRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.loaders.job.load(String(a.id));
    },
  }),
  queues: t.field({
    type: [QueueRef],
    resolve: async (_r, _a, ctx) => {
      allow(ctx, READERS);
      const queues = await brokerQueues(ctx);
      if (!queues) throw gqlError('SERVICE_UNAVAILABLE', 'RabbitMQ is not reachable right now');
      return queues;
    },
  }),
  users: t.field({
    type: [UserRef],
    resolve: (_r, _a, ctx) => {
      allow(ctx, ADMINS);
      return ctx.services.users.list();
    },
  }),
  me: t.field({
    type: builder.objectRef<{ username: string; role: string }>('Me').implement({
      fields: (f) => ({ username: f.exposeString('username'), role: f.exposeString('role') }),
    }),
    description: 'The caller',
    resolve: (_r, _a, ctx) => {
      allow(ctx, READERS);
      return { username: ctx.user.sub, role: ctx.user.role.toUpperCase() };
    },
  }),
}));

builder.queryFields((t) => ({
  overview: t.field({
    type: OverviewRef,
    resolve: async (_r, _a, ctx) => {
      allow(ctx, READERS);
      const [o, queues] = await Promise.all([ctx.services.overview.overview(), brokerQueues(ctx)]);
      return { ...o, queues };
    },
  }),
  activity: t.field({
    type: ActivityConnection,
    description: 'Recent file state changes, reviews and failures, newest first',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.services.overview.activity({ first: pageSize(a.first), after: a.after });
    },
  }),
  failureGroups: t.field({
    type: [FailureGroupRef],
    description: 'FAILED jobs grouped by normalised error, newest group first (the latest 10,000 failures)',
    resolve: async (_r, _a, ctx) => {
      allow(ctx, READERS);
      return (await ctx.services.failures.failureGroups()).groups;
    },
  }),
  apiUsageStats: t.field({
    type: builder.objectRef<UsageStats>('ApiUsageStats').implement({
      fields: (f) => ({
        from: f.field({ type: 'DateTime', resolve: (u) => u.from }),
        to: f.field({ type: 'DateTime', resolve: (u) => u.to }),
        days: f.field({ type: [UsageStatRef], description: 'Per service per UTC day', resolve: (u) => u.days }),
        totals: f.field({ type: [UsageTotalRef], description: 'Per service over the range', resolve: (u) => u.totals }),
      }),
    }),
    description: 'API calls per service per day in [from, to)',
    args: { from: t.arg({ type: 'DateTime', required: true }), to: t.arg({ type: 'DateTime', required: true }), service: t.arg.string() },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.services.usage.stats({ from: a.from, to: a.to, service: a.service ?? undefined });
    },
  }),
  settings: t.field({
    type: builder.objectRef<{ configuration: ConfigVariable[]; prices: Record<string, number> }>('Settings').implement({
      fields: (f) => ({
        configuration: f.field({ type: [ConfigVariableRef], description: 'Every configuration variable, secrets masked', resolve: (s) => s.configuration }),
        prices: f.field({ type: [PriceRef], description: 'The price table in force', resolve: (s) => Object.entries(s.prices).map(([size, price]) => ({ size, price })) }),
        connections: f.stringList({ description: 'Services testConnection can test', resolve: (_s, _a, ctx) => [...(ctx.engine.app.connections?.names ?? [])] }),
      }),
    }),
    resolve: async (_r, _a, ctx) => {
      allow(ctx, ADMINS);
      return { configuration: ctx.services.settings.configuration(ctx.engine.config, process.env), prices: await ctx.services.settings.prices() };
    },
  }),
  backups: t.field({
    type: BackupConnection,
    description: 'Backups taken (CLI and schedule), newest first (admin)',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: (_r, a, ctx) => {
      allow(ctx, ADMINS);
      return ctx.services.backups.list({ limit: pageSize(a.first), cursor: a.after });
    },
  }),
  backupSchedule: t.field({
    type: BackupScheduleRef,
    description: 'Whether scheduled backups are on, and where they go (admin)',
    resolve: (_r, _a, ctx) => {
      allow(ctx, ADMINS);
      return ctx.services.backups.schedule(ctx.engine.config);
    },
  }),
}));
