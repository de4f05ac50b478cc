import { describeDuration } from '../../catalogue/duration.js';
import { MINUTE } from '../../rollup/tiers.js';
import { eventFiltersOf } from './common.js';
import type { RuleEvaluator } from './types.js';

/** Age of the newest event of a name, or of the last successful run of a job, above maxAge. */
export const freshness: RuleEvaluator = {
  evaluate(rule, context) {
    const { data, integration, now } = context;
    const maxAge = rule.maxAgeMs ?? 0;
    const last = rule.event
      ? data.events.last(integration, rule.event, eventFiltersOf(rule))
      : (data.runs.get(`${integration}\u0000${rule.job}`)?.lastSuccess ?? null);
    const what = rule.event ?? `successful run of ${rule.job}`;
    if (last === null) {
      // Never seen: nothing to judge against (a heartbeat or an error rule says more).
      return { judged: false, breaching: false, value: null, threshold: maxAge, summary: `no ${what} yet`, trend: [], stepMs: MINUTE, windowMs: maxAge, heldMs: null };
    }
    const age = Math.max(0, now - last);
    const breaching = age > maxAge;
    return {
      judged: true,
      breaching,
      value: age,
      threshold: maxAge,
      summary: `no ${what} for ${describeDuration(age)} (limit ${describeDuration(maxAge)})`,
      trend: [],
      stepMs: MINUTE,
      windowMs: maxAge,
      heldMs: breaching ? age - maxAge : 0,
    };
  },
};
