import { sql, type Kysely } from 'kysely';
import { firstSeen } from '../../budget/totals.js';
import { planWindow, type Segment } from '../../query/plan.js';
import type { RollupRow } from '../../query/rollups.js';
import type { SegmentCache } from '../../query/segment-cache.js';
import { forEachPackedBucket, withSpans, type PackedColumns } from '../../query/packed.js';
import { segmentQuery, type Narrow } from '../../query/segment-query.js';
import { DAY } from '../../rollup/tiers.js';
import type { Database } from '../../store/schema.js';
import type { AlertRule } from '../rules/types.js';
import { median } from './common.js';
import type { ScopeFilters } from './data.js';

const WEEK = 7 * DAY;
/** Weeks back a `last_week` baseline looks: the same window in each of them. */
export const BASELINE_WEEKS = 4;

/** Call counts per series of one segment, by integration. */
type SeriesCounts = Map<string, RollupRow[]>;

/** What the engine keeps between cycles: the settled segments of previous weeks. */
export interface LastWeeksSources {
  cache: SegmentCache<SeriesCounts>;
  retentionMs: Record<number, number>;
}

/** One previous week's window: when it started, and its call counts per series scaled to the window's length. */
interface WeekWindow {
  from: number;
  counts: SeriesCounts;
  /** The window's length over the time the tiers still cover (1 while minutes are kept; a window older than them is read whole tier rows and scaled). */
  scale: number;
}

/**
 * The `last_week` baseline of volume-drop rules: the rule's window (ending with the minute under
 * way) at the same time of the week in each of the previous BASELINE_WEEKS weeks, read from the
 * call rollups. Weeks before the integration's first record are left out — a week in which it did
 * not exist is not a week of zero traffic — and the baseline is the median of the rest, so one odd
 * week (a holiday, an outage) does not move it. Where the minute tier is gone (8 days by default),
 * the coarser tiers cover the window's time of week and the count is scaled to its length.
 */
export class LastWeeksData {
  private constructor(
    private readonly byWindow: Map<number, WeekWindow[]>,
    private readonly first: Map<string, number>,
  ) {}

  static empty(): LastWeeksData {
    return new LastWeeksData(new Map(), new Map());
  }

  static async load(db: Kysely<Database>, end: number, now: number, rules: ReadonlyArray<{ rule: AlertRule }>, sources: LastWeeksSources): Promise<LastWeeksData> {
    const lengths = new Set(rules.filter(({ rule }) => rule.kind === 'volume_drop' && !rule.event && rule.baseline === 'last_week').map(({ rule }) => rule.windowMs));
    if (lengths.size === 0) return LastWeeksData.empty();
    sources.cache.expire(now);
    const byWindow = new Map<number, WeekWindow[]>();
    for (const length of lengths) {
      const weeks: WeekWindow[] = [];
      for (let w = 1; w <= BASELINE_WEEKS; w++) {
        const plan = planWindow({ from: end - length - w * WEEK, to: end - w * WEEK }, { now, retentionMs: sources.retentionMs });
        const covered = plan.window.to - plan.window.from;
        const counts: SeriesCounts = new Map();
        for (const segment of plan.segments) {
          for (const [integration, rows] of await sources.cache.get('last-weeks', segment, now, () => seriesCounts(db, segment))) {
            const into = counts.get(integration) ?? [];
            for (const row of rows) into.push(row);
            counts.set(integration, into);
          }
        }
        weeks.push({ from: end - length - w * WEEK, counts, scale: covered > 0 ? length / covered : 0 });
      }
      byWindow.set(length, weeks);
    }
    return new LastWeeksData(byWindow, await firstSeen(db));
  }

  /** The median count of the scope's window in the previous weeks it existed in, and how it was found; null without such a week. */
  baseline(integration: string, filters: ScopeFilters, windowMs: number): { value: number; words: string } | null {
    const since = this.first.get(integration);
    const counts: number[] = [];
    for (const week of this.byWindow.get(windowMs) ?? []) {
      if (since === undefined || week.from < since) continue;
      let total = 0;
      for (const row of week.counts.get(integration) ?? []) if (matches(row, filters)) total += Number(row.volume);
      counts.push(total * week.scale);
    }
    if (counts.length === 0) return null;
    if (counts.length === 1) return { value: counts[0]!, words: 'same time last week' };
    return { value: median(counts), words: `median of the same time in the previous ${counts.length} weeks` };
  }
}

/** Whether a series row is in a rule's scope. */
export function matches(row: { env?: string; site?: string; operation?: string; direction?: string }, filters: ScopeFilters): boolean {
  return (
    (filters.env === undefined || row.env === filters.env) &&
    (filters.site === undefined || row.site === filters.site) &&
    (filters.operation === undefined || row.operation === filters.operation) &&
    (filters.direction === undefined || row.direction === filters.direction)
  );
}

async function seriesCounts(db: Kysely<Database>, segment: Segment): Promise<SeriesCounts> {
  const series = ['integration', 'operation', 'direction', 'env', 'site'] as const;
  const noNarrowing: Narrow = (query) => query;
  const grouped = segmentQuery(db, 'call_rollups', segment, [...series, 'volume'])
    .select([...series, sql<number>`sum(volume)`.as('volume')])
    .groupBy([...series]);
  const rows = await withSpans(db, 'call_rollups', segment, noNarrowing, grouped, [...series, 'volume'], { sketches: false }).execute();
  const byIntegration: SeriesCounts = new Map();
  for (const row of rows as unknown as Array<RollupRow & PackedColumns>) {
    // A span is one more row of its series (counts are summed per scope): its buckets' volume in the segment.
    let volume = 0;
    if (forEachPackedBucket('call_rollups', segment, row, (bucket) => (volume += bucket.volume))) row.volume = volume;
    const list = byIntegration.get(row.integration) ?? [];
    list.push(row);
    byIntegration.set(row.integration, list);
  }
  return byIntegration;
}
