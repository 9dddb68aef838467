/**
 * The chart, loaded on demand: uPlot (~22 KB gzip) and its stylesheet come in their own
 * chunk after the page's numbers, never in the first load. While it loads, a quiet
 * placeholder of the same height; should it fail to load, a sentence (the table below
 * has the numbers either way).
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { Skeleton } from '../../../components/ui';
import type { StackedBarChartProps } from './StackedBarChart';

const StackedBarChart = lazy(() => import('./StackedBarChart'));

class ChartBoundary extends Component<{ children: ReactNode; height: number }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="flex items-center justify-center rounded-xl bg-surface-2 px-6 text-center text-sm text-muted" style={{ height: this.props.height }}>
        The chart didn’t load. The table below has the same numbers.
      </div>
    );
  }
}

export function LazyChart(props: StackedBarChartProps) {
  const height = props.height ?? 240;
  return (
    <ChartBoundary height={height}>
      <Suspense
        fallback={
          <div style={{ height }}>
            <Skeleton className="size-full rounded-xl" />
          </div>
        }
      >
        <StackedBarChart {...props} />
      </Suspense>
    </ChartBoundary>
  );
}
