/** Read queries. Thin: check the role, call a service, hand back rows for the types to present. */
import { queueStats } from '../queue/redrive.js';
import { builder } from './builder.js';
import { ADMINS, READERS, allow } from './context.js';
import { FileStatus, JobStatus, lower, pageSize } from './types/common.js';
import { FileConnection } from './types/file.js';
import { JobConnection, QueueRef } from './types/job.js';
import { FileRef, JobRef } from './types/refs.js';
import { UserRef } from './types/user.js';

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
      return queueStats(ctx.engine.broker);
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
