import type uPlot from 'uplot';
import { formatAxisTimes, formatTimestamp } from '../format';
import type { Outcome } from '../types';

/** One colour per outcome class, the same in every chart and legend. */
export const OUTCOME_COLOURS: Record<Outcome, { stroke: string; fill: string }> = {
  ok: { stroke: '#4f9a6b', fill: 'rgba(79, 154, 107, 0.30)' },
  client_error: { stroke: '#8a7fc4', fill: 'rgba(138, 127, 196, 0.55)' },
  auth_error: { stroke: '#b0569f', fill: 'rgba(176, 86, 159, 0.65)' },
  rate_limited: { stroke: '#d98a1c', fill: 'rgba(217, 138, 28, 0.70)' },
  server_error: { stroke: '#c93a3a', fill: 'rgba(201, 58, 58, 0.75)' },
  timeout: { stroke: '#7a3e1d', fill: 'rgba(122, 62, 29, 0.75)' },
  network_error: { stroke: '#4d5d70', fill: 'rgba(77, 93, 112, 0.75)' },
};

export const AXIS_STYLE: Partial<uPlot.Axis> = {
  stroke: '#5b6675',
  grid: { stroke: '#e7eaee', width: 1 },
  ticks: { stroke: '#d5dae0', width: 1 },
  font: '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};

/**
 * Tick spacings of a time axis, in seconds: whole minutes and up, since its labels say no seconds
 * (ticks every 30 s would read "06:02 06:02 06:03").
 */
const TIME_INCREMENTS = [60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600, 2_592_000];

/** The x axis of every chart over time: labels in the console's one time format and zone (kept in data-x-labels, as the y labels are). */
export const TIME_AXIS: uPlot.Axis = {
  ...AXIS_STYLE,
  incrs: TIME_INCREMENTS,
  values: (u: uPlot, splits: number[]) => shownLabels(u, 'xLabels', formatAxisTimes(splits.map((s) => s * 1000), ((u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0)) * 1000)),
};

/** The x series of every chart over time: the legend shows the cursor's time as tables do. */
export const TIME_SERIES: uPlot.Series = { value: (_u: uPlot, seconds: number | null) => legendTime(seconds) };

/** The index of a series' newest value that is not a gap, or null. */
function latestIndex(values: ArrayLike<number | null | undefined> | undefined): number | null {
  for (let i = (values?.length ?? 0) - 1; i >= 0; i--) if (values![i] !== null && values![i] !== undefined) return i;
  return null;
}

/**
 * A legend value that shows the cursor's point over the chart and, when the cursor is away, the
 * newest point of series `restOn` (default: its own), so a legend at rest reads "Time Dec 5,
 * 01:18 · Value 20 %" rather than dashes. The x series rests on the first line's newest point.
 */
export function legendValue(format: (value: number | null) => string, restOn?: number): uPlot.Series['value'] {
  return (u: uPlot, value: number | null, series: number, idx: number | null) => {
    if (idx !== null) return format(value);
    const rest = latestIndex(u.data[restOn ?? series]);
    return format(rest === null ? null : (u.data[series]?.[rest] ?? null));
  };
}

/** A chart's x value (seconds) as the legend shows it: the tables' time format, with the date. */
export function legendTime(seconds: number | null): string {
  return formatTimestamp(seconds === null ? null : seconds * 1000, true);
}


/** Room above the largest value, so a line at the top is not drawn on the frame. */
export const Y_HEADROOM = 1.05;

/** Line patterns by order: a line drawn over another of the same values stays visible beside it. */
export const LINE_DASHES: number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3]];

/**
 * Shades the last bucket when it has not ended yet (its start + `stepMs` is after now), so its
 * smaller count reads as unfinished, not as a drop, and says so in the corner.
 */
export function unfinishedBucket(stepMs: number): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const xs = u.data[0];
        if (!xs || xs.length < 2) return;
        const last = xs[xs.length - 1]!;
        if (last * 1000 + stepMs <= Date.now()) return;
        const ctx = u.ctx;
        const left = Math.max(u.bbox.left, u.valToPos(xs[xs.length - 2]!, 'x', true));
        const right = u.bbox.left + u.bbox.width;
        ctx.save();
        ctx.fillStyle = 'rgba(91, 102, 117, 0.12)';
        ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
        ctx.fillStyle = '#5b6675';
        ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
        ctx.textAlign = 'right';
        ctx.fillText('in progress', right - 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
        ctx.restore();
      },
    },
  };
}

/**
 * The y labels as drawn, kept on the chart's element (data-y-labels, "|"-separated): axis labels
 * are painted on the canvas, and tests and tools read them here, as tables carry data-value.
 */
export function shownYLabels(u: uPlot, labels: string[]): string[] {
  return shownLabels(u, 'yLabels', labels);
}

function shownLabels(u: uPlot, key: 'xLabels' | 'yLabels', labels: string[]): string[] {
  u.root.dataset[key] = labels.join('|');
  return labels;
}
