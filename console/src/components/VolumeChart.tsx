import { useMemo } from 'react';
import type uPlot from 'uplot';
import { OUTCOME_LABELS, formatCount, formatStep } from '../format';
import { OUTCOMES, type TimeSeriesAnswer } from '../types';
import { axisScale } from './axis';
import { AXIS_STYLE, OUTCOME_COLOURS, TIME_AXIS, TIME_SERIES, Y_HEADROOM, shownYLabels, unfinishedBucket } from './charts';
import { UPlotChart } from './UPlotChart';

/**
 * Calls per bucket stacked by outcome class: ok at the bottom, the failure classes on top, so
 * the top edge (drawn as "Total") is the volume and a failure band shows its share. Only classes
 * with calls in the window are drawn; the legend shows each class's own count, not the stacked sum.
 */
export function VolumeChart({ answer }: { answer: TimeSeriesAnswer }) {
  const { series } = answer;
  const present = OUTCOMES.filter((outcome) => outcome === 'ok' || series[outcome].some((v) => v > 0));
  const presentKey = present.join(',');

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(() => {
    const outcomes = presentKey.split(',') as typeof present;
    return {
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, axisScale(max * Y_HEADROOM, 'count').max] } },
      axes: [
        TIME_AXIS,
        {
          ...AXIS_STYLE,
          size: 56,
          splits: (_u: uPlot, _axis: number, _min: number, max: number) => axisScale(max, 'count').splits,
          values: (u: uPlot) => shownYLabels(u, axisScale(u.scales.y?.max ?? 0, 'count').labels),
        },
      ],
      plugins: [unfinishedBucket(answer.step_ms)],
      series: [
        TIME_SERIES,
        ...outcomes.map((outcome) => ({
          label: OUTCOME_LABELS[outcome],
          stroke: OUTCOME_COLOURS[outcome].stroke,
          fill: OUTCOME_COLOURS[outcome].fill,
          width: 0,
          points: { show: false },
          // The drawn values are cumulative; the legend shows this class's own count.
          value: (u: uPlot, _v: number | null, seriesIdx: number, idx: number | null) => {
            if (idx === null) return '–';
            const own = (u.data[seriesIdx]?.[idx] ?? 0) - (seriesIdx > 1 ? (u.data[seriesIdx - 1]?.[idx] ?? 0) : 0);
            return formatCount(Math.round(own));
          },
        })),
        {
          label: 'Total',
          stroke: '#33414f',
          width: 1.25,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : formatCount(Math.round(v))),
        },
      ],
      bands: outcomes.slice(1).map((_, i) => ({ series: [i + 2, i + 1] as [number, number] })),
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    };
  }, [presentKey, answer.step_ms]);

  const data = useMemo<uPlot.AlignedData>(() => {
    const running = series.t.map(() => 0);
    const stacked = present.map((outcome) => series[outcome].map((v, i) => (running[i] = running[i]! + v)));
    return [series.t.map((t) => t / 1000), ...stacked, series.volume];
  }, [answer]);

  return (
    <figure className="chart" data-testid="chart-volume">
      <figcaption className="chart__title">
        Volume by outcome <span className="chart__unit">calls per {formatStep(answer.step_ms)}</span>
      </figcaption>
      <UPlotChart options={options} data={data} height={220} />
    </figure>
  );
}
