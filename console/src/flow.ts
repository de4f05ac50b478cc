/** The flow API's answers (GET /api/v1/flow and /api/v1/flow/timeseries) by the names the console uses. */
import type { components } from './api-types';

type Schemas = components['schemas'];

export type FlowAnswer = Schemas['FlowSummary'];
export type CarrierFlow = Schemas['CarrierFlow'];
export type OriginFlow = Schemas['OriginFlow'];
export type LeadTimeFigures = CarrierFlow['lead_time'];
export type FlowSeriesAnswer = Schemas['FlowTimeSeries'];

const MINUTE = 60_000;
/** The steps the time-series API takes (each a whole multiple of a rollup tier). */
const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, 60 * MINUTE, 3 * 60 * MINUTE, 6 * 60 * MINUTE, 12 * 60 * MINUTE, 24 * 60 * MINUTE];

/** Rates per minute are mostly noise at flow volumes: trends get about 30 points. */
export function trendStep(spanMs: number): number {
  return STEPS.find((step) => spanMs / step <= 30) ?? STEPS[STEPS.length - 1]!;
}
