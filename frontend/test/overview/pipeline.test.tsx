/** Files by status → the pipeline's stages: every status in exactly one stage, the counts add up, each stage links to its filtered Files page. */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FILE_STATUSES } from '../../src/lib/statuses';
import { PipelineCard } from '../../src/features/overview/components/PipelineCard';
import { pipelineStages } from '../../src/features/overview/model/pipeline';
import { renderInRouter } from './helpers';

const apiCounts = (n: (s: string, i: number) => number = (_s, i) => (i + 1) * 10) => FILE_STATUSES.map((status, i) => ({ status, count: n(status, i) }));
const allStages = (p: ReturnType<typeof pipelineStages>) => [...p.flow, ...p.side, ...p.quiet];

describe('pipelineStages', () => {
  it('puts every file status in exactly one stage, in pipeline order', () => {
    const p = pipelineStages(apiCounts());
    const statuses = allStages(p).map((s) => s.status);
    expect([...statuses].sort()).toEqual([...FILE_STATUSES].sort());
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(p.flow.map((s) => s.status)).toEqual(['INGESTED', 'PROCESSING', 'PROCESSED', 'APPROVED', 'PUBLISHED']);
    expect(p.flow.map((s) => s.label)).toEqual(['Received', 'Processing', 'To review', 'Approved', 'Published']);
    expect(p.side.map((s) => s.status)).toEqual(['FAILED', 'REJECTED']);
    expect(p.quiet.map((s) => s.status)).toEqual(['ARCHIVED']);
  });

  it('the stages add up to the API’s total, and each stage links to its own status', () => {
    const counts = apiCounts();
    const p = pipelineStages(counts);
    const sum = counts.reduce((n, c) => n + c.count, 0);
    expect(p.total).toBe(sum);
    expect(allStages(p).reduce((n, s) => n + (s.count ?? 0), 0)).toBe(sum);
    for (const s of allStages(p)) {
      expect(s.count).toBe(counts.find((c) => c.status === s.status)!.count);
      expect(s.filter).toBe(s.status);
    }
  });

  it('a status this build does not know becomes a stage of its own (no filter), still counted', () => {
    const p = pipelineStages([...apiCounts(() => 1), { status: 'ON_HOLD', count: 4 }]);
    const extra = p.side.find((s) => s.status === 'ON_HOLD')!;
    expect(extra).toMatchObject({ label: 'On hold', count: 4, filter: null });
    expect(p.total).toBe(FILE_STATUSES.length + 4);
    expect(allStages(p)).toHaveLength(FILE_STATUSES.length + 1);
  });

  it('reads any case, sums repeats, and leaves a status the API did not report as unknown (null), not 0', () => {
    const p = pipelineStages([
      { status: 'processed', count: 2 },
      { status: 'PROCESSED', count: 3 },
      { status: 'FAILED', count: 0 },
    ]);
    expect(p.flow.find((s) => s.status === 'PROCESSED')!.count).toBe(5);
    expect(p.side.find((s) => s.status === 'FAILED')!.count).toBe(0);
    expect(p.flow.find((s) => s.status === 'PUBLISHED')!.count).toBeNull();
    expect(p.total).toBe(5);
  });
});

describe('PipelineCard', () => {
  it('shows each stage as a link to the Files page filtered by its status', async () => {
    renderInRouter(<PipelineCard counts={apiCounts((s) => (s === 'PROCESSED' ? 1234 : 2))} />);
    const pipeline = await screen.findByRole('list', { name: 'Pipeline' });
    const links = within(pipeline).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Received 2', 'Processing 2', 'To review 1,234', 'Approved 2', 'Published 2']);
    expect(within(pipeline).getByRole('link', { name: 'To review 1,234' })).toHaveAttribute('href', '/files?status=PROCESSED');
    const off = screen.getByRole('list', { name: 'Off the pipeline' });
    expect(within(off).getByRole('link', { name: 'Failed 2' })).toHaveAttribute('href', '/files?status=FAILED');
    expect(within(off).getByRole('link', { name: 'Rejected 2' })).toHaveAttribute('href', '/files?status=REJECTED');
    expect(within(off).getByRole('link', { name: 'Archived 2' })).toHaveAttribute('href', '/files?status=ARCHIVED');
    expect(screen.getByText('1,248 paintings from Drive to the shop')).toBeInTheDocument();
  });

  it('while loading: skeletons, no numbers', async () => {
    const { container } = renderInRouter(<PipelineCard counts={undefined} />);
    expect(await screen.findByText('Loading the file counts')).toBeInTheDocument();
    expect(container.querySelector('[aria-busy="true"]')).not.toBeNull();
    expect(container.textContent).not.toMatch(/\d/);
  });
});
