import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';
import { columnTypes } from './columns.js';

/**
 * Each per-integration week span of days with its week's sketch merged (rollup/spans.ts, `totals`),
 * a row per span keyed by its id; apart from the span's sketches, so a reader of whole weeks reads
 * no byte of the days' own. Spans packed before this migration get theirs from the packer, a few
 * hundred a pass (rollup/pack.ts); until then a reader merges their days as before.
 */
export function spanTotals(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('integration_rollup_span_totals')
        .addColumn('span_id', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
        .addColumn('total', columnTypes(engine).blob, (c) => c.notNull())
        .execute();
    },
  };
}
