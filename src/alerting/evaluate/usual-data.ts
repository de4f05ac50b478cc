import { sql, type Kysely } from 'kysely';
import { EXCEPTION_RAISED, ORDER_RECEIVED } from '../../flow/events.js';
import { OUTCOMES } from '../../common/outcome.js';
import { planWindow, type Segment } from '../../query/plan.js';
import type { SegmentCache } from '../../query/segment-cache.js';
import { packedTotals, withSpans, type PackedColumns } from '../../query/packed.js';
import { segmentQuery, type Narrow } from '../../query/segment-query.js';
import { DAY } from '../../rollup/tiers.js';
import type { Database } from '../../store/schema.js';
import type { AlertRule } from '../rules/types.js';
import { median } from './common.js';

/** Sums per integration of one window: call counts by outcome and `volume`, or events by name. */
type HourSums = Map<string, Record<string, number>>;

/** What a cycle keeps between cycles for baseline mode: the settled windows of previous days. */
export interface UsualSources {
  cache: SegmentCache<HourSums>;
  retentionMs: Record<number, number>;
}

/** Days back the usual level looks; the last one is the same hour last week. */
const DAYS = 7;

export interface UsualLevel {
  share: number;
  /** How it was found, for the summary. */
  how: string;
}

type Source = 'calls' | 'events';

/**
 * The usual level of a ratio at this time of day, for rules in baseline mode (`usual`): the
 * rule's window (ending with the minute under way) at the same time on each of the previous
 * seven days, read from the per-integration call rollups and the event rollups (settled parts
 * cached across cycles). The same clock window, so a window that straddles the start of a busy
 * night hour is compared with windows that straddle it the same way.
 */
export class UsualData {
  /** `${source}:${window length}` → sums of day 1 (yesterday) to 7 (last week). */
  private constructor(private readonly days: Map<string, HourSums[]>) {}

  static async load(db: Kysely<Database>, end: number, now: number, rules: ReadonlyArray<{ rule: AlertRule }>, sources: UsualSources | undefined): Promise<UsualData> {
    const days = new Map<string, HourSums[]>();
    if (!sources) return new UsualData(days);
    const wanted = new Map<string, { source: Source; windowMs: number }>();
    for (const { rule } of rules) {
      if (rule.usual === undefined) continue;
      const source = sourceOf(rule);
      wanted.set(`${source}:${rule.windowMs}`, { source, windowMs: rule.windowMs });
    }
    sources.cache.expire(now);
    for (const [key, { source, windowMs }] of wanted) {
      const read = source === 'calls' ? callSums : eventSums;
      const sums: HourSums[] = [];
      for (let d = 1; d <= DAYS; d++) {
        const segments = planWindow({ from: end - windowMs - d * DAY, to: end - d * DAY }, { now, retentionMs: sources.retentionMs }).segments;
        sums.push(await sumSegments(segments, (segment) => sources.cache.get(source, segment, now, () => read(db, segment))));
      }
      days.set(key, sums);
    }
    return new UsualData(days);
  }

  /**
   * The rule's usual share numerator ÷ denominator for the integration now: its window at the
   * same time last week when that held `minVolume` (weekly patterns: a Monday morning is not a
   * Sunday's), else the median over the previous six days whose window did; null when none did.
   */
  level(rule: AlertRule, integration: string, numerator: string, denominator: string): UsualLevel | null {
    const shares: number[] = [];
    const minVolume = rule.minVolume;
    const byDay = this.days.get(`${sourceOf(rule)}:${rule.windowMs}`) ?? [];
    for (let d = 1; d <= byDay.length; d++) {
      const sums = byDay[d - 1]!.get(integration);
      const den = sums?.[denominator] ?? 0;
      if (den === 0 || den < minVolume) continue;
      const share = (sums?.[numerator] ?? 0) / den;
      if (d === DAYS) return { share, how: 'same time last week' };
      shares.push(share);
    }
    if (shares.length === 0) return null;
    return { share: median(shares), how: `median of the same time on ${shares.length} previous day${shares.length === 1 ? '' : 's'}` };
  }
}

function sourceOf(rule: AlertRule): Source {
  return rule.kind === 'business_exception_rate' ? 'events' : 'calls';
}

async function sumSegments(segments: readonly Segment[], read: (segment: Segment) => Promise<HourSums>): Promise<HourSums> {
  const total: HourSums = new Map();
  for (const segment of segments) {
    for (const [integration, sums] of await read(segment)) {
      const into = total.get(integration) ?? {};
      for (const [key, value] of Object.entries(sums)) into[key] = (into[key] ?? 0) + value;
      total.set(integration, into);
    }
  }
  return total;
}

async function callSums(db: Kysely<Database>, segment: Segment): Promise<HourSums> {
  const columns = ['volume', ...OUTCOMES] as const;
  const noNarrowing: Narrow = (query) => query;
  const grouped = segmentQuery(db, 'integration_rollups', segment, ['integration', ...columns])
    .select(['integration', ...columns.map((column) => sql<number>`sum(${sql.ref(column)})`.as(column))])
    .groupBy('integration');
  const rows = await withSpans(db, 'integration_rollups', segment, noNarrowing, grouped, ['integration', ...columns], { sketches: false }).execute();
  const sums: HourSums = new Map();
  for (const row of rows as Array<Record<string, unknown> & PackedColumns & { integration: string }>) {
    const into = sums.get(row.integration) ?? Object.fromEntries(columns.map((column) => [column, 0]));
    const add = (from: Record<string, unknown>) => {
      for (const column of columns) into[column]! += Number(from[column]);
    };
    add(packedTotals('integration_rollups', segment, row) ?? row);
    sums.set(row.integration, into);
  }
  return sums;
}

async function eventSums(db: Kysely<Database>, segment: Segment): Promise<HourSums> {
  const rows = await segmentQuery(db, 'event_rollups', segment, ['integration', 'name', 'events'], (query) => query.where('name', 'in', [EXCEPTION_RAISED, ORDER_RECEIVED]))
    .select(['integration', 'name', sql<number>`sum(events)`.as('events')])
    .groupBy(['integration', 'name'])
    .execute();
  const sums: HourSums = new Map();
  for (const row of rows as Array<{ integration: string; name: string; events: unknown }>) {
    const into = sums.get(row.integration) ?? {};
    into[row.name] = Number(row.events);
    sums.set(row.integration, into);
  }
  return sums;
}
