/** The whole page against a scripted API: skeletons until the numbers come (never made-up zeros), then the API's figures; errors and a broker outage. */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import OverviewPage from '../../src/features/overview';
import { FILE_STATUSES, JOB_STATUSES } from '../../src/lib/statuses';
import { GraphqlError } from '../../src/lib/graphql';
import { renderInRouter, type Handler } from './helpers';

const START = Date.now() - 59 * 60_000;
const overview = (over: Record<string, unknown> = {}) => ({
  at: new Date().toISOString(),
  awaitingReview: 3,
  deadLetters: 0,
  filesByStatus: FILE_STATUSES.map((status) => ({ status, count: status === 'PROCESSED' ? 3 : 1 })),
  jobsByStatus: JOB_STATUSES.map((status) => ({ status, count: status === 'COMPLETED' ? 950 : 10 })),
  completedPerMinute: Array.from({ length: 60 }, (_, i) => ({ minute: new Date(START + i * 60_000).toISOString(), count: i === 59 ? 7 : 2 })),
  queues: [{ name: 'image.process', depth: 4, consumers: 1, deadLetters: 0 }],
  ...over,
});
const activity = { activity: { edges: [{ node: { id: '1', kind: 'REVIEW', at: new Date().toISOString(), fileId: 'f1', filename: 'heron-at-dawn.jpg', jobId: null, status: null, decision: 'APPROVED', reviewer: 'rita', reason: null, error: null, commandType: null } }] } };

function deferred() {
  let resolve!: (v: unknown) => void;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

describe('OverviewPage', () => {
  it('shows skeletons, not zeros, until the API answers; then its numbers', async () => {
    const pending = deferred();
    const handler: Handler = (op) => (op === 'Overview' ? pending.promise : activity);
    const { container } = renderInRouter(<OverviewPage />, handler);
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(container.querySelector('[data-overview-counts="loading"]')).not.toBeNull();
    const main = container.querySelector('[data-overview-counts]')!.closest('div.space-y-4')!;
    // no figure anywhere but the (loaded) activity feed
    const busy = main.querySelectorAll('[aria-busy="true"]');
    expect(busy.length).toBeGreaterThanOrEqual(5);
    for (const card of busy) expect(card.textContent).not.toMatch(/\d/);
    expect(screen.queryByText('All caught up')).toBeNull();

    pending.resolve({ overview: overview() });
    expect(await screen.findByRole('link', { name: '3 waiting for review' })).toHaveAttribute('href', '/review');
    expect(container.querySelector('[data-overview-counts="ready"]')).not.toBeNull();
    expect(screen.getByRole('img', { name: '125 jobs completed in the last hour, peak 7 per minute.' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'To review 3' })).toHaveAttribute('href', '/files?status=PROCESSED');
    expect(screen.getByRole('link', { name: 'Completed 950' })).toHaveAttribute('href', '/jobs?status=COMPLETED');
    expect(screen.getByText('1,000 jobs by state')).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /image\.process/ })).toHaveTextContent('image.process41');
    expect(screen.getByText(/was approved by rita/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('dead letters: the red banner; nothing waiting: All caught up', async () => {
    renderInRouter(<OverviewPage />, (op) => (op === 'Overview' ? { overview: overview({ deadLetters: 5, awaitingReview: 0 }) } : activity));
    expect(await screen.findByRole('alert')).toHaveTextContent('5 dead letters in the queues');
    expect(screen.getByRole('heading', { name: 'All caught up' })).toBeInTheDocument();
  });

  it('RabbitMQ unreachable: no banner (unknown), the queues card says so', async () => {
    renderInRouter(<OverviewPage />, (op) => (op === 'Overview' ? { overview: overview({ deadLetters: null, queues: null }) } : activity));
    expect(await screen.findByText('RabbitMQ is unreachable')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('the overview fails: one error with a retry; the activity still shows', async () => {
    renderInRouter(<OverviewPage />, (op) => {
      if (op === 'Overview') throw new GraphqlError(200, [{ message: 'database down', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
      return activity;
    });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The overview didn’t load')).toBeInTheDocument();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(await screen.findByText(/was approved by rita/)).toBeInTheDocument();
  });
});
