import { InputError } from '../errors.js';
import { OUTCOMES, type Outcome } from '../ingest/outcome.js';
import { DAY, HOUR, MINUTE, RESOLUTIONS, TEN_MINUTES, floorTo } from '../rollup/tiers.js';
import { plan, type QueryContext } from './context.js';
import type { SeriesFilters, Window } from './params.js';
import type { Segment } from './plan.js';
import { readRollups, SignalAccumulator } from './rollups.js';

/** Chart steps, each a whole multiple of a tier so buckets never straddle rollup rows. */
export const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, TEN_MINUTES, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];
export const MAX_POINTS = 200;

export type TimeSeries = {
  from: number;
  to: number;
  step_ms: number;
  /** Columnar, ready for a chart: t[i] is the start of bucket i. */
  series: { t: number[]; volume: number[]; success_rate: Array<number | null>; p50_ms: Array<number | null>; p95_ms: Array<number | null> } & Record<
    Outcome,
    number[]
  >;
};

export function chooseStep(window: Window, requested?: number): number {
  if (requested === undefined) {
    return STEPS.find((step) => (window.to - window.from) / step <= MAX_POINTS) ?? DAY;
  }
  if (!STEPS.includes(requested)) {
    throw new InputError(`step=${requested} is not supported; use one of ${STEPS.join(', ')} (milliseconds)`);
  }
  if ((window.to - window.from) / requested > 5 * MAX_POINTS) {
    throw new InputError(`step=${requested} gives more than ${5 * MAX_POINTS} points for this window; choose a larger step`);
  }
  return requested;
}

export interface StepPlan {
  step: number;
  /** Start of the first step and end of the last (the window actually covered). */
  from: number;
  to: number;
  buckets: number;
  segments: Segment[];
}

/**
 * A chart's steps over a window and the rollup segments that fill them: whole steps only, so the
 * first is as complete as the others, and no tier coarser than a step so no row straddles two.
 */
export function planSteps(context: QueryContext, window: Window, requestedStep?: number): StepPlan {
  const step = chooseStep(window, requestedStep);
  const coarsest = [...RESOLUTIONS].reverse().find((resolution) => step % resolution === 0) ?? MINUTE;
  const aligned = { from: floorTo(window.from, step), to: window.to };
  const { window: planned, segments } = plan(context, aligned, { maxResolution: coarsest });
  const from = floorTo(planned.from, step);
  return { step, from, to: planned.to, buckets: Math.max(0, Math.ceil((planned.to - from) / step)), segments };
}

/** Bucketed outcome counts and latency quantiles of one integration, for charts. */
export async function timeSeries(
  context: QueryContext,
  integration: string,
  window: Window,
  filters: SeriesFilters,
  requestedStep?: number,
): Promise<TimeSeries> {
  const { step, from, to, buckets, segments } = planSteps(context, window, requestedStep);
  const accumulators = Array.from({ length: buckets }, () => new SignalAccumulator());
  for (const row of await readRollups(context.db, segments, { integration, filters })) {
    accumulators[Math.floor((row.bucket - from) / step)]?.add(row);
  }
  const signals = accumulators.map((accumulator) => accumulator.signals());
  const series = {
    t: signals.map((_, i) => from + i * step),
    volume: signals.map((s) => s.volume),
    success_rate: signals.map((s) => s.success_rate),
    p50_ms: signals.map((s) => s.p50_ms),
    p95_ms: signals.map((s) => s.p95_ms),
  } as TimeSeries['series'];
  for (const outcome of OUTCOMES) series[outcome] = signals.map((s) => s[outcome]);
  return { from, to, step_ms: step, series };
}
