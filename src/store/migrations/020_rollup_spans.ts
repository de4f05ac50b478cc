import type { Kysely } from 'kysely';
import { PACKED_TABLES, type PackedTable } from '../../rollup/spans.js';
import type { Engine } from '../engine.js';
import { columnTypes, primaryKey } from './columns.js';

/**
 * The packed spans of the call and per-integration rollups (src/rollup/spans.ts): a row per
 * series, tier and span of settled buckets. Two indexes, like the rollup tables': one
 * integration's spans by tier (the pages of one integration, the packer's merge) and every
 * integration's by tier and span (the overviews, retention). An id, so the packer takes exactly the
 * spans it read (DELETE … RETURNING by id): a span row is small beside its blobs. Empty at first:
 * the compactor's packer converts the rows already stored as it reaches them, oldest first, and
 * readers fold spans and rows alike meanwhile. (Migration 021 moves the sketches to a table of their own.)
 */
export function rollupSpans(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const packed of Object.values(PACKED_TABLES)) {
        await createSpanTable(db, engine, packed, packed.table, { sketches: true });
        await createSpanIndexes(db, packed.table);
      }
    },
  };
}

/** A span table named `name` as `packed` describes it, its sketches in the row (migration 020) or not (021). */
export async function createSpanTable(db: Kysely<unknown>, engine: Engine, packed: PackedTable, name: string, options: { sketches: boolean }): Promise<void> {
  const t = columnTypes(engine);
  let create = db.schema
    .createTable(name)
    .addColumn('id', t.id, primaryKey(engine))
    .addColumn('resolution_ms', 'integer', (c) => c.notNull())
    .addColumn('span', 'bigint', (c) => c.notNull());
  for (const dimension of packed.rollups.dimensions) create = create.addColumn(dimension, 'text', (c) => c.notNull());
  create = create.addColumn('counts', t.blob, (c) => c.notNull());
  if (options.sketches) create = create.addColumn('sketches', t.blob, (c) => c.notNull());
  await create.execute();
}

export async function createSpanIndexes(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema.createIndex(`${table}_read`).on(table).columns(['resolution_ms', 'integration', 'span']).execute();
  await db.schema.createIndex(`${table}_span`).on(table).columns(['resolution_ms', 'span']).execute();
}
