import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine.js';
import { DAILY_TIERS, PARTITIONED_ROLLUPS, ensureDays, type DailyParent } from '../partitions.js';

const DAY = 86_400_000;

/** Files up to this size switch to incremental auto-vacuum in the migration (a VACUUM rewrites the file). */
const VACUUM_AT_MIGRATION_BYTES = 2 * 1024 ** 3;

/**
 * A store that stays small (docs/architecture.md, "Storage layout"; figures in docs/benchmarks.md).
 *
 * Raw records lose the (integration, ts) index, the largest of the table after the correlation
 * id's: its readers all have a smaller index of their own (failed calls, runs, events, and gauges,
 * which get one here). Retention on SQLite walks a ts index instead, half its size; PostgreSQL
 * needs none, and no primary key either (nothing looks a record up by id), since it drops days.
 *
 * PostgreSQL: records and the minute and ten-minute tiers of the rollup tables become daily
 * partitions (src/store/partitions.ts); the rows are copied over. The rollup tables lose their
 * primary key as well: the compactor finds rows by the indexes readers use. (Hash indexes for the
 * trace ids were measured too: no smaller than the B-trees at these key lengths, so not taken.)
 *
 * SQLite: incremental auto-vacuum, so retention gives pages back to the file system.
 *
 * Tables are rebuilt from what the catalogue says they hold, columns and indexes alike, so a
 * column or index another migration added survives the rebuild.
 */
export function compactStore(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('records_gauges').on('records').columns(['integration', 'name', 'ts']).where(sql.ref('kind'), '=', 'gauge').execute();
      if (engine === 'sqlite') await compactSqlite(db);
      else await partitionPostgres(db);
    },
  };
}

async function compactSqlite(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('records_integration_ts').execute();
  await db.schema.createIndex('records_ts').on('records').column('ts').execute();
  const mode = await sql<{ auto_vacuum: number }>`pragma auto_vacuum`.execute(db);
  if (mode.rows[0]?.auto_vacuum === 2) return;
  const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  const size = await sql<{ page_size: number }>`pragma page_size`.execute(db);
  // A larger file keeps working without it (retention still frees pages for reuse); the
  // operator switches it with the server stopped (docs/runbooks/storage.md).
  if (Number(pages.rows[0]!.page_count) * Number(size.rows[0]!.page_size) > VACUUM_AT_MIGRATION_BYTES) return;
  await sql`pragma auto_vacuum = incremental`.execute(db);
  await sql`vacuum`.execute(db);
}

interface Column {
  name: string;
  type: string;
  notnull: boolean;
  def: string | null;
  typlen: number;
}

/** The table's columns, widest fixed-width first: PostgreSQL pads each to its alignment. */
async function columnsOf(db: Kysely<unknown>, table: string): Promise<Column[]> {
  const { rows } = await sql<Column>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
           pg_get_expr(d.adbin, d.adrelid) as def, t.typlen as typlen
    from pg_attribute a
    join pg_type t on t.oid = a.atttypid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = ${sql.lit(table)}::regclass and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  const rank = (c: Column) => (c.typlen < 0 ? 0 : c.typlen);
  return [...rows].sort((a, b) => rank(b) - rank(a));
}

/** The table's index definitions (CREATE INDEX statements) but those backing a constraint. */
async function indexesOf(db: Kysely<unknown>, table: string): Promise<Array<{ name: string; def: string }>> {
  const { rows } = await sql<{ name: string; def: string }>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)`.execute(db);
  return rows;
}

/**
 * Rebuilds `table` as `partitioned` says (the clause after PARTITION BY, and what to make under
 * it), copying every row, keeping its sequence, and recreating its indexes but `drop`.
 */
async function rebuild(
  db: Kysely<unknown>,
  table: string,
  partitionBy: string,
  layout: (db: Kysely<unknown>, old: string) => Promise<void>,
  drop: readonly string[],
): Promise<void> {
  const old = `${table}_unpartitioned`;
  const columns = await columnsOf(db, table);
  const indexes = await indexesOf(db, table);
  const sequences = await sql<{ seq: string; col: string }>`
    select s.relname as seq, a.attname as col from pg_depend d
    join pg_class s on s.oid = d.objid and s.relkind = 'S'
    join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
    where d.refobjid = ${sql.lit(table)}::regclass and d.deptype in ('a', 'i')`.execute(db);
  for (const { seq } of sequences.rows) await sql`alter sequence ${sql.id(seq)} owned by none`.execute(db);
  await sql`alter table ${sql.id(table)} rename to ${sql.id(old)}`.execute(db);
  for (const { name } of indexes) await sql`drop index ${sql.id(name)}`.execute(db);

  const definitions = columns.map((c) => sql.raw(`"${c.name}" ${c.type}${c.notnull ? ' not null' : ''}${c.def ? ` default ${c.def}` : ''}`));
  await sql`create table ${sql.id(table)} (${sql.join(definitions)}) partition by ${sql.raw(partitionBy)}`.execute(db);
  await layout(db, old);
  const names = sql.join(columns.map((c) => sql.id(c.name)));
  await sql`insert into ${sql.id(table)} (${names}) select ${names} from ${sql.id(old)}`.execute(db);
  await sql`drop table ${sql.id(old)}`.execute(db);
  for (const { seq, col } of sequences.rows) await sql`alter sequence ${sql.id(seq)} owned by ${sql.id(table)}.${sql.id(col)}`.execute(db);

  // Indexes after the copy: one sorted build each instead of row-by-row inserts.
  for (const { name, def } of indexes) {
    if (!drop.includes(name)) await sql.raw(def).execute(db);
  }
}

/** The days `column` of `from` holds (where `where` says), for the partitions to copy them into. */
async function daysIn(db: Kysely<unknown>, from: string, column: string, where = sql`true`): Promise<number[]> {
  const { rows } = await sql<{ day: string }>`
    select distinct (${sql.ref(column)} / ${sql.lit(DAY)}) * ${sql.lit(DAY)} as day from ${sql.id(from)} where ${where}`.execute(db);
  return rows.map((row) => Number(row.day));
}

async function partitionPostgres(db: Kysely<unknown>): Promise<void> {
  const store = db as unknown as Kysely<any>;
  await rebuild(
    db,
    'records',
    'range (ts)',
    async (tx, old) => ensureDays(store, [{ parent: 'records', table: 'records', column: 'ts' }], await daysIn(tx, old, 'ts')),
    ['records_integration_ts'],
  );
  for (const table of PARTITIONED_ROLLUPS) {
    await rebuild(
      db,
      table,
      'list (resolution_ms)',
      async (tx, old) => {
        for (const { resolution, suffix } of DAILY_TIERS) {
          const parent: DailyParent = { parent: `${table}_${suffix}`, table, column: 'bucket', resolution };
          await sql`create table ${sql.id(parent.parent)} partition of ${sql.id(table)} for values in (${sql.lit(resolution)}) partition by range (bucket)`.execute(tx);
          await ensureDays(store, [parent], await daysIn(tx, old, 'bucket', sql`resolution_ms = ${sql.lit(resolution)}`));
        }
        // The hour and day tiers, and any tier added later: few rows, kept by deleting.
        await sql`create table ${sql.id(`${table}_coarse`)} partition of ${sql.id(table)} default`.execute(tx);
      },
      [],
    );
  }
}
