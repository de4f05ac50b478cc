import { LOG_ERRORS_DEFAULTS, type ErrorTypeCounts } from '../../logs/alert-data.js';
import { MINUTE } from '../../rollup/tiers.js';
import type { RuleEvaluator } from './types.js';
import { windowWords } from './common.js';

/** The sample as a notification quotes it. */
const quoted = (sample: string) => `"${sample.length > 200 ? `${sample.slice(0, 200)}…` : sample}"`;

function usualText(lines: number, usual: number, baselineMs: number): string {
  return usual > 0 ? `${(lines / usual).toFixed(1)}× its usual ${usual.toFixed(1)}` : `after none in the ${windowWords(baselineMs)} before`;
}

/**
 * An integration's logs show a new error type, or one whose rate jumped against its baseline
 * (docs/logs.md, "Alerting"): breaching when, in the window, a type first seen in it has a line
 * (unless `newTypes: false`), or a type has at least `minLines` lines and more than `jump` times
 * its baseline rate over the window's length. The summary names the worst type and quotes its
 * newest sample.
 */
export const logErrors: RuleEvaluator = {
  evaluate(rule, context) {
    const types = context.data.logErrors.of(rule, context.integration);
    const windowMs = Math.ceil(rule.windowMs / MINUTE) * MINUTE;
    const baselineMs = rule.logBaselineMs ?? LOG_ERRORS_DEFAULTS.baselineMs;
    const jump = rule.logJump ?? LOG_ERRORS_DEFAULTS.jump;
    const minLines = rule.logMinLines ?? LOG_ERRORS_DEFAULTS.minLines;
    const windowStart = context.now - windowMs;
    const usualOf = (type: ErrorTypeCounts) => (type.baselineLines * windowMs) / baselineMs;
    const fresh = rule.logNewTypes === false ? [] : types.filter((type) => type.firstSeen >= windowStart && type.lines > 0);
    const jumped = types.filter((type) => type.firstSeen < windowStart && type.lines >= minLines && type.lines > jump * usualOf(type));
    const worst = [...fresh, ...jumped].sort((a, b) => b.lines - a.lines)[0];
    const window = windowWords(rule.windowMs);
    const base = { trend: [], stepMs: MINUTE, windowMs, heldMs: null, threshold: jump };
    if (!worst) {
      const lines = types.reduce((sum, type) => sum + type.lines, 0);
      return { ...base, judged: true, breaching: false, value: 0, summary: `no new or jumping error type in ${window} (${lines} error line${lines === 1 ? '' : 's'})` };
    }
    const more = fresh.length + jumped.length > 1 ? ` (and ${fresh.length + jumped.length - 1} more)` : '';
    const summary = fresh.includes(worst)
      ? `new error type "${worst.pattern}": ${worst.lines} line${worst.lines === 1 ? '' : 's'} in ${window}${more}; latest: ${quoted(worst.sample)}`
      : `error type "${worst.pattern}" jumped to ${worst.lines} lines in ${window}, ${usualText(worst.lines, usualOf(worst), baselineMs)}${more}; latest: ${quoted(worst.sample)}`;
    return { ...base, judged: true, breaching: true, value: worst.lines, summary, errorType: { fingerprint: worst.fingerprint, pattern: worst.pattern, sample: worst.sample } };
  },
};
