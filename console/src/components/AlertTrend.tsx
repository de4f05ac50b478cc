import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { NotificationContext } from '../alerting';
import { ZONE_LABEL, formatCount, formatDuration, formatRate, formatStep } from '../format';
import { axisScale, type AxisKind } from './axis';
import { AXIS_STYLE, TIME_AXIS, Y_HEADROOM, legendTime, legendValue, shownYLabels } from './charts';
import { UPlotChart } from './UPlotChart';

/** What a rule kind's trend measures; error and 429 rules with a threshold above 1 count calls. */
function axisKindOf(ruleKind: string, threshold: number | null): AxisKind {
  if (['latency', 'lead_time', 'freshness'].includes(ruleKind)) return 'duration';
  if (['error_rate', 'business_exception_rate', 'label_success_rate'].includes(ruleKind)) return 'share';
  if (ruleKind === 'rate_limit') return threshold !== null && threshold > 1 ? 'count' : 'share';
  return 'count';
}

/** Ticks at whole steps from `-back` to 0, about six of them. */
function stepTicks(back: number): number[] {
  const every = Math.max(1, Math.ceil(back / 6));
  const ticks: number[] = [];
  for (let v = 0; v >= -back; v -= every) ticks.unshift(v);
  return ticks;
}

const FORMATS: Record<AxisKind, (value: number | null) => string> = { share: formatRate, duration: formatDuration, count: formatCount };

/** The x axis and its legend entry: the times the values were measured, or (older notifications, which carry none) steps back. */
function xAxisOf(timed: boolean, step: string): { scale: uPlot.Scale; axis: uPlot.Axis; series: uPlot.Series } {
  if (timed) return { scale: { time: true }, axis: { ...TIME_AXIS, label: `Time (${ZONE_LABEL})`, labelSize: 18 }, series: { value: legendValue(legendTime, 1) } };
  return {
    scale: { time: false },
    axis: {
      ...AXIS_STYLE,
      // Whole steps only: the trend has one value per step.
      splits: (_u: uPlot, _axis: number, min: number) => stepTicks(Math.round(-min)),
      values: (_u: uPlot, splits: number[]) => splits.map((v) => (v === 0 ? 'last' : `${v}`)),
      label: `${step} steps before the notification`,
      labelSize: 18,
    },
    series: { label: 'Step', value: (_u: uPlot, v: number | null) => (v === null ? '–' : v === 0 ? 'the last' : `${-v} before the last`) },
  };
}

/**
 * The values the notification carried, oldest first, against the rule's threshold (dashed), over
 * the times they were measured, in the zone of every other time on screen (the header's toggle).
 * A notification from an older server carries no times: its x axis counts steps back instead.
 */
export function AlertTrend({ context }: { context: NotificationContext }) {
  const { trend, alert } = context;
  const kind = axisKindOf(alert.ruleKind, alert.threshold);
  const format = FORMATS[kind];
  const step = formatStep(trend.stepMs);
  const timed = trend.times !== undefined && trend.times.length === trend.values.length;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const x = xAxisOf(timed, step);
    return {
      scales: { x: x.scale, y: { range: (_u, _min, max) => [0, axisScale(max * Y_HEADROOM, kind).max] } },
      axes: [
        x.axis,
        {
          ...AXIS_STYLE,
          size: 64,
          splits: (_u: uPlot, _axis: number, _min: number, max: number) => axisScale(max, kind).splits,
          values: (u: uPlot) => shownYLabels(u, axisScale(u.scales.y?.max ?? 0, kind).labels),
        },
      ],
      series: [
        x.series,
        { label: 'Value', stroke: '#c93a3a', width: 2, points: { show: true, size: 5 }, value: legendValue(format) },
        { label: 'Threshold', stroke: '#5b6675', width: 1.25, dash: [6, 4], points: { show: false }, value: legendValue(format) },
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    };
  }, [kind, step, timed]);
  const data = useMemo<uPlot.AlignedData>(
    () => [
      timed ? trend.times!.map((ms) => ms / 1000) : trend.values.map((_, i) => i - (trend.values.length - 1)),
      trend.values,
      trend.values.map(() => alert.threshold),
    ],
    [trend, alert.threshold, timed],
  );
  if (trend.values.length < 2) return <span className="muted">–</span>;
  return (
    <figure className="chart chart--trend" data-testid="alert-trend" data-axis={kind} data-x={timed ? 'time' : 'steps'}>
      <figcaption className="chart__title">
        Trend <span className="chart__unit">{trend.stepMs > 0 ? `the rule's value per ${step}, with its threshold` : "the rule's value at each sample or run, with its threshold"}</span>
      </figcaption>
      <UPlotChart options={options} data={data} height={200} />
    </figure>
  );
}
