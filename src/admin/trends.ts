import type { QueryContext } from '../query/context.js';
import type { Window } from '../query/params.js';
import { planSteps, MAX_POINTS, type StepPlan } from '../query/timeseries.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { QUEUE_DEPTH_GAUGE, DLQ_DEPTH_GAUGE } from '../metrics/signals.js';
import { readGrouped, type GroupedCache, type GroupedRow } from './grouped.js';

/** What every trend answers besides its points (as the integration charts do). */
export interface TrendFrame {
  from: number;
  to: number;
  step_ms: number;
  requested_step_ms: number | null;
  max_points: number;
  t: number[];
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1e6) / 1e6);

function frameOf(context: QueryContext, plan: StepPlan, requestedStep: number | undefined): TrendFrame {
  return {
    from: plan.from,
    to: plan.to,
    step_ms: plan.step,
    requested_step_ms: requestedStep !== undefined && requestedStep !== plan.step ? requestedStep : null,
    max_points: context.config.reads?.maxPoints ?? MAX_POINTS,
    t: Array.from({ length: plan.buckets }, (_, i) => plan.from + i * plan.step),
  };
}

/** Per step, the measures of the rows that fall in it (sums, or the largest for `max`). */
function perStep(plan: StepPlan, rows: readonly GroupedRow[], columns: Record<string, 'sum' | 'max'>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const column of Object.keys(columns)) out[column] = new Array<number>(plan.buckets).fill(0);
  for (const row of rows) {
    const i = Math.floor(((row.bucket as number) - plan.from) / plan.step);
    if (i < 0 || i >= plan.buckets) continue;
    for (const [column, fold] of Object.entries(columns)) {
      const values = out[column]!;
      values[i] = fold === 'sum' ? values[i]! + (row[column] as number) : Math.max(values[i]!, row[column] as number);
    }
  }
  return out;
}

export type ErrorTrend = TrendFrame & { volume: number[]; errors: number[]; error_rate: Array<number | null>; runs: number[]; failed_runs: number[] };

/** Calls and how many failed, and runs and how many failed, per step: from the integration and run rollups. */
export async function errorTrend(context: QueryContext, window: Window, integrations: IntegrationFilter, step?: number, cached?: GroupedCache): Promise<ErrorTrend> {
  const plan = planSteps(context, window, step, { throughNow: true });
  const calls = perStep(
    plan,
    await readGrouped(context.db, plan.segments, { table: 'integration_rollups', by: ['bucket'], measures: { volume: 'sum', ok: 'sum' }, integrations }, cached),
    { volume: 'sum', ok: 'sum' },
  );
  const runs = perStep(
    plan,
    await readGrouped(context.db, plan.segments, { table: 'run_rollups', by: ['bucket'], measures: { runs: 'sum', failed: 'sum' }, integrations }, cached),
    { runs: 'sum', failed: 'sum' },
  );
  const errors = calls.volume!.map((volume, i) => volume - calls.ok![i]!);
  return {
    ...frameOf(context, plan, step),
    volume: calls.volume!,
    errors,
    error_rate: errors.map((count, i) => ratio(count, calls.volume![i]!)),
    runs: runs.runs!,
    failed_runs: runs.failed!,
  };
}

export type RunTrend = TrendFrame & { runs: number[]; failed: number[]; records: number[]; avg_duration_ms: Array<number | null>; records_per_second: Array<number | null> };

/** Runs per step: how many, how many failed, records processed, average duration and records per second of run time. */
export async function runTrend(context: QueryContext, window: Window, integrations: IntegrationFilter, step?: number, cached?: GroupedCache): Promise<RunTrend> {
  const plan = planSteps(context, window, step, { throughNow: true });
  const measures = { runs: 'sum', failed: 'sum', records: 'sum', timed_runs: 'sum', duration_ms: 'sum', timed_records: 'sum' } as const;
  const values = perStep(plan, await readGrouped(context.db, plan.segments, { table: 'run_rollups', by: ['bucket'], measures, integrations }, cached), measures);
  return {
    ...frameOf(context, plan, step),
    runs: values.runs!,
    failed: values.failed!,
    records: values.records!,
    avg_duration_ms: values.duration_ms!.map((total, i) => roundOrNull(ratio(total, values.timed_runs![i]!), 1)),
    records_per_second: values.timed_records!.map((records, i) => recordsPerSecond(records, values.duration_ms![i]!)),
  };
}

export type QueueTrend = TrendFrame & Record<'queue_depth_max' | 'queue_depth_mean' | 'dlq_depth_max' | 'dlq_depth_mean', Array<number | null>>;

/**
 * The queue gauges per step over every integration asked for: the largest sample, and the mean of
 * all samples (null in a step without samples).
 */
export async function queueTrend(context: QueryContext, window: Window, integrations: IntegrationFilter, step?: number, cached?: GroupedCache): Promise<QueueTrend> {
  const plan = planSteps(context, window, step, { throughNow: true });
  const measures = { samples: 'sum', value_sum: 'sum', value_max: 'max' } as const;
  const rows = await readGrouped(context.db, plan.segments, { table: 'gauge_rollups', by: ['bucket', 'name'], measures, integrations }, cached);
  const of = (name: string) => {
    const values = perStep(plan, rows.filter((row) => row.name === name), measures);
    return {
      max: values.value_max!.map((max, i) => (values.samples![i] === 0 ? null : max)),
      mean: values.value_sum!.map((sum, i) => roundOrNull(ratio(sum, values.samples![i]!), 3)),
    };
  };
  const queue = of(QUEUE_DEPTH_GAUGE);
  const dlq = of(DLQ_DEPTH_GAUGE);
  return { ...frameOf(context, plan, step), queue_depth_max: queue.max, queue_depth_mean: queue.mean, dlq_depth_max: dlq.max, dlq_depth_mean: dlq.mean };
}

export function recordsPerSecond(records: number, durationMs: number): number | null {
  return durationMs <= 0 ? null : Math.round((records / (durationMs / 1000)) * 1000) / 1000;
}

export function roundOrNull(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export { ratio };
