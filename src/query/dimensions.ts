import { plan, type QueryContext } from './context.js';
import type { Window } from './params.js';
import { TEN_MINUTES } from '../rollup/tiers.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import { PACKED_TABLES, spanLength } from '../rollup/spans.js';
import { forEachPackedBucket } from './packed.js';
import type { Segment } from './plan.js';
import { segmentQuery, type RollupColumn } from './segment-query.js';

type Dimension = 'env' | 'site' | 'release' | 'operation';

/**
 * The values the filters can take in a window (for the console's drop-downs): distinct values
 * over the call and event rollup rows that cover it, with what the compactor has not carried up
 * yet, never a raw scan. `integrations` confines them to those integrations' rows.
 */
export async function dimensionValues(context: QueryContext, window: Window, integrations?: IntegrationFilter) {
  const { segments } = plan(context, window, { minResolution: TEN_MINUTES });
  const distinct = async (column: Dimension) => {
    const values = new Set<string>();
    // Envs, sites and releases of events too: a flow view filters by them.
    const tables = column === 'operation' ? (['call_rollups'] as const) : (['call_rollups', 'event_rollups'] as const);
    for (const table of tables) {
      for (const segment of segments) {
        const rows = await readConfined(integrations, (chunk) =>
          // `operation` is read from call_rollups only (above).
          segmentQuery(context.db, table, segment, [column as RollupColumn<typeof table>], (query) => whereIn(query, 'integration', chunk))
            .select(column)
            .distinct()
            .execute(),
        );
        for (const row of rows) values.add((row as Record<Dimension, string>)[column]);
        // After the rows, never before: a span packed in between then has the values the rows no longer hold.
        if (table === 'call_rollups') for (const value of await packedValues(context, segment, column, integrations)) values.add(value);
      }
    }
    values.delete('');
    return [...values].sort();
  };
  return {
    envs: await distinct('env'),
    sites: await distinct('site'),
    releases: await distinct('release'),
    operations: await distinct('operation'),
  };
}

/**
 * The values of a dimension in the packed spans of a segment: distinct in the store for the spans
 * inside the segment, and by their buckets for the spans at its edges (at most two a series),
 * whose other buckets may be outside the window.
 */
async function packedValues(context: QueryContext, segment: Segment, column: Dimension, integrations: IntegrationFilter): Promise<Set<string>> {
  const length = spanLength(PACKED_TABLES.call_rollups, segment.resolution);
  const table = PACKED_TABLES.call_rollups.table;
  const values = new Set<string>();
  const spans = (chunk: readonly string[] | undefined) =>
    whereIn(context.db.selectFrom(table).where('resolution_ms', '=', segment.resolution), 'integration', chunk)
      .where('span', '>', segment.from - length)
      .where('span', '<', segment.to);
  const inside = await readConfined(integrations, (chunk) =>
    spans(chunk).select(column).distinct().where('span', '>=', segment.from).where('span', '<=', segment.to - length).execute(),
  );
  for (const row of inside) values.add(row[column]);
  const edges = await readConfined(integrations, (chunk) =>
    spans(chunk)
      .select([column, 'span as packed_span', 'counts as packed_counts'])
      .where((eb) => eb.or([eb('span', '<', segment.from), eb('span', '>', segment.to - length)]))
      .execute(),
  );
  for (const row of edges) {
    if (values.has(row[column])) continue;
    forEachPackedBucket('call_rollups', segment, row, () => values.add(row[column]));
  }
  return values;
}
