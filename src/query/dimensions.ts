import { plan, type QueryContext } from './context.js';
import type { Window } from './params.js';
import { TEN_MINUTES } from '../rollup/tiers.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import { PACKED_TABLES, spanLength } from '../rollup/spans.js';
import { forEachPackedBucket } from './packed.js';
import type { Segment } from './plan.js';
import { segmentQuery, type RollupColumn } from './segment-query.js';

type Dimension = 'env' | 'site' | 'release' | 'operation';
type Found = Record<Dimension, Set<string>>;

/** Envs, sites and releases of events too (a flow view filters by them); operations of calls only. */
const COLUMNS = { call_rollups: ['env', 'site', 'release', 'operation'], event_rollups: ['env', 'site', 'release'] } as const;

/**
 * The values the filters can take in a window (for the console's drop-downs): distinct values
 * over the call and event rollup rows that cover it, with what the compactor has not carried up
 * yet, never a raw scan. `integrations` confines them to those integrations' rows. Every column
 * of a table in one statement a segment (their combinations are few: one a series), the two
 * tables side by side: a 30-day window of 1,000 integrations was some 80 statements one after
 * another, 330 ms on PostgreSQL.
 */
export async function dimensionValues(context: QueryContext, window: Window, integrations?: IntegrationFilter) {
  const { segments } = plan(context, window, { minResolution: TEN_MINUTES });
  const found: Found = { env: new Set(), site: new Set(), release: new Set(), operation: new Set() };
  const add = (columns: readonly Dimension[], row: Record<string, unknown>) => {
    for (const column of columns) found[column].add(row[column] as string);
  };
  const read = async (table: keyof typeof COLUMNS) => {
    const columns = COLUMNS[table];
    for (const segment of segments) {
      const rows = await readConfined(integrations, (chunk) =>
        segmentQuery(context.db, table, segment, [...columns] as Array<RollupColumn<typeof table>>, (query) => whereIn(query, 'integration', chunk))
          .select([...columns])
          .distinct()
          .execute(),
      );
      for (const row of rows) add(columns, row as Record<string, unknown>);
      // After the rows, never before: a span packed in between then has the values the rows no longer hold.
      if (table === 'call_rollups') await packedValues(context, segment, integrations, found);
    }
  };
  await Promise.all([read('call_rollups'), read('event_rollups')]);
  const sorted = (values: Set<string>) => [...values].filter((value) => value !== '').sort();
  return { envs: sorted(found.env), sites: sorted(found.site), releases: sorted(found.release), operations: sorted(found.operation) };
}

/**
 * The call series' values in the packed spans of a segment, added to `found`: distinct in the
 * store for the spans inside the segment, and by their buckets for the spans at its edges (at
 * most two a series), whose other buckets may be outside the window.
 */
async function packedValues(context: QueryContext, segment: Segment, integrations: IntegrationFilter, found: Found): Promise<void> {
  const columns = COLUMNS.call_rollups;
  const length = spanLength(PACKED_TABLES.call_rollups, segment.resolution);
  const table = PACKED_TABLES.call_rollups.table;
  const spans = (chunk: readonly string[] | undefined) =>
    whereIn(context.db.selectFrom(table).where('resolution_ms', '=', segment.resolution), 'integration', chunk)
      .where('span', '>', segment.from - length)
      .where('span', '<', segment.to);
  const inside = await readConfined(integrations, (chunk) =>
    spans(chunk).select([...columns]).distinct().where('span', '>=', segment.from).where('span', '<=', segment.to - length).execute(),
  );
  for (const row of inside) for (const column of columns) found[column].add(row[column]);
  const edges = await readConfined(integrations, (chunk) =>
    spans(chunk)
      .select([...columns, 'span as packed_span', 'counts as packed_counts'])
      .where((eb) => eb.or([eb('span', '<', segment.from), eb('span', '>', segment.to - length)]))
      .execute(),
  );
  for (const row of edges) {
    let inWindow = false;
    forEachPackedBucket('call_rollups', segment, row, () => (inWindow = true));
    if (inWindow) for (const column of columns) found[column].add(row[column]);
  }
}
