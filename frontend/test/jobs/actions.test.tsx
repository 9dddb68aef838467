/** Who may do what: Retry (FAILED, CANCELLED), Cancel (PENDING, RETRYING, RUNNING), Retry all, Redrive — admins only, and reviewers see no control at all. */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { JobActions } from '../../src/features/jobs/components/JobActions';
import { QueuesTab } from '../../src/features/jobs/components/QueuesTab';
import { FailureGroupCard } from '../../src/features/jobs/components/FailureGroupCard';
import { canRedrive, canRetryGroup, jobActions } from '../../src/features/jobs/model/actions';
import { shapeFailureGroups } from '../../src/features/jobs/model/failureGroups';
import { JOB_STATUSES } from '../../src/lib/statuses';
import type { UseQueryResult } from '@tanstack/react-query';
import type { QueueRow } from '../../src/features/jobs/api';
import { renderWith } from './helpers';

const EXPECTED: Record<string, { retry: boolean; cancel: boolean }> = {
  PENDING: { retry: false, cancel: true },
  RUNNING: { retry: false, cancel: true },
  RETRYING: { retry: false, cancel: true },
  COMPLETED: { retry: false, cancel: false },
  FAILED: { retry: true, cancel: false },
  CANCELLED: { retry: true, cancel: false },
};

describe('jobActions (status × role)', () => {
  it.each(JOB_STATUSES.map((s) => [s]))('admin, %s', (status) => {
    expect(jobActions(status, 'admin')).toEqual(EXPECTED[status]);
  });

  it.each(JOB_STATUSES.map((s) => [s]))('reviewer, %s: nothing', (status) => {
    expect(jobActions(status, 'reviewer')).toEqual({ retry: false, cancel: false });
  });

  it('an unknown status or role allows nothing', () => {
    expect(jobActions('PAUSED', 'admin')).toEqual({ retry: false, cancel: false });
    expect(jobActions('FAILED', 'service')).toEqual({ retry: false, cancel: false });
  });

  it('retry all and redrive: admins, when there is something to do', () => {
    expect(canRetryGroup('admin', 3)).toBe(true);
    expect(canRetryGroup('admin', 0)).toBe(false);
    expect(canRetryGroup('reviewer', 3)).toBe(false);
    expect(canRedrive('admin', 2)).toBe(true);
    expect(canRedrive('admin', 0)).toBe(false);
    expect(canRedrive('reviewer', 2)).toBe(false);
  });
});

const job = (status: string) => ({ id: '0190a3b4-0000-7000-8000-00000000abcd', commandType: 'UpscaleImage', status, maxAttempts: 5 });

describe('the controls on screen', () => {
  it.each(JOB_STATUSES.map((s) => [s]))('an admin sees exactly the allowed buttons for %s', (status) => {
    renderWith(<JobActions job={job(status)} />, 'admin');
    expect(screen.queryByRole('button', { name: 'Retry' }) !== null).toBe(EXPECTED[status].retry);
    expect(screen.queryByRole('button', { name: 'Cancel' }) !== null).toBe(EXPECTED[status].cancel);
  });

  it.each(JOB_STATUSES.map((s) => [s]))('a reviewer sees no Retry or Cancel for %s', (status) => {
    renderWith(<JobActions job={job(status)} />, 'reviewer');
    expect(screen.queryByRole('button')).toBeNull();
  });

  const group = shapeFailureGroups([
    { fingerprint: 'fp1', count: 4, firstSeen: '2026-12-01T10:00:00Z', lastSeen: '2026-12-01T11:00:00Z', normalisedError: 'e', sampleError: 'e', commandTypes: ['UpscaleImage'], jobIds: ['a', 'b', 'c', 'd'], fileIds: [] },
  ]).groups[0];

  it('"Retry all N" for admins only', () => {
    const admin = renderWith(<FailureGroupCard group={group} canRetry={canRetryGroup('admin', group.count)} />, 'admin');
    expect(screen.getByRole('button', { name: 'Retry all 4' })).toBeInTheDocument();
    admin.unmount();
    renderWith(<FailureGroupCard group={group} canRetry={canRetryGroup('reviewer', group.count)} />, 'reviewer');
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show the 4 jobs' })).toBeInTheDocument();
  });

  const queues = { data: [{ name: 'image.process', depth: 2, consumers: 1, deadLetters: 3 }, { name: 'system', depth: 0, consumers: 1, deadLetters: 0 }], isPending: false, isError: false } as unknown as UseQueryResult<QueueRow[]>;

  it('"Redrive" for admins, on queues with dead letters only', () => {
    const admin = renderWith(<QueuesTab query={queues} role="admin" />, 'admin');
    // the table and the phone list each render the row (one of them hidden by CSS)
    expect(screen.getAllByRole('button', { name: 'Redrive' }).length).toBe(2);
    admin.unmount();
    renderWith(<QueuesTab query={queues} role="reviewer" />, 'reviewer');
    expect(screen.queryByRole('button', { name: 'Redrive' })).toBeNull();
  });
});
