import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Outcome } from '../common/outcome.js';
import type { SeriesFilters, Window } from './params.js';

/**
 * The most recent failed calls of an integration, newest first, read from raw records. The
 * `outcome <> 'ok'` term stays so the partial index of failed calls serves the query.
 */
export async function recentFailures(
  db: Kysely<Database>,
  integration: string,
  window: Window,
  filters: SeriesFilters,
  limit: number,
  outcomes: readonly Outcome[],
  /** Only those older than this one (the `ts` and `id` of the last of the page before). */
  before?: readonly [number, number],
) {
  let query = db
    .selectFrom('records')
    .select([
      'id', 'ts', 'operation', 'direction', 'http_status as status', 'error', 'outcome', 'latency_ms', 'attempt',
      'correlation_id', 'order_id', 'shipment_id', 'env', 'site', 'release',
    ])
    .where('integration', '=', integration)
    .where('outcome', '<>', 'ok')
    .where('outcome', 'in', outcomes)
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to);
  for (const name of ['env', 'site', 'release', 'operation', 'direction'] as const) {
    const value = filters[name];
    if (value !== undefined) query = query.where(name, '=', value);
  }
  if (before) {
    const [ts, id] = before;
    query = query.where((eb) => eb.or([eb('ts', '<', ts), eb.and([eb('ts', '=', ts), eb('id', '<', id)])]));
  }
  return query.orderBy('ts', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
