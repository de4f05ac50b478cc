import type { AlertRule } from '../rules/types.js';
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
  /** The window the value was measured over. */
  windowMs: number;
  /**
   * How long the condition has held, measured on the data (a streak of breaching minutes, the age
   * past a freshness limit); null when only the lifecycle's own clock can say.
   */
  heldMs: number | null;
  /**
   * How much `heldMs` may overstate: a streak of minutes is counted from the start of its first
   * minute, though the condition may have begun at that minute's last second. Absent: exact.
   */
  heldUncertaintyMs?: number;
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
