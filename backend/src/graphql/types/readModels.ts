/** Overview, activity, failure groups, API usage statistics and settings: the dashboard's read models. */
import type { ActivityItem, Overview } from '../../domain/overview/service.js';
import type { FailureGroup } from '../../domain/failures/service.js';
import type { UsageDayRow, UsageTotal } from '../../domain/usage/service.js';
import type { ConfigVariable } from '../../domain/settings/service.js';
import type { QueueStats } from '../../queue/redrive.js';
import { builder } from '../builder.js';
import { QueueRef } from './job.js';

const StatusCount = builder.objectRef<{ status: string; count: number }>('StatusCount').implement({
  fields: (t) => ({ status: t.exposeString('status', { description: 'Upper case' }), count: t.exposeInt('count') }),
});
const MinuteCount = builder.objectRef<{ minute: string; count: number }>('MinuteCount').implement({
  fields: (t) => ({ minute: t.field({ type: 'DateTime', resolve: (m) => m.minute }), count: t.exposeInt('count') }),
});
const counts = (r: Record<string, number>) => Object.entries(r).map(([status, count]) => ({ status: status.toUpperCase(), count }));

/** The overview with the broker's part (queues, dead letters; null when the broker is unreachable). */
export type OverviewView = Overview & { queues: QueueStats[] | null };

export const OverviewRef = builder.objectRef<OverviewView>('Overview').implement({
  fields: (t) => ({
    filesByStatus: t.field({ type: [StatusCount], resolve: (o) => counts(o.filesByStatus) }),
    jobsByStatus: t.field({ type: [StatusCount], resolve: (o) => counts(o.jobsByStatus) }),
    completedPerMinute: t.field({ type: [MinuteCount], description: 'Jobs completed per minute over the last hour, oldest first', resolve: (o) => o.completedPerMinute }),
    awaitingReview: t.exposeInt('awaitingReview', { description: 'Files PROCESSED, waiting for a decision' }),
    queues: t.field({ type: [QueueRef], nullable: true, description: 'Null when RabbitMQ is unreachable', resolve: (o) => o.queues }),
    deadLetters: t.int({ nullable: true, description: 'Dead letters in all queues (null when RabbitMQ is unreachable)', resolve: (o) => (o.queues ? o.queues.reduce((n, q) => n + q.dlq_depth, 0) : null) }),
    at: t.field({ type: 'DateTime', resolve: (o) => o.at }),
  }),
});

export const ActivityKind = builder.enumType('ActivityKind', { values: ['FILE_STATUS', 'REVIEW', 'JOB_FAILED'] as const });

export const ActivityRef = builder.objectRef<ActivityItem>('Activity').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: ActivityKind, resolve: (a) => a.kind.toUpperCase() as never }),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    fileId: t.exposeID('fileId', { nullable: true }),
    filename: t.string({ nullable: true, resolve: (a) => a.filename ?? null }),
    jobId: t.id({ nullable: true, resolve: (a) => a.jobId ?? null }),
    status: t.string({ nullable: true, resolve: (a) => a.status?.toUpperCase() ?? null }),
    decision: t.string({ nullable: true, resolve: (a) => a.decision?.toUpperCase() ?? null }),
    reviewer: t.string({ nullable: true, resolve: (a) => a.reviewer ?? null }),
    reason: t.string({ nullable: true, resolve: (a) => a.reason ?? null }),
    error: t.string({ nullable: true, resolve: (a) => a.error ?? null }),
    commandType: t.string({ nullable: true, resolve: (a) => a.commandType ?? null }),
  }),
});

const ActivityEdge = builder.objectRef<ActivityItem>('ActivityEdge').implement({
  fields: (t) => ({ node: t.field({ type: ActivityRef, resolve: (a) => a }), cursor: t.exposeString('cursor') }),
});
export const ActivityConnection = builder.objectRef<{ items: ActivityItem[]; nextCursor: string | null }>('ActivityConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ActivityEdge], resolve: (p) => p.items }),
    pageInfo: t.field({
      type: builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('ActivityPageInfo').implement({
        fields: (f) => ({ hasNextPage: f.exposeBoolean('hasNextPage'), endCursor: f.exposeString('endCursor', { nullable: true }) }),
      }),
      resolve: (p) => ({ hasNextPage: p.nextCursor !== null, endCursor: p.nextCursor }),
    }),
  }),
});

export const FailureGroupRef = builder.objectRef<FailureGroup>('FailureGroup').implement({
  description: 'FAILED jobs sharing a normalised error (ids, numbers and quoted values replaced)',
  fields: (t) => ({
    fingerprint: t.exposeString('fingerprint'),
    count: t.exposeInt('count'),
    firstSeen: t.field({ type: 'DateTime', nullable: true, resolve: (g) => g.firstSeen }),
    lastSeen: t.field({ type: 'DateTime', nullable: true, resolve: (g) => g.lastSeen }),
    sampleError: t.exposeString('sampleError', { nullable: true }),
    normalisedError: t.exposeString('normalisedError'),
    commandTypes: t.exposeStringList('commandTypes'),
    jobIds: t.exposeIDList('jobIds'),
    fileIds: t.exposeIDList('fileIds'),
  }),
});

export const UsageStatRef = builder.objectRef<UsageDayRow>('ApiUsageStat').implement({
  fields: (t) => ({
    day: t.exposeString('day', { description: 'UTC day, YYYY-MM-DD' }),
    service: t.exposeString('service'),
    calls: t.exposeInt('calls'),
    errors: t.exposeInt('errors'),
    costUsd: t.exposeFloat('costUsd', { nullable: true }),
    lowestRateLimitRemaining: t.exposeFloat('minRateLimitRemaining', { nullable: true }),
  }),
});
export const UsageTotalRef = builder.objectRef<UsageTotal>('ApiUsageTotal').implement({
  fields: (t) => ({
    service: t.exposeString('service'),
    calls: t.exposeInt('calls'),
    errors: t.exposeInt('errors'),
    costUsd: t.exposeFloat('costUsd', { nullable: true }),
    lowestRateLimitRemaining: t.exposeFloat('minRateLimitRemaining', { nullable: true }),
  }),
});

export const ConfigVariableRef = builder.objectRef<ConfigVariable>('ConfigVariable').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.exposeString('value', { nullable: true, description: 'Masked (********) when secret' }),
    secret: t.exposeBoolean('secret'),
    set: t.exposeBoolean('set', { description: 'Set in the environment (else a default)' }),
  }),
});
