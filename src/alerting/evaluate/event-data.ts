import { sql, type Kysely } from 'kysely';
import { EXCEPTION_RAISED, LABEL_CREATED, LABEL_FAILED, ORDER_RECEIVED } from '../../flow/events.js';
import { whereFilters } from '../../query/rollups.js';
import { segmentQuery, type RollupQuery } from '../../query/segment-query.js';
import { DAY, MINUTE } from '../../rollup/tiers.js';
import type { Database } from '../../store/schema.js';
import type { AlertRule } from '../rules/types.js';

/** The filters that apply to events (operation and direction describe calls). */
export interface EventFilters {
  env?: string;
  site?: string;
}

interface EventRow {
  bucket: number;
  env: string;
  site: string;
  events: number;
  last_ts: number;
}

function matches(row: EventRow, filters: EventFilters): boolean {
  return (filters.env === undefined || row.env === filters.env) && (filters.site === undefined || row.site === filters.site);
}

const keyOf = (integration: string, name: string) => `${integration}\u0000${name}`;
const scopeKey = (integration: string, name: string, filters: EventFilters) => `${keyOf(integration, name)}\u0000${filters.env ?? ''}\u0000${filters.site ?? ''}`;

/** The event names a rule reads. */
export function eventsOf(rule: AlertRule): string[] {
  switch (rule.kind) {
    case 'freshness':
    case 'volume_drop':
      return rule.event ? [rule.event] : [];
    case 'business_exception_rate':
      return [EXCEPTION_RAISED, ORDER_RECEIVED];
    case 'label_success_rate':
      return [LABEL_CREATED, LABEL_FAILED];
    default:
      return [];
  }
}

/**
 * The events the cycle's rules read, per minute, from the minute tier of the event rollups (one
 * read for every integration); and for a freshness rule whose event did not occur in that span,
 * its newest occurrence, by a backward seek on the newest bucket of its series.
 */
export class EventData {
  private readonly rows = new Map<string, EventRow[]>();
  private readonly newest = new Map<string, number | null>();
  private readonly perMinuteCache = new Map<string, Float64Array>();

  private constructor(
    readonly start: number,
    readonly minutes: number,
  ) {}

  /** Reads minutes [from, start + minutes): the span, and as much before it as baselines need. */
  static async load(db: Kysely<Database>, start: number, minutes: number, from: number, rules: Array<{ rule: AlertRule; integration: string }>): Promise<EventData> {
    const data = new EventData(start, minutes);
    const names = new Set(rules.flatMap(({ rule }) => eventsOf(rule)));
    if (names.size === 0) return data;
    // The minute tier holds every event of its retention (ingest writes it): no finer rows to add.
    const rows = await segmentQuery(db, 'event_rollups', { resolution: MINUTE, from, to: start + minutes * MINUTE }, ['integration', 'name', 'env', 'site', 'events', 'last_ts'], (query) =>
      query.where('name', 'in', [...names]),
    )
      .select(['integration', 'name', 'bucket', 'env', 'site', sql<number>`sum(events)`.as('events'), sql<number>`max(last_ts)`.as('last_ts')])
      .groupBy(['integration', 'name', 'bucket', 'env', 'site'])
      .execute();
    for (const row of rows) {
      const key = keyOf(row.integration, row.name);
      let list = data.rows.get(key);
      if (!list) data.rows.set(key, (list = []));
      list.push({ bucket: Number(row.bucket), env: row.env, site: row.site, events: Number(row.events), last_ts: Number(row.last_ts) });
    }
    for (const { rule, integration } of rules) {
      if (rule.kind !== 'freshness' || !rule.event) continue;
      const filters = { ...(rule.env !== undefined ? { env: rule.env } : {}), ...(rule.site !== undefined ? { site: rule.site } : {}) };
      if (data.lastInSpan(integration, rule.event, filters) !== null) continue;
      const key = scopeKey(integration, rule.event, filters);
      if (!data.newest.has(key)) data.newest.set(key, await newestStored(db, integration, rule.event, filters));
    }
    return data;
  }

  private matching(integration: string, name: string, filters: EventFilters): EventRow[] {
    return (this.rows.get(keyOf(integration, name)) ?? []).filter((row) => matches(row, filters));
  }

  /** Events per minute of the span. */
  perMinute(integration: string, name: string, filters: EventFilters): Float64Array {
    const key = scopeKey(integration, name, filters);
    let values = this.perMinuteCache.get(key);
    if (!values) {
      values = new Float64Array(this.minutes);
      for (const row of this.matching(integration, name, filters)) {
        const i = (row.bucket - this.start) / MINUTE;
        if (i >= 0 && i < this.minutes) values[i]! += row.events;
      }
      this.perMinuteCache.set(key, values);
    }
    return values;
  }

  /** Events per minute over `minutes` minutes from `from` (minute-aligned), within what was read. */
  minutesIn(integration: string, name: string, from: number, minutes: number, filters: EventFilters): Float64Array {
    const values = new Float64Array(minutes);
    for (const row of this.matching(integration, name, filters)) {
      const i = (row.bucket - from) / MINUTE;
      if (i >= 0 && i < minutes) values[i]! += row.events;
    }
    return values;
  }


  private lastInSpan(integration: string, name: string, filters: EventFilters): number | null {
    let last: number | null = null;
    for (const row of this.matching(integration, name, filters)) if (last === null || row.last_ts > last) last = row.last_ts;
    return last;
  }

  /** The newest event's ts: in what was read, else the newest stored; null if there never was one. */
  last(integration: string, name: string, filters: EventFilters): number | null {
    return this.lastInSpan(integration, name, filters) ?? this.newest.get(scopeKey(integration, name, filters)) ?? null;
  }
}

/**
 * The newest event of a series. The minute tier holds every event of the last days (ingest writes
 * it); older ones are in the day tier, or in partial rows of the tiers between that the compactor
 * has not carried up yet. Each answers from the newest bucket it holds (event_rollups_newest
 * index): the day tier's, and then the rows of that bucket or later, partial rows of the finer
 * tiers included (segmentQuery). A row the compactor carries up meanwhile stays at that bucket
 * or later, so it is not missed.
 */
async function newestStored(db: Kysely<Database>, integration: string, name: string, filters: EventFilters): Promise<number | null> {
  const series = (query: RollupQuery): RollupQuery => whereFilters(query.where('integration', '=', integration).where('name', '=', name), filters);
  const newestBucket = async (resolution: number): Promise<number | null> => {
    const row = await series((db as unknown as Kysely<any>).selectFrom('event_rollups').where('resolution_ms', '=', resolution))
      .select((eb) => eb.fn.max('bucket').as('bucket'))
      .executeTakeFirst();
    return row?.bucket === null || row?.bucket === undefined ? null : Number(row.bucket);
  };
  const newestFrom = async (resolution: number, from: number): Promise<number | null> => {
    const row = await segmentQuery(db, 'event_rollups', { resolution, from, to: Number.MAX_SAFE_INTEGER }, ['last_ts'], series)
      .select(sql<number | null>`max(last_ts)`.as('last'))
      .executeTakeFirst();
    return row?.last === null || row?.last === undefined ? null : Number(row.last);
  };
  const minute = await newestBucket(MINUTE);
  if (minute !== null) return newestFrom(MINUTE, minute);
  return newestFrom(DAY, (await newestBucket(DAY)) ?? 0);
}
