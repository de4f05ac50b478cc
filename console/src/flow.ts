/** The flow API's answers (GET /api/v1/flow and /api/v1/flow/timeseries) by the names the console uses. */
import type { components } from './api-types';

type Schemas = components['schemas'];

export type FlowAnswer = Schemas['FlowSummary'];
export type CarrierFlow = Schemas['CarrierFlow'];
export type OriginFlow = Schemas['OriginFlow'];
export type LeadTimeFigures = CarrierFlow['lead_time'];
export type FlowSeriesAnswer = Schemas['FlowTimeSeries'];

/** Rates per minute are mostly noise at flow volumes: trends ask the API for about 30 points. */
export const TREND_POINTS = 30;
