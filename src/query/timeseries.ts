import { InputError } from '../errors.js';
import { OUTCOMES, type Outcome } from '../common/outcome.js';
import { DAY, HOUR, MINUTE, RESOLUTIONS, TEN_MINUTES, floorTo } from '../rollup/tiers.js';
import { plan, type QueryContext } from './context.js';
import { shown, type SeriesFilters, type Window } from './params.js';
import type { PlanOptions, Segment } from './plan.js';
import { readRollups, SignalAccumulator } from './rollups.js';

/** Chart steps, each a whole multiple of a tier so buckets never straddle rollup rows. */
export const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, TEN_MINUTES, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];
/** Without a step, a chart gets about this many points. */
export const DEFAULT_POINTS = 200;
/** The ceiling on points per series when the configuration sets none (SWITCHBOARD_READ_MAX_POINTS). */
export const MAX_POINTS = 1_500;
/** The longest step asked for: a year of days. */
export const MAX_STEP_DAYS = 366;

export type TimeSeries = {
  from: number;
  to: number;
  step_ms: number;
  /** The step asked for, when the window made it raise to step_ms (a chart never gets more than max_points). */
  requested_step_ms: number | null;
  max_points: number;
  /** Columnar, ready for a chart: t[i] is the start of bucket i. */
  series: { t: number[]; volume: number[]; success_rate: Array<number | null>; p50_ms: Array<number | null>; p95_ms: Array<number | null> } & Record<
    Outcome,
    number[]
  >;
};

/** `step` as sent: one of STEPS or a whole number of days up to a year (milliseconds). */
function parseStep(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const step = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(step) || step < 1 || !(STEPS.includes(step) || (step % DAY === 0 && step <= MAX_STEP_DAYS * DAY))) {
    throw new InputError(
      `step=${shown(raw)} is not supported; give milliseconds, one of ${STEPS.join(', ')} or a whole number of days (a multiple of ${DAY}) up to ${MAX_STEP_DAYS} days`,
      'invalid_step',
    );
  }
  return step;
}

/**
 * The step a chart route asks for: `step` as sent, or from `points` the finest step of the ladder
 * that gives at most that many over the window (so a client need not repeat the ladder); not both.
 */
export function parseChartStep(query: { step?: string; points?: string }, window: Window): number | undefined {
  const step = parseStep(query.step);
  if (query.points === undefined || query.points === '') return step;
  if (step !== undefined) throw new InputError('give step or points, not both', 'invalid_step');
  const points = /^\s*\d+\s*$/.test(query.points) ? Number(query.points) : Number.NaN;
  if (!Number.isSafeInteger(points) || points < 2 || points > MAX_POINTS) {
    throw new InputError(`points=${shown(query.points)} is not supported; give a whole number from 2 to ${MAX_POINTS}`, 'invalid_points');
  }
  return stepFor(window.to - window.from, points);
}

/** The first step of the ladder (STEPS, then whole days) at least `floor` long that gives at most `points` points. */
function stepFor(span: number, points: number, floor = 0): number {
  const listed = STEPS.find((step) => step >= floor && span / step <= points);
  if (listed !== undefined) return listed;
  return Math.max(DAY * Math.ceil(span / points / DAY), Math.ceil(floor / DAY) * DAY);
}

/**
 * The step of a chart: about DEFAULT_POINTS points when none is asked for; the step asked for
 * when it gives at most `maxPoints`, else the finest step that does (the answer says so).
 */
export function chooseStep(window: Window, requested?: number, maxPoints = MAX_POINTS): number {
  const span = window.to - window.from;
  if (requested === undefined) return stepFor(span, Math.min(DEFAULT_POINTS, maxPoints - 1));
  // One more than the span holds: a window aligned down to the step may start a step earlier.
  return span / requested + 1 <= maxPoints ? requested : stepFor(span, maxPoints - 1, requested);
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
export function planSteps(context: QueryContext, window: Window, requestedStep?: number, options: Pick<PlanOptions, 'throughNow'> = {}): StepPlan {
  const maxPoints = context.config.reads?.maxPoints ?? MAX_POINTS;
  let step = chooseStep(window, requestedStep, maxPoints);
  for (;;) {
    const coarsest = [...RESOLUTIONS].reverse().find((resolution) => step % resolution === 0) ?? MINUTE;
    const aligned = { from: floorTo(window.from, step), to: window.to };
    const { window: planned, segments } = plan(context, aligned, { ...options, maxResolution: coarsest });
    const from = floorTo(planned.from, step);
    const buckets = Math.max(0, Math.ceil((planned.to - from) / step));
    // Old data is kept only in coarse tiers: the edges may move out to a whole day, and a fine
    // step over them would give more points than a chart may get.
    if (buckets <= maxPoints) return { step, from, to: planned.to, buckets, segments };
    step = stepFor(planned.to - from, maxPoints - 1, step + 1);
  }
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
  return { from, to, step_ms: step, requested_step_ms: requestedStep !== undefined && requestedStep !== step ? requestedStep : null, max_points: context.config.reads?.maxPoints ?? MAX_POINTS, series };
}
