import { readGrouped } from '../admin/grouped.js';
import { plan, type QueryContext } from '../query/context.js';
import type { Window } from '../query/params.js';
import { planSteps, STEPS } from '../query/timeseries.js';
import { DAY } from '../rollup/tiers.js';
import { inChunks, IDS_PER_STATEMENT } from '../store/chunks.js';

export const GROUPS_LIMIT = 20;
export const GROUPS_MAX_LIMIT = 100;
/** Points of each group's trend line. */
const TREND_POINTS = 24;

/**
 * How a group's count in the window compares with the window before it (as long): `new` when it
 * was first seen in the window, `rising` at twice or more, `falling` at half or less, else `steady`.
 */
export type Trend = 'new' | 'rising' | 'falling' | 'steady';

export function trendOf(lines: number, previous: number, firstSeen: number, windowFrom: number): Trend {
  if (firstSeen >= windowFrom) return 'new';
  if (lines >= 2 * previous && lines > previous) return 'rising';
  if (previous > 0 && lines * 2 <= previous) return 'falling';
  return 'steady';
}

const trendStep = (window: Window) => STEPS.find((step) => (window.to - window.from) / step <= TREND_POINTS) ?? DAY * Math.ceil((window.to - window.from) / TREND_POINTS / DAY);

/** Lines per error type of an integration over a plan's segments (from the error-type rollups). */
async function countsBy(context: QueryContext, integration: string, segments: Parameters<typeof readGrouped>[1], byBucket: boolean, fingerprints?: readonly string[]) {
  return readGrouped(context.db, segments, {
    table: 'log_error_rollups',
    by: byBucket ? ['bucket', 'fingerprint'] : ['fingerprint'],
    measures: { lines: 'sum' },
    integrations: [integration],
    ...(fingerprints ? { narrow: (query) => query.where('fingerprint', 'in', fingerprints) } : {}),
  });
}

/**
 * An integration's top error types in a window: each group's lines in the window (from the rollups,
 * so every acknowledged line counts at once), the window before it, its trend and trend line,
 * pattern, newest sample, first and last seen. Bounded: an integration has at most
 * MAX_GROUPS_PER_INTEGRATION groups, and only the top `limit` get details and a line.
 */
export async function topErrorGroups(context: QueryContext, integration: string, window: Window, limit: number) {
  const steps = planSteps(context, window, trendStep(window));
  const inWindow = await countsBy(context, integration, steps.segments, false);
  const top = inWindow
    .map((row) => ({ fingerprint: String(row.fingerprint), lines: Number(row.lines) }))
    .filter((row) => row.lines > 0)
    .sort((a, b) => b.lines - a.lines || a.fingerprint.localeCompare(b.fingerprint))
    .slice(0, limit);
  const t = Array.from({ length: steps.buckets }, (_, i) => steps.from + i * steps.step);
  if (top.length === 0) return { from: steps.from, to: steps.to, step_ms: steps.step, t, groups: [] };
  const fingerprints = top.map((row) => row.fingerprint);
  const span = steps.to - steps.from;
  const before = plan(context, { from: steps.from - span, to: steps.from }).segments;
  const previous = new Map((await countsBy(context, integration, before, false, fingerprints)).map((row) => [String(row.fingerprint), Number(row.lines)]));
  const points = new Map(fingerprints.map((fingerprint) => [fingerprint, new Array<number>(steps.buckets).fill(0)]));
  for (const row of await countsBy(context, integration, steps.segments, true, fingerprints)) {
    const i = Math.floor((Number(row.bucket) - steps.from) / steps.step);
    const line = points.get(String(row.fingerprint));
    if (line && i >= 0 && i < steps.buckets) line[i]! += Number(row.lines);
  }
  const details = new Map(
    (await inChunks(fingerprints, IDS_PER_STATEMENT, (chunk) =>
      context.db.selectFrom('log_error_groups').selectAll().where('integration', '=', integration).where('fingerprint', 'in', chunk).execute(),
    )).map((group) => [group.fingerprint, group]),
  );
  const groups = top.flatMap(({ fingerprint, lines }) => {
    const group = details.get(fingerprint);
    // A group retention removed while its rollups are still kept: no pattern or sample to show.
    if (!group) return [];
    const before = previous.get(fingerprint) ?? 0;
    return [{
      fingerprint,
      level: group.level,
      pattern: group.pattern,
      sample: group.sample,
      sample_ts: Number(group.sample_ts),
      first_seen: Number(group.first_seen),
      last_seen: Number(group.last_seen),
      total_lines: Number(group.lines),
      lines,
      previous_lines: before,
      trend: trendOf(lines, before, Number(group.first_seen), steps.from),
      points: points.get(fingerprint)!,
    }];
  });
  return { from: steps.from, to: steps.to, step_ms: steps.step, t, groups };
}
