import { sql } from 'kysely';
import { plan, type QueryContext } from '../query/context.js';
import type { Segment } from '../query/plan.js';
import { whereFilters } from '../query/rollups.js';
import { segmentQuery } from '../query/segment-query.js';
import { DAY } from '../rollup/tiers.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import type { LeadTimeEvents } from './events.js';

/** The filters the flow signals take: the dimensions every event carries. */
export interface FlowFilters {
  env?: string;
  site?: string;
  release?: string;
}

export interface EventRow {
  bucket: number;
  integration: string;
  name: string;
  events: number;
  last_ts: number;
}

export interface LeadTimeRow {
  bucket: number;
  integration: string;
  start_integration: string;
  lead_times: number;
  lead_time_sketch: Uint8Array;
}

/** How far before a window the newest tracking update of a carrier silent in it is looked for. */
export const FRESHNESS_LOOKBACK_MS = 30 * DAY;

/**
 * Event counts of the names given, summed per bucket × integration × name over the filters' series
 * (of the `integrations` given, or of all).
 */
export async function readEventRollups(
  context: QueryContext,
  segments: readonly Segment[],
  names: readonly string[],
  filters: FlowFilters,
  integrations?: IntegrationFilter,
): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  for (const segment of segments) {
    const found = await readConfined(integrations, (chunk) =>
      segmentQuery(context.db, 'event_rollups', segment, ['integration', 'name', 'events', 'last_ts'], (query) =>
        whereIn(whereFilters(query.where('name', 'in', [...names]), filters), 'integration', chunk),
      )
        .select(['bucket', 'integration', 'name', sql<number>`sum(events)`.as('events'), sql<number>`max(last_ts)`.as('last_ts')])
        .groupBy(['bucket', 'integration', 'name'])
        .execute(),
    );
    for (const row of found) rows.push({ bucket: Number(row.bucket), integration: row.integration, name: row.name, events: Number(row.events), last_ts: Number(row.last_ts) });
  }
  return rows;
}

/**
 * The lead-time rows of the configured start → end pair, over the filters' series. With
 * `integrations`, only the lead times that both began and ended at one of them.
 */
export async function readLeadTimeRollups(
  context: QueryContext,
  segments: readonly Segment[],
  events: LeadTimeEvents,
  filters: FlowFilters,
  integrations?: IntegrationFilter,
): Promise<LeadTimeRow[]> {
  const rows: LeadTimeRow[] = [];
  const starts = integrations === undefined ? undefined : new Set(integrations);
  for (const segment of segments) {
    const found = (await readConfined(integrations, (chunk) =>
      segmentQuery(context.db, 'lead_time_rollups', segment, ['integration', 'start_integration', 'lead_times', 'lead_time_sketch'], (query) =>
        whereIn(whereFilters(query.where('start_name', '=', events.start).where('end_name', '=', events.end), filters), 'integration', chunk),
      )
        .selectAll()
        .execute(),
    )) as LeadTimeRow[];
    for (const row of found) if (!starts || starts.has(row.start_integration)) rows.push(row);
  }
  return rows;
}

/**
 * The newest event of a name per integration (of the `integrations` given, or of all) before
 * `before` (a planned window's start, so the two plans meet without a gap), looking back
 * FRESHNESS_LOOKBACK_MS.
 */
export async function newestBefore(context: QueryContext, before: number, name: string, filters: FlowFilters, integrations?: IntegrationFilter): Promise<Map<string, number>> {
  const newest = new Map<string, number>();
  const { segments } = plan(context, { from: before - FRESHNESS_LOOKBACK_MS, to: before });
  for (const segment of segments) {
    const found = await readConfined(integrations, (chunk) =>
      segmentQuery(context.db, 'event_rollups', segment, ['integration', 'last_ts'], (query) => whereIn(whereFilters(query.where('name', '=', name), filters), 'integration', chunk))
        .select(['integration', sql<number>`max(last_ts)`.as('last_ts')])
        .groupBy('integration')
        .execute(),
    );
    for (const row of found) {
      newest.set(row.integration, Math.max(newest.get(row.integration) ?? 0, Number(row.last_ts)));
    }
  }
  return newest;
}
