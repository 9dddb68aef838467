/**
 * Mutations: the review decisions (readers), and the operations (admins). Each checks
 * the role, calls a service and answers what changed; domain errors become GraphQL
 * errors with the REST codes (errors.ts).
 */
import { NotFoundError, ValidationError } from '../core/errors.js';
import { metadataEditsSchema, type MetadataEdits } from '../domain/files/metadata.js';
import { ROLES, type Role } from '../domain/users/service.js';
import { dropStaleDeadLetters, isWorkQueue, redrive } from '../queue/redrive.js';
import { builder } from './builder.js';
import { ADMINS, READERS, allow, type GqlContext } from './context.js';
import { Role as RoleEnum } from './types/common.js';
import { FileRef, JobRef } from './types/refs.js';
import { UserRef } from './types/user.js';

const MetadataEditsInput = builder.inputType('MetadataEdits', {
  description: 'Fields to change in a file\'s metadata; omitted fields stay as they are.',
  fields: (t) => ({
    species: t.string(),
    filename: t.string(),
    title: t.string(),
    description: t.string(),
    hashtags: t.stringList(),
    captions: t.field({ type: builder.inputType('CaptionEdits', { fields: (c) => ({ instagram: c.string(), tiktok: c.string(), pinterest: c.string() }) }) }),
  }),
});

