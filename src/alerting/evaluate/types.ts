import type { AlertRule } from '../rules/types.js';
import type { LogErrorType } from '../types.js';
import type { CycleData } from './data.js';

/** What one rule says about one integration in one cycle. */
export interface Evaluation {
  /** False when there is too little to judge (below minVolume, no data): the alert holds its state. */
  judged: boolean;
  breaching: boolean;
  value: number | null;
  threshold: number | null;
  /** What crossed what, in words: "5xx share 12.4 % over 5 % in 5 min". */
  summary: string;
  /** The measured value over the last buckets, oldest first (null where nothing was measured). */
  trend: Array<number | null>;
  /** Bucket length of the trend. */
  stepMs: number;
  /**
   * When each trend value was measured (ms): the start of its minute, or the time of its sample
   * or run. Absent where the trend is empty.
   */
  trendTimes?: number[];
  /** The window the value was measured over. */
  windowMs: number;
  /**
   * How long the data proves the condition has held, on the data's own time (slices that all
   * cross, the age past a freshness limit); null when only the lifecycle's own clock can say.
   */
  heldMs: number | null;
  /** The window breaches but proving how long needs the sub-minute slices, not loaded yet. */
  needsFine?: boolean;
  /** log_errors: the error type the summary names, so links can go to its lines. */
  errorType?: LogErrorType;
}


export interface EvaluationContext {
  now: number;
  /** The integration judged (a rule over "*" is judged once per integration). */
  integration: string;
  data: CycleData;
}

export interface RuleEvaluator {
  evaluate(rule: AlertRule, context: EvaluationContext): Evaluation;
}
