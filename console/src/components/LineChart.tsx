import { useMemo } from 'react';
import type uPlot from 'uplot';
import { AXIS_STYLE } from './charts';
import { UPlotChart } from './UPlotChart';

export interface Line {
  label: string;
  values: Array<number | null>;
  stroke: string;
}

/** One colour per line of a chart with a line per integration (carriers), in order. */
export const LINE_COLOURS = ['#2f6fab', '#d0782a', '#4f9a6b', '#8a7fc4', '#c93a3a', '#4d5d70', '#b0569f', '#7a3e1d'];

/**
 * Lines over time with one value formatter for the axis and the legend; gaps where a value is
 * null. The y axis starts at zero, or spans [0, 1] for shares. Keep `lines` memoized: new lines
 * re-feed the chart.
 */
export function LineChart(props: { title: string; unit: string; testId: string; t: number[]; lines: Line[]; format: (value: number | null) => string; share?: boolean }) {
  const { lines, format, share } = props;
  const shape = lines.map((line) => `${line.label}\u0000${line.stroke}`).join('\u0001');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      scales: { x: { time: true }, y: { range: share ? () => [0, 1] : (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [{ ...AXIS_STYLE }, { ...AXIS_STYLE, size: 64, values: (_u: uPlot, splits: number[]) => splits.map((v) => format(v)) }],
      series: [
        {},
        ...lines.map((line) => ({ label: line.label, stroke: line.stroke, width: 1.5, points: { show: false }, value: (_u: uPlot, v: number | null) => format(v) })),
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    }),
    // The formatter is a module-level function per chart; the lines' labels and colours decide the rest.
    [shape, share],
  );
  const data = useMemo<uPlot.AlignedData>(() => [props.t.map((t) => t / 1000), ...lines.map((line) => line.values)], [props.t, lines]);
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption className="chart__title">
        {props.title} <span className="chart__unit">{props.unit}</span>
      </figcaption>
      <UPlotChart options={options} data={data} height={220} />
    </figure>
  );
}
