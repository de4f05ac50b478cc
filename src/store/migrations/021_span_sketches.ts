import { sql, type Kysely } from 'kysely';
import { PACKED_TABLES, type PackedTable } from '../../rollup/spans.js';
import type { Engine } from '../engine.js';
import { columnTypes } from './columns.js';
import { createSpanIndexes, createSpanTable } from './020_rollup_spans.js';

/** Spans moved per SQLite transaction: a few tens of MB of sketches, so the WAL and the file grow by that much at most. */
const SPANS_PER_MOVE = 5_000;

/**
 * The packed spans' sketches in a table of their own, a row per span keyed by its id
 * (src/rollup/spans.ts says why), out of the span rows of migration 020, which keep their ids,
 * dimensions and counts.
 *
 * SQLite: a dropped column would leave each span row alone in its page (a row with its sketches
 * filled one), and reads of counts would still read a page a span. So the spans move to a new
 * table, a few thousand a transaction, each transaction taking them out of the old one: the pages
 * it frees take the next ones (the file grows by a batch, not by a copy of the spans), and a
 * start interrupted midway goes on where it stopped. The free pages left go back to the file
 * system at the next retention run. PostgreSQL (one transaction, as every migration there): the
 * sketches are copied, the column dropped and the table rewritten (CLUSTER, in the order the
 * overviews read it), which needs room for a copy of the span tables while it runs.
 */
export function spanSketches(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const packed of Object.values(PACKED_TABLES)) {
        if (engine === 'sqlite') await moveSqlite(db, packed);
        else await movePostgres(db, packed);
      }
    },
  };
}

async function createSketchTable(db: Kysely<unknown>, engine: Engine, packed: PackedTable): Promise<void> {
  // SQLite: an INTEGER PRIMARY KEY is the row's own key, stored once.
  await db.schema
    .createTable(packed.sketchTable)
    .ifNotExists()
    .addColumn('span_id', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('sketches', columnTypes(engine).blob, (c) => c.notNull())
    .execute();
}

async function movePostgres(db: Kysely<unknown>, packed: PackedTable): Promise<void> {
  await createSketchTable(db, 'postgres', packed);
  await sql`insert into ${sql.table(packed.sketchTable)} (span_id, sketches) select id, sketches from ${sql.table(packed.table)}`.execute(db);
  await db.schema.alterTable(packed.table).dropColumn('sketches').execute();
  await sql`cluster ${sql.table(packed.table)} using ${sql.table(`${packed.table}_span`)}`.execute(db);
}

async function moveSqlite(db: Kysely<unknown>, packed: PackedTable): Promise<void> {
  const old = `${packed.table}_020`;
  const tables = async () => new Set((await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((row) => row.name));
  // Kysely runs SQLite's migrations outside a transaction: each step below is one, and a start
  // interrupted between them picks up from what the tables say.
  const found = await tables();
  if (!found.has(old) && found.has(packed.sketchTable)) return;
  if (!found.has(old)) {
    await db.transaction().execute(async (tx) => {
      await tx.schema.alterTable(packed.table).renameTo(old).execute();
      for (const index of [`${packed.table}_read`, `${packed.table}_span`]) await tx.schema.dropIndex(index).execute();
      await createSpanTable(tx, 'sqlite', packed, packed.table, { sketches: false });
      await createSketchTable(tx, 'sqlite', packed);
    });
  }
  const columns = sql.join(['id', 'resolution_ms', 'span', ...packed.rollups.dimensions, 'counts'].map((column) => sql.ref(column)));
  for (;;) {
    const moved = await db.transaction().execute(async (tx) => {
      const batch = await sql<{ last: number | null }>`select max(id) as last from (select id from ${sql.table(old)} order by id limit ${sql.lit(SPANS_PER_MOVE)})`.execute(tx);
      const last = batch.rows[0]?.last ?? null;
      if (last === null) return false;
      await sql`insert into ${sql.table(packed.table)} (${columns}) select ${columns} from ${sql.table(old)} where id <= ${last}`.execute(tx);
      await sql`insert into ${sql.table(packed.sketchTable)} (span_id, sketches) select id, sketches from ${sql.table(old)} where id <= ${last}`.execute(tx);
      await sql`delete from ${sql.table(old)} where id <= ${last}`.execute(tx);
      return true;
    });
    if (!moved) break;
  }
  await db.transaction().execute(async (tx) => {
    await tx.schema.dropTable(old).execute();
    await createSpanIndexes(tx, packed.table);
  });
}
