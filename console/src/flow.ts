/** The flow API's answers (GET /api/v1/flow and /api/v1/flow/timeseries). */

export interface LeadTimeFigures {
  count: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface CarrierFlow {
  integration: string;
  shipments: number;
  labels_created: number;
  labels_failed: number;
  label_success_rate: number | null;
  tracking_updates: number;
  last_tracking_update_at: number | null;
  tracking_age_ms: number | null;
  exceptions: number;
  exception_rate: number | null;
  lead_time: LeadTimeFigures;
}

export interface OriginFlow {
  integration: string;
  orders: number;
  exceptions: number;
  exception_rate: number | null;
  lead_time: LeadTimeFigures;
}

export interface FlowAnswer {
  from: number;
  to: number;
  lead_time: LeadTimeFigures & { start_event: string; end_event: string };
  orders: number;
  exceptions: number;
  exception_rate: number | null;
  /** Exceptions no order channel was found for; with the origins' they add up to `exceptions`. */
  exceptions_unattributed: number;
  labels: { created: number; failed: number; success_rate: number | null };
  tracking: {
    updates: number;
    last_update_at: number | null;
    age_ms: number | null;
    stalest: { integration: string; last_update_at: number; age_ms: number } | null;
  };
  carriers: CarrierFlow[];
  origins: OriginFlow[];
}

type Values = Array<number | null>;

export interface FlowSeriesAnswer {
  from: number;
  to: number;
  step_ms: number;
  lead_time: { start_event: string; end_event: string };
  series: {
    t: number[];
    orders: number[];
    exceptions: number[];
    exception_rate: Values;
    labels_created: number[];
    labels_failed: number[];
    label_success_rate: Values;
    lead_times: number[];
    lead_time_p50_ms: Values;
    lead_time_p95_ms: Values;
    tracking_age_ms: Values;
  };
  carriers: Array<{ integration: string; label_success_rate: Values; tracking_age_ms: Values }>;
}

const MINUTE = 60_000;
/** The steps the time-series API takes (each a whole multiple of a rollup tier). */
const STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 30 * MINUTE, 60 * MINUTE, 3 * 60 * MINUTE, 6 * 60 * MINUTE, 12 * 60 * MINUTE, 24 * 60 * MINUTE];

/** Rates per minute are mostly noise at flow volumes: trends get about 30 points. */
export function trendStep(spanMs: number): number {
  return STEPS.find((step) => spanMs / step <= 30) ?? STEPS[STEPS.length - 1]!;
}