/** GraphQL input → the same checked edits REST accepts (nulls mean "not given"). */
function edits(input: Record<string, unknown> | null | undefined): MetadataEdits {
  const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
  const raw = clean(input ?? {});
  if (raw.captions) raw.captions = clean(raw.captions as Record<string, unknown>);
  const parsed = metadataEditsSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

const FileJob = builder.objectRef<{ file: unknown; jobId: string | null }>('FileJobResult').implement({
  fields: (t) => ({
    file: t.field({ type: FileRef, resolve: (r) => r.file as never }),
    jobId: t.exposeID('jobId', { nullable: true, description: 'The job started by the change, if any' }),
  }),
});
const Count = (name: string, field: string) =>
  builder.objectRef<{ n: number }>(name).implement({ fields: (t) => ({ [field]: t.exposeInt('n') }) });
const Redriven = Count('RedriveResult', 'redriven');
const Retried = Count('RetryGroupResult', 'retried');

const Connection = builder.objectRef<{ ok: boolean; detail: string }>('ConnectionTest').implement({
  fields: (t) => ({ ok: t.exposeBoolean('ok'), detail: t.exposeString('detail') }),
});
const PriceInput = builder.inputType('PriceInput', { fields: (t) => ({ size: t.string({ required: true }), price: t.float({ required: true }) }) });
const PriceRef = builder.objectRef<{ size: string; price: number }>('Price').implement({
  fields: (t) => ({ size: t.exposeString('size', { description: 'SHORTxLONG inches' }), price: t.exposeFloat('price') }),
});
const PriceUpdate = builder.objectRef<{ prices: Record<string, number>; listingsUpdating: number }>('PriceTableUpdate').implement({
  fields: (t) => ({
    prices: t.field({ type: [PriceRef], resolve: (r) => Object.entries(r.prices).map(([size, price]) => ({ size, price })) }),
    listingsUpdating: t.exposeInt('listingsUpdating', { description: 'Listed products being updated with the new prices' }),
  }),
});

const reviewer = (ctx: GqlContext) => ctx.user.sub;

async function retryAndDropDeadLetter(ctx: GqlContext, id: string) {
  const job = await ctx.services.jobs.retry(id);
  // The job's dead letter, if any, is no longer true: drop it now (housekeeping would too).
  if (ctx.engine.broker.connected && isWorkQueue(job.queue)) await dropStaleDeadLetters(ctx.engine, job.queue).catch(() => 0);
  return job;
}

builder.mutationFields((t) => ({
  approveFile: t.field({
    type: FileRef,
    args: { id: t.arg.id({ required: true }), edits: t.arg({ type: MetadataEditsInput }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.services.files.approve(String(a.id), reviewer(ctx), edits(a.edits));
    },
  }),
  rejectFile: t.field({
    type: FileRef,
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      const reason = a.reason.trim();
      if (!reason || reason.length > 1000) throw new ValidationError('reason: 1–1000 characters');
      return ctx.services.files.reject(String(a.id), reviewer(ctx), reason);
    },
  }),
  updateFile: t.field({
    type: FileJob,
    description: 'Edit an APPROVED or PUBLISHED file (a published product is updated through UpdateListing)',
    args: { id: t.arg.id({ required: true }), edits: t.arg({ type: MetadataEditsInput, required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, READERS);
      return ctx.services.files.update(String(a.id), reviewer(ctx), edits(a.edits));
    },
  }),
  reprocessFile: t.field({
    type: FileJob,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, ADMINS);
      return ctx.services.files.reprocess(String(a.id), reviewer(ctx));
    },
  }),
  deleteFile: t.field({
    type: FileJob,
    description: 'Archive a file (nothing is erased; a published product is archived in Shopify too)',
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    resolve: (_r, a, ctx) => {
      allow(ctx, ADMINS);
      return ctx.services.files.archive(String(a.id), reviewer(ctx), a.reason ?? undefined);
    },
  }),
  retryJob: t.field({
    type: JobRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, ADMINS);
      return retryAndDropDeadLetter(ctx, String(a.id));
    },
  }),
  cancelJob: t.field({
    type: JobRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, ADMINS);
      return ctx.services.jobs.cancel(String(a.id));
    },
  }),
  retryFailureGroup: t.field({
    type: Retried,
    description: 'Retry every FAILED job of a failure group',
    args: { fingerprint: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      allow(ctx, ADMINS);
      const ids = await ctx.services.failures.retryGroup(a.fingerprint);
      if (ids.length === 0) throw new NotFoundError('failure group', a.fingerprint);
      const queues = new Set<string>();
      let n = 0;
      for (const id of ids) {
        // One at a time through the same path as retryJob; a job retried meanwhile is skipped.
        const job = await ctx.services.jobs.retry(id).catch(() => null);
        if (job) {
          n++;
          queues.add(job.queue);
        }
      }
      if (ctx.engine.broker.connected) for (const q of queues) if (isWorkQueue(q)) await dropStaleDeadLetters(ctx.engine, q).catch(() => 0);
      return { n };
    },
  }),
  redriveQueue: t.field({
    type: Redriven,
    args: { name: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      allow(ctx, ADMINS);
      if (!isWorkQueue(a.name)) throw new ValidationError(`no work queue ${a.name}`);
      return { n: await redrive(ctx.engine, a.name) };
    },
  }),
  createUser: t.field({
    type: UserRef,
    args: { username: t.arg.string({ required: true }), password: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, ADMINS);
      const role = a.role.toLowerCase() as Role;
      if (!ROLES.includes(role)) throw new ValidationError('unknown role');
      return ctx.services.users.create(a.username, a.password, role);
    },
  }),
  setPassword: t.field({
    type: UserRef,
    description: 'Ends every session of that user',
    args: { id: t.arg.id({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      allow(ctx, ADMINS);
      return ctx.services.users.setPassword(String(a.id), a.password);
    },
  }),
  deleteUser: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, a, ctx) => {
      allow(ctx, ADMINS);
      await ctx.services.users.delete(String(a.id));
      return true;
    },
  }),
  updatePriceTable: t.field({
    type: PriceUpdate,
    description: 'Replace the price table (used by the next listing); applyToListed also pushes it to every published product',
    args: { prices: t.arg({ type: [PriceInput], required: true }), applyToListed: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_r, a, ctx) => {
      allow(ctx, ADMINS);
      const prices = await ctx.services.settings.setPrices(Object.fromEntries(a.prices.map((p) => [p.size, p.price])));
      const listingsUpdating = a.applyToListed ? await ctx.services.files.pushPricesToListed() : 0;
      return { prices, listingsUpdating };
    },
  }),
  testConnection: t.field({
    type: Connection,
    description: 'One cheap authenticated call to the service: ok, or the error',
    args: { service: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => {
      allow(ctx, ADMINS);
      const c = ctx.engine.app.connections;
      if (!c || !c.names.includes(a.service)) throw new NotFoundError('service', a.service);
      return c.test(ctx.engine, a.service);
    },
  }),
}));

export { PriceRef };
