import { useMemo } from 'react';
import type uPlot from 'uplot';
import { formatLatency, formatStep } from '../format';
import type { TimeSeriesAnswer } from '../types';
import { AXIS_STYLE, latencyAxisValues } from './charts';
import { UPlotChart } from './UPlotChart';

const OPTIONS: Omit<uPlot.Options, 'width' | 'height'> = {
  scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
  axes: [{ ...AXIS_STYLE }, { ...AXIS_STYLE, size: 64, values: latencyAxisValues }],
  series: [
    {},
    {
      label: 'p50',
      stroke: '#2f6fab',
      width: 1.5,
      points: { show: false },
      value: (_u: uPlot, v: number | null) => formatLatency(v),
    },
    {
      label: 'p95',
      stroke: '#d0782a',
      width: 1.5,
      points: { show: false },
      value: (_u: uPlot, v: number | null) => formatLatency(v),
    },
  ],
  legend: { live: true },
  cursor: { drag: { x: false, y: false } },
};

/** Latency p50 and p95 per bucket; gaps where a bucket had no calls. */
export function LatencyChart({ answer }: { answer: TimeSeriesAnswer }) {
  const data = useMemo<uPlot.AlignedData>(
    () => [answer.series.t.map((t) => t / 1000), answer.series.p50_ms, answer.series.p95_ms],
    [answer],
  );
  return (
    <figure className="chart" data-testid="chart-latency">
      <figcaption className="chart__title">
        Latency <span className="chart__unit">p50 and p95 per {formatStep(answer.step_ms)}</span>
      </figcaption>
      <UPlotChart options={OPTIONS} data={data} height={220} />
    </figure>
  );
}
