import { useMemo } from 'react';
import type uPlot from 'uplot';
import { axisScale, logDurationLabels, logSplits, type AxisKind } from './axis';
import { AXIS_STYLE, LINE_DASHES, TIME_AXIS, Y_HEADROOM, legendTime, legendValue, shownYLabels, unfinishedBucket } from './charts';
import { LINE_SHAPES, lineMarkers } from './line-cues';
import { UPlotChart } from './UPlotChart';

export interface Line {
  label: string;
  values: Array<number | null>;
  stroke: string;
}

export { LINE_COLOURS } from './line-cues';

/**
 * Lines over time with one value formatter for the legend and one axis of `kind` (nice steps in
 * one unit, a top that fits the data); gaps where a value is null; each line told apart three
 * ways — its own colour, dash pattern and marker shape, the markers of different lines at
 * different points so a line hidden under another still shows — and the legend giving each
 * line's newest value (the cursor's, over the chart); the unfinished last bucket shaded. `log`
 * draws durations on a logarithmic axis, so a p50 stays readable under a p95 a hundred times
 * larger. Keep `lines` memoized.
 */
export function LineChart(props: {
  title: string;
  unit: string;
  testId: string;
  t: number[];
  lines: Line[];
  format: (value: number | null) => string;
  kind: AxisKind;
  log?: boolean;
}) {
  const { lines, format, kind, log } = props;
  const shape = lines.map((line) => `${line.label}\u0000${line.stroke}`).join('\u0001');
  const stepMs = props.t.length > 1 ? props.t[1]! - props.t[0]! : 60_000;
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: {
        x: { time: true },
        y: log ? { distr: 3, log: 10 } : { range: (_u, _min, max) => [0, axisScale(max * Y_HEADROOM, kind).max] },
      },
      axes: [
        TIME_AXIS,
        log
          ? {
              ...AXIS_STYLE,
              size: 72,
              splits: (_u: uPlot, _axis: number, min: number, max: number) => logSplits(min, max),
              // uPlot thins a log axis's labels by itself; logSplits already chose the ones to show.
              filter: (_u: uPlot, splits: number[]) => splits,
              values: (u: uPlot, splits: number[]) => shownYLabels(u, logDurationLabels(splits, u.scales.y?.max ?? 0)),
            }
          : {
              ...AXIS_STYLE,
              size: 64,
              splits: (_u: uPlot, _axis: number, _min: number, max: number) => axisScale(max, kind).splits,
              values: (u: uPlot) => shownYLabels(u, axisScale(u.scales.y?.max ?? 0, kind).labels),
            },
      ],
      series: [
        { value: legendValue(legendTime, 1) },
        ...lines.map((line, i) => ({
          label: line.label,
          stroke: line.stroke,
          width: 1.75,
          dash: LINE_DASHES[i % LINE_DASHES.length]!,
          points: { show: false },
          value: legendValue(format),
        })),
      ],
      plugins: [
        unfinishedBucket(stepMs),
        lineMarkers(
          lines.map((_, i) => LINE_SHAPES[i % LINE_SHAPES.length]!),
          lines.map((line) => line.stroke),
        ),
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }),
    // The formatter is a module-level function per chart; the lines' labels and colours decide the rest.
    [shape, kind, log, stepMs],
  );
  const data = useMemo<uPlot.AlignedData>(
    // A log axis has no zero: a bucket whose value is 0 is left as a gap.
    () => [props.t.map((t) => t / 1000), ...lines.map((line) => (log ? line.values.map((v) => (v !== null && v > 0 ? v : null)) : line.values))],
    [props.t, lines, log],
  );
  return (
    <figure className="chart" data-testid={props.testId} data-axis={kind}>
      <figcaption className="chart__title">
        {props.title} <span className="chart__unit">{props.unit}</span>
      </figcaption>
      <UPlotChart options={options} data={data} height={220} />
    </figure>
  );
}
