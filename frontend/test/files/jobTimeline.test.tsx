/** The job timeline's shaping: runs newest first (a running one first of all), and the words for RUNNING, LATER ×N and LOST. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { commandLabel, runLook, shapeJobs, shapeRuns } from '../../src/features/files/timeline';
import { JobTimeline } from '../../src/features/files/components/JobTimeline';
import type { FileJob, FileJobRun } from '../../src/features/files/api';
import { renderWithRouter } from './helpers';

const run = (over: Partial<FileJobRun>): FileJobRun => ({ attempt: 1, outcome: 'COMPLETED', runs: 1, error: null, worker: 'vm:1', startedAt: '2026-12-01T08:00:00.000Z', endedAt: '2026-12-01T08:00:01.500Z', ...over });

describe('shapeRuns', () => {
  it('puts a running run first, then the newest start first', () => {
    const runs = [
      run({ attempt: 1, outcome: 'RETRY', startedAt: '2026-12-01T08:00:00.000Z', endedAt: '2026-12-01T08:00:02.000Z', error: 'timeout' }),
      run({ attempt: 3, outcome: 'RUNNING', startedAt: '2026-12-01T08:05:00.000Z', endedAt: null }),
      run({ attempt: 2, outcome: 'LOST', startedAt: '2026-12-01T08:03:00.000Z', endedAt: '2026-12-01T08:04:00.000Z' }),
    ];
    expect(shapeRuns(runs).map((r) => [r.attempt, r.outcome])).toEqual([
      [3, 'RUNNING'],
      [2, 'LOST'],
      [1, 'RETRY'],
    ]);
    // A running run is first even when a later-started one came back before it (clock skew between workers).
    const skew = shapeRuns([run({ attempt: 2, outcome: 'COMPLETED', startedAt: '2026-12-01T09:00:00.000Z' }), run({ attempt: 3, outcome: 'RUNNING', startedAt: '2026-12-01T08:59:59.000Z', endedAt: null })]);
    expect(skew[0].outcome).toBe('RUNNING');
  });

  it('says what RUNNING, LATER ×N and LOST mean', () => {
    const [running, later, lost, single] = shapeRuns([
      run({ outcome: 'RUNNING', startedAt: '2026-12-01T08:10:00.000Z', endedAt: null }),
      run({ outcome: 'LATER', runs: 3, startedAt: '2026-12-01T08:05:00.000Z', endedAt: '2026-12-01T08:06:30.000Z', error: 'prediction still running' }),
      run({ outcome: 'LOST', startedAt: '2026-12-01T08:02:00.000Z', endedAt: '2026-12-01T08:03:00.000Z' }),
      run({ outcome: 'LATER', runs: 1, startedAt: '2026-12-01T08:01:00.000Z' }),
    ]);
    expect(running).toMatchObject({ label: 'Running now', running: true, durationMs: null, tone: 'progress' });
    expect(later).toMatchObject({ label: 'Waiting ×3', count: 3, durationMs: 90_000 });
    expect(later.description).toContain('checked 3 times');
    expect(lost.label).toBe('Lost');
    expect(lost.description).toMatch(/stopped without reporting back/);
    expect(single.label).toBe('Waiting');
  });

  it('words an outcome it does not know (a newer API) from its name', () => {
    expect(runLook('TIMED_OUT')).toMatchObject({ label: 'Timed out', tone: 'neutral' });
    expect(runLook('RETRY', 2).label).toBe('Failed, will retry ×2');
  });

  it('orders jobs newest first and names their commands', () => {
    const jobs = shapeJobs([
      { id: 'a', commandType: 'CreateFileRecord', status: 'COMPLETED', createdAt: '2026-12-01T08:00:00.000Z', runs: [] },
      { id: 'b', commandType: 'UpscaleImage', status: 'RUNNING', createdAt: '2026-12-01T08:01:00.000Z', runs: [] },
    ]);
    expect(jobs.map((j) => [j.id, j.label])).toEqual([
      ['b', 'Upscale the image'],
      ['a', 'Receive the file'],
    ]);
    expect(commandLabel('SomethingNew')).toBe('Something new');
  });
});

describe('JobTimeline', () => {
  const job = (over: Partial<FileJob>): FileJob => ({
    id: 'job-1',
    commandType: 'UpscaleImage',
    status: 'RETRYING',
    attempts: 2,
    maxAttempts: 5,
    lastError: 'replicate 503',
    createdAt: '2026-12-01T08:00:00.000Z',
    startedAt: '2026-12-01T08:00:00.000Z',
    completedAt: null,
    runAfter: null,
    runs: [],
    ...over,
  });

  it('shows every job with every run, newest first, with its error and worker', async () => {
    await renderWithRouter(
      <JobTimeline
        jobs={[
          job({
            runs: [
              run({ attempt: 1, outcome: 'RETRY', error: 'replicate 503', worker: 'host-a:11', startedAt: '2026-12-01T08:00:00.000Z' }),
              run({ attempt: 2, outcome: 'LATER', runs: 4, error: 'prediction still running', worker: 'host-b:22', startedAt: '2026-12-01T08:02:00.000Z' }),
            ],
          }),
          job({ id: 'job-0', commandType: 'CreateFileRecord', status: 'PENDING', createdAt: '2026-12-01T07:00:00.000Z', lastError: null, runs: [] }),
        ]}
      />,
    );
    const attempts = screen.getByRole('list', { name: 'Attempts of Upscale the image' });
    const items = within(attempts).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Waiting ×4');
    expect(items[0]).toHaveTextContent('host-b:22');
    expect(items[1]).toHaveTextContent('Failed, will retry');
    expect(items[1]).toHaveTextContent('replicate 503');
    expect(items[1]).toHaveTextContent('host-a:11');
    expect(screen.getByText('Not started yet: waiting for a worker.')).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: 'Open in Jobs' });
    expect(links[0]).toHaveAttribute('href', '/jobs?search=job-1');
  });

  it('says so when the file has no jobs', () => {
    render(<JobTimeline jobs={[]} />);
    expect(screen.getByText('No jobs for this file yet.')).toBeInTheDocument();
  });
});
