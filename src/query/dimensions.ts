import { plan, type QueryContext } from './context.js';
import type { Window } from './params.js';
import { TEN_MINUTES } from '../rollup/tiers.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
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
