import { sql } from 'kysely';
import { plan, type QueryContext } from '../query/context.js';
import type { Segment } from '../query/plan.js';
import { whereFilters } from '../query/rollups.js';
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
    const found = await readConfined(integrations, (chunk) => {
      const query = context.db
        .selectFrom('event_rollups')
        .select(['bucket', 'integration', 'name', sql<number>`sum(events)`.as('events'), sql<number>`max(last_ts)`.as('last_ts')])
        .where('resolution_ms', '=', segment.resolution)
        .where('bucket', '>=', segment.from)
        .where('bucket', '<', segment.to)
        .where('name', 'in', [...names]);
      return whereIn(whereFilters(query, filters), 'integration', chunk).groupBy(['bucket', 'integration', 'name']).execute();
    });
    for (const row of found) rows.push({ ...row, events: Number(row.events), last_ts: Number(row.last_ts) });
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
    const found = await readConfined(integrations, (chunk) => {
      const query = context.db
        .selectFrom('lead_time_rollups')
        .select(['bucket', 'integration', 'start_integration', 'lead_times', 'lead_time_sketch'])
        .where('resolution_ms', '=', segment.resolution)
        .where('bucket', '>=', segment.from)
        .where('bucket', '<', segment.to)
        .where('start_name', '=', events.start)
        .where('end_name', '=', events.end);
      return whereIn(whereFilters(query, filters), 'integration', chunk).execute();
    });
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
    const found = await readConfined(integrations, (chunk) => {
      const query = context.db
        .selectFrom('event_rollups')
        .select(['integration', sql<number>`max(last_ts)`.as('last_ts')])
        .where('resolution_ms', '=', segment.resolution)
        .where('bucket', '>=', segment.from)
        .where('bucket', '<', segment.to)
        .where('name', '=', name);
      return whereIn(whereFilters(query, filters), 'integration', chunk).groupBy('integration').execute();
    });
    for (const row of found) {
      newest.set(row.integration, Math.max(newest.get(row.integration) ?? 0, Number(row.last_ts)));
    }
  }
  return newest;
}
