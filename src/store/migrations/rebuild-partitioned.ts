import { sql, type Kysely } from 'kysely';

/**
 * Rebuilding a PostgreSQL table as a partitioned one, in a migration's transaction (migrations
 * 009 and 019): from what the catalogue says the table holds, so a column or index another
 * migration added survives.
 */

const DAY = 86_400_000;

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
export async function rebuild(
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
export async function daysIn(db: Kysely<unknown>, from: string, column: string, where = sql`true`): Promise<number[]> {
  const { rows } = await sql<{ day: string }>`
    select distinct (${sql.ref(column)} / ${sql.lit(DAY)}) * ${sql.lit(DAY)} as day from ${sql.id(from)} where ${where}`.execute(db);
  return rows.map((row) => Number(row.day));
}
