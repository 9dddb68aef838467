/**
 * A stacked bar chart per UTC day (uPlot, on a canvas). Loaded lazily (React.lazy in the
 * page), so uPlot is not part of the first load. The canvas is a picture: it is named
 * for screen readers (`label`), and the table beside it carries the same numbers for
 * everyone; hovering a day shows its values in a tooltip.
 *
 * Stacking: bar i is drawn from zero to the sum of the series up to i, the tallest
 * first, so each series shows as its own segment (opaque fills, a hairline between).
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cn } from '../../../lib/cn';

export interface BarSeries {
  key: string;
  label: string;
  /** Canvas colours per theme. */
  light: string;
  dark: string;
  /** The HTML swatch class (tooltip). */
  swatch: string;
  /** One value per day. */
  values: number[];
}

export interface StackedBarChartProps {
  /** Tick labels, one per day ("30 Nov"). */
  axisLabels: string[];
  /** Tooltip titles, one per day ("Monday, 30 November 2026"). */
  hoverLabels: string[];
  /** Bottom of the stack first. */
  series: BarSeries[];
  formatValue: (n: number) => string;
  /** An axis label; `step` is the distance between ticks (for the decimals). */
  formatAxis: (n: number, step: number) => string;
  /** What the chart shows, for screen readers (the table has the numbers). */
  label: string;
  /** The total's name in the tooltip. */
  totalLabel?: string;
  height?: number;
}

const DARK = '(prefers-color-scheme: dark)';
const subscribeScheme = (cb: () => void) => {
  const mq = window.matchMedia?.(DARK);
  mq?.addEventListener('change', cb);
  return () => mq?.removeEventListener('change', cb);
};
const isDark = () => window.matchMedia?.(DARK).matches ?? false;

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const X_INCRS = [1, 2, 3, 5, 7, 10, 14, 15, 21, 28, 30, 45, 60, 90, 120, 180, 366];
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** The y axis as wide as its longest label. */
function axisSize(self: uPlot, values: string[] | null, axisIdx: number, cycleNum: number): number {
  const axis = self.axes[axisIdx] as uPlot.Axis & { _size?: number };
  if (cycleNum > 1 && axis._size) return axis._size;
  const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), '');
  self.ctx.font = FONT;
  return Math.ceil(self.ctx.measureText(longest).width) + 14;
}

interface Hover {
  idx: number;
  /** Cursor x and the day's column, in px from the container's left. */
  x: number;
  colLeft: number;
  colWidth: number;
  top: number;
  height: number;
  flip: boolean;
}

export default function StackedBarChart({ axisLabels, hoverLabels, series, formatValue, formatAxis, label, totalLabel = 'Total', height = 240 }: StackedBarChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const dark = useSyncExternalStore(subscribeScheme, isDark, () => false);
  const [hover, setHover] = useState<Hover | null>(null);
  const fmt = useRef({ formatAxis, axisLabels });
  fmt.current = { formatAxis, axisLabels };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const n = axisLabels.length;
    const x = Array.from({ length: n }, (_, i) => i);
    // Cumulative sums, bottom series first; drawn tallest first (reversed) so lower segments cover the upper bars' bases.
    const cum: number[][] = [];
    series.forEach((s, si) => cum.push(s.values.map((v, i) => v + (si > 0 ? cum[si - 1][i] : 0))));
    const drawOrder = series.map((_, i) => series.length - 1 - i);
    const data: uPlot.AlignedData = [x, ...drawOrder.map((si) => cum[si].map((v) => (v > 0 ? v : null)))];
    const muted = cssVar('--muted', dark ? '#a1a1a8' : '#5e5e63');
    const grid = cssVar('--border', dark ? '#2f2f33' : '#e3e3e8');
    const surface = cssVar('--surface', dark ? '#1c1c1e' : '#ffffff');
    const bars = uPlot.paths.bars!({ size: [0.72, 44, 2], gap: 1 });

    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: false },
      padding: [12, 8, 0, 0],
      cursor: { x: false, y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
      scales: {
        x: { time: false, range: () => [-0.5, n - 0.5] },
        y: { range: (_u, _min, max) => uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true) },
      },
      axes: [
        {
          stroke: muted,
          font: FONT,
          grid: { show: false },
          ticks: { show: false },
          gap: 6,
          size: 28,
          space: 52,
          incrs: X_INCRS,
          values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (fmt.current.axisLabels[i] ?? '') : '')),
        },
        {
          stroke: muted,
          font: FONT,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          gap: 8,
          space: 36,
          size: axisSize,
          values: (_u, splits, _i, _space, incr) => splits.map((v) => fmt.current.formatAxis(v, incr)),
        },
      ],
      series: [{}, ...drawOrder.map((si) => ({ label: series[si].label, fill: dark ? series[si].dark : series[si].light, stroke: surface, width: 1, paths: bars, points: { show: false } }))],
      hooks: {
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            const left = u.cursor.left ?? -1;
            if (idx == null || left < 0) return setHover(null);
            const ox = u.over.offsetLeft;
            const a = u.valToPos(idx - 0.5, 'x');
            const b = u.valToPos(idx + 0.5, 'x');
            setHover({ idx, x: ox + left, colLeft: ox + a, colWidth: b - a, top: u.over.offsetTop, height: u.over.clientHeight, flip: left > u.over.clientWidth / 2 });
          },
        ],
      },
    };
    const chart = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > 0 && w !== chart.width) chart.setSize({ width: w, height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.destroy();
      setHover(null);
    };
  }, [series, axisLabels, height, dark]);

  const total = hover ? series.reduce((n, s) => n + (s.values[hover.idx] ?? 0), 0) : 0;
  return (
    <div className="relative" onMouseLeave={() => setHover(null)}>
      <div ref={box} role="img" aria-label={label} className="w-full select-none" style={{ height }} />
      {hover && (
        <>
          <div aria-hidden="true" className="pointer-events-none absolute rounded-md bg-fg/[0.06]" style={{ left: hover.colLeft, width: hover.colWidth, top: hover.top, height: hover.height }} />
          <div
            aria-hidden="true"
            className={cn('pointer-events-none absolute z-10 w-max max-w-60 rounded-xl border border-border bg-surface px-3 py-2.5 text-xs shadow-pop', hover.flip ? '-translate-x-full' : '')}
            style={{ left: hover.flip ? hover.colLeft - 8 : hover.colLeft + hover.colWidth + 8, top: hover.top + 4 }}
          >
            <div className="mb-1.5 font-semibold text-fg">{hoverLabels[hover.idx]}</div>
            <ul className="space-y-1">
              {[...series].reverse().map((s) => (
                <li key={s.key} className="flex items-center gap-2 text-muted">
                  <span className={cn('size-2.5 shrink-0 rounded-sm', s.swatch)} />
                  <span className="flex-1">{s.label}</span>
                  <span className="pl-3 font-medium text-fg tabular-nums">{formatValue(s.values[hover.idx] ?? 0)}</span>
                </li>
              ))}
            </ul>
            {series.length > 1 && (
              <div className="mt-1.5 flex justify-between gap-3 border-t border-border pt-1.5 font-medium text-fg">
                <span>{totalLabel}</span>
                <span className="tabular-nums">{formatValue(total)}</span>
              </div>
            )}
          </div>
        </>
      )}
    </div>
  );
}
