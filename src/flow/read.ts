import { sql } from 'kysely';
import { plan, type QueryContext } from '../query/context.js';
import type { Segment } from '../query/plan.js';
import { whereFilters } from '../query/rollups.js';
import { DAY } from '../rollup/tiers.js';
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

/** Event counts of the names given, summed per bucket × integration × name over the filters' series. */
export async function readEventRollups(context: QueryContext, segments: readonly Segment[], names: readonly string[], filters: FlowFilters): Promise<EventRow[]> {
  const rows: EventRow[] = [];
  for (const segment of segments) {
    const query = context.db
      .selectFrom('event_rollups')
      .select(['bucket', 'integration', 'name', sql<number>`sum(events)`.as('events'), sql<number>`max(last_ts)`.as('last_ts')])
      .where('resolution_ms', '=', segment.resolution)
      .where('bucket', '>=', segment.from)
      .where('bucket', '<', segment.to)
      .where('name', 'in', [...names]);
    const found = await whereFilters(query, filters).groupBy(['bucket', 'integration', 'name']).execute();
    for (const row of found) rows.push({ ...row, events: Number(row.events), last_ts: Number(row.last_ts) });
  }
  return rows;
}

/** The lead-time rows of the configured start → end pair, over the filters' series. */
export async function readLeadTimeRollups(context: QueryContext, segments: readonly Segment[], events: LeadTimeEvents, filters: FlowFilters): Promise<LeadTimeRow[]> {
  const rows: LeadTimeRow[] = [];
  for (const segment of segments) {
    const query = context.db
      .selectFrom('lead_time_rollups')
      .select(['bucket', 'integration', 'start_integration', 'lead_times', 'lead_time_sketch'])
      .where('resolution_ms', '=', segment.resolution)
      .where('bucket', '>=', segment.from)
      .where('bucket', '<', segment.to)
      .where('start_name', '=', events.start)
      .where('end_name', '=', events.end);
    rows.push(...(await whereFilters(query, filters).execute()));
  }
  return rows;
}

/**
 * The newest event of a name per integration before `before` (a planned window's start, so the
 * two plans meet without a gap), looking back FRESHNESS_LOOKBACK_MS.
 */
export async function newestBefore(context: QueryContext, before: number, name: string, filters: FlowFilters): Promise<Map<string, number>> {
  const newest = new Map<string, number>();
  const { segments } = plan(context, { from: before - FRESHNESS_LOOKBACK_MS, to: before });
  for (const segment of segments) {
    const query = context.db
      .selectFrom('event_rollups')
      .select(['integration', sql<number>`max(last_ts)`.as('last_ts')])
      .where('resolution_ms', '=', segment.resolution)
      .where('bucket', '>=', segment.from)
      .where('bucket', '<', segment.to)
      .where('name', '=', name);
    for (const row of await whereFilters(query, filters).groupBy('integration').execute()) {
      newest.set(row.integration, Math.max(newest.get(row.integration) ?? 0, Number(row.last_ts)));
    }
  }
  return newest;
}
