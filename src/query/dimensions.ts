import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Window } from './params.js';
import { TEN_MINUTES, floorTo } from '../rollup/tiers.js';

/**
 * The values the filters can take in a window (for the console's drop-downs), read from the
 * ten-minute tier: distinct over a few thousand rows, never a raw scan.
 */
export async function dimensionValues(db: Kysely<Database>, window: Window, integration?: string) {
  const distinct = async (column: 'env' | 'site' | 'release' | 'operation') => {
    let query = db
      .selectFrom('call_rollups')
      .select(column)
      .distinct()
      .where('resolution_ms', '=', TEN_MINUTES)
      .where('bucket', '>=', floorTo(window.from, TEN_MINUTES))
      .where('bucket', '<', window.to);
    if (integration !== undefined) query = query.where('integration', '=', integration);
    const rows = await query.execute();
    return rows.map((row) => (row as Record<string, string>)[column]!).filter((value) => value !== '').sort();
  };
  return {
    envs: await distinct('env'),
    sites: await distinct('site'),
    releases: await distinct('release'),
    operations: await distinct('operation'),
  };
}
