import { useMemo } from 'react';
import { formatLatency, formatStep } from '../format';
import type { TimeSeriesAnswer } from '../types';
import { LineChart } from './LineChart';

/**
 * Latency p50 and p95 per bucket on a logarithmic axis: during an incident p95 may reach seconds
 * while p50 stays in milliseconds, and a linear axis would flatten p50 to zero. Gaps where a bucket had no calls.
 */
export function LatencyChart({ answer }: { answer: TimeSeriesAnswer }) {
  const lines = useMemo(
    () => [
      { label: 'p50', values: answer.series.p50_ms, stroke: '#2f6fab' },
      { label: 'p95', values: answer.series.p95_ms, stroke: '#d0782a' },
    ],
    [answer],
  );
  return <LineChart title="Latency" unit={`p50 and p95 per ${formatStep(answer.step_ms)}, logarithmic scale`} testId="chart-latency" t={answer.series.t} lines={lines} format={formatLatency} kind="duration" log />;
}
