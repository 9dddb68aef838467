import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RelativeTime } from '../../src/components/ui';
import { formatDuration, formatRelative } from '../../src/lib/time';

const NOW = new Date('2026-12-01T12:00:00Z').getTime();

describe('formatRelative', () => {
  it.each([
    [NOW - 3_000, 'just now'],
    [NOW + 5_000, 'just now'],
    [NOW - 45_000, '45 seconds ago'],
    [NOW - 60_000, '1 minute ago'],
    [NOW - 5 * 60_000, '5 minutes ago'],
    [NOW - 3 * 3600_000, '3 hours ago'],
    [NOW - 24 * 3600_000, 'yesterday'],
    [NOW - 3 * 86400_000, '3 days ago'],
    [NOW + 2 * 3600_000, 'in 2 hours'],
    [NOW - 400 * 86400_000, 'last year'],
  ])('%s → %s', (t, label) => {
    expect(formatRelative(t, NOW, 'en')).toBe(label);
  });

  it('takes ISO strings and says — for nonsense', () => {
    expect(formatRelative('2026-12-01T11:58:00.000Z', NOW, 'en')).toBe('2 minutes ago');
    expect(formatRelative('not a date', NOW, 'en')).toBe('—');
  });

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(95_000)).toBe('1 min 35 s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2 h 5 min');
  });
});

describe('RelativeTime', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('renders a <time> with the exact instant, and keeps its label true as time passes', () => {
    render(<RelativeTime value="2026-12-01T11:59:30.000Z" />);
    const el = screen.getByText('30 seconds ago');
    expect(el.tagName).toBe('TIME');
    expect(el).toHaveAttribute('datetime', '2026-12-01T11:59:30.000Z');
    expect(el.getAttribute('title')).toMatch(/2026/);
    // time passes a second at a time (each tick re-renders and schedules the next)
    const pass = (ms: number) => {
      for (let t = 0; t < ms; t += 1000) act(() => vi.advanceTimersByTime(1000));
    };
    pass(10_000);
    expect(el).toHaveTextContent('40 seconds ago');
    pass(25_000);
    expect(el).toHaveTextContent('1 minute ago');
    pass(4 * 60_000);
    expect(el).toHaveTextContent('5 minutes ago');
  });

  it('shows — when there is no time', () => {
    render(<RelativeTime value={null} />);
    expect(screen.getByText('—')).toBeInTheDocument();
  });
});
