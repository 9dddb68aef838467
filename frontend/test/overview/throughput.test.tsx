/** The per-minute chart: shaping the API's 60 buckets, the sentence that stands for the chart, and the hidden table. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ThroughputCard } from '../../src/features/overview/components/ThroughputCard';
import { shapeThroughput } from '../../src/features/overview/model/throughput';

const START = Date.parse('2026-12-01T07:46:00Z');
const hour = (count: (i: number) => number) => Array.from({ length: 60 }, (_, i) => ({ minute: new Date(START + i * 60_000).toISOString(), count: count(i) }));

describe('shapeThroughput', () => {
  it('totals the hour, finds the peak and scales every bar to it', () => {
    const t = shapeThroughput(hour((i) => (i === 41 ? 14 : i % 2)));
    expect(t.total).toBe(14 + 29);
    expect(t.peak).toBe(14);
    expect(t.peakMinute).toBe(new Date(START + 41 * 60_000).toISOString());
    expect(t.bars).toHaveLength(60);
    expect(t.bars[41].height).toBe(1);
    expect(t.bars[1].height).toBeCloseTo(1 / 14);
    expect(t.bars[0].height).toBe(0);
    expect(t.span).toBe('the last hour');
    expect(t.summary).toBe('43 jobs completed in the last hour, peak 14 per minute.');
  });

  it('orders the buckets oldest first whatever order they come in', () => {
    const shuffled = hour((i) => i).reverse();
    const t = shapeThroughput(shuffled);
    expect(t.bars.map((b) => b.count)).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('words: one job, thousands, a quiet hour, a shorter window', () => {
    expect(shapeThroughput(hour((i) => (i === 59 ? 1 : 0))).summary).toBe('1 job completed in the last hour, peak 1 per minute.');
    expect(shapeThroughput(hour((i) => (i < 2 ? 1200 : 0))).summary).toBe('2,400 jobs completed in the last hour, peak 1,200 per minute.');
    const quiet = shapeThroughput(hour(() => 0));
    expect(quiet.summary).toBe('No jobs completed in the last hour.');
    expect(quiet.peakMinute).toBeNull();
    expect(quiet.bars.every((b) => b.height === 0)).toBe(true);
    expect(shapeThroughput(hour(() => 2).slice(0, 30)).summary).toBe('60 jobs completed in the last 30 minutes, peak 2 per minute.');
    expect(shapeThroughput([]).summary).toBe('No per-minute figures yet.');
  });

  it('never draws a negative bar', () => {
    const t = shapeThroughput([{ minute: new Date(START).toISOString(), count: -3 }, { minute: new Date(START + 60_000).toISOString(), count: 2 }]);
    expect(t.total).toBe(2);
    expect(t.bars[0]).toMatchObject({ count: 0, height: 0 });
  });
});

describe('ThroughputCard', () => {
  it('draws 60 bars named by the summary, and gives the numbers as a hidden table', () => {
    render(<ThroughputCard buckets={hour((i) => (i === 59 ? 14 : 3))} />);
    const summary = '191 jobs completed in the last hour, peak 14 per minute.';
    const chart = screen.getByRole('img', { name: summary });
    expect(chart.querySelectorAll('rect')).toHaveLength(60);
    const table = screen.getByRole('table', { name: 'Jobs completed per minute' });
    expect(table).toHaveClass('sr-only');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(61);
    expect(within(rows[60]).getAllByRole('cell')[1]).toHaveTextContent('14');
    expect(screen.getByText('191')).toBeInTheDocument();
  });

  it('while loading: a skeleton, no zeros', () => {
    const { container } = render(<ThroughputCard buckets={undefined} />);
    expect(screen.getByText('Loading the completed jobs')).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
    expect(container.textContent).not.toMatch(/\d/);
  });
});
