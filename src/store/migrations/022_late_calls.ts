import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';
import { columnTypes, primaryKey } from './columns.js';

/**
 * Calls committed late (rollup/late-calls.ts): a row per batch and integration with the first and
 * last late call's stamp, so every instance's board forgets what it kept of them, not only the
 * instance that committed them. Rows live ten minutes or a little more (the retention job drops
 * them); the index serves both the reads since a moment and the deletes before one.
 */
export function lateCalls(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('late_calls')
        .addColumn('id', columnTypes(engine).id, primaryKey(engine))
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('first_ts', 'bigint', (c) => c.notNull())
        .addColumn('last_ts', 'bigint', (c) => c.notNull())
        .addColumn('noted_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('late_calls_noted').on('late_calls').column('noted_at').execute();
    },
  };
}
