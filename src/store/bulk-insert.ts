import { CompiledQuery, type Kysely } from 'kysely';
import { rowsPerStatement } from './chunks.js';
import { daysOfRows, ensureDays, forgetPartitions, isMissingPartition, isPostgres } from './partitions.js';
import type { Database } from './schema.js';

/**
 * Multi-row INSERT for the ingest hot path. Kysely writes the statement once per table × row
 * count, in each engine's own dialect; later batches reuse its text with fresh parameters, which
 * spares rebuilding and re-parsing a 25,000-parameter statement on every request.
 */
const statements = new Map<string, string>();

/** Rows per statement at most; fewer for wide tables, so rows × columns stays under both engines' limits (chunks.ts). */
export const ROWS_PER_STATEMENT = 1_000;

function statementFor<T extends keyof Database & string>(db: Kysely<Database>, table: T, columns: readonly string[], rows: number, returning: readonly string[]): string {
  // Each engine writes its own placeholders ($1 or ?): the dialect is part of the key.
  const dialect = db.getExecutor().adapter.constructor.name;
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}|${returning.join(',')}`;
  let sql = statements.get(key);
  if (sql === undefined) {
    const placeholder = Object.fromEntries(columns.map((column) => [column, null]));
    const insert = db.insertInto(table).values(Array.from({ length: rows }, () => placeholder) as never);
    sql = (returning.length > 0 ? insert.returning(returning as never) : insert).compile().sql;
    statements.set(key, sql);
  }
  return sql;
}

/**
 * How many rows each statement of a `total`-row insert takes: `cap` while that many are left, then
 * falling powers of two (540 rows: 512, 16, 8, 4). Batches of every size then share a dozen
 * statement texts per table, which stay compiled here and prepared in SQLite's statement cache
 * (open.ts); one statement per exact row count missed both on nearly every batch, and preparing
 * a statement of thousands of parameters cost more than running it. `reused: false` (PostgreSQL,
 * which keeps no statement prepared and pays a round trip for each): the rest in one statement.
 */
export function statementSizes(total: number, cap: number, reused = true): number[] {
  const sizes: number[] = [];
  let left = total;
  for (; left >= cap; left -= cap) sizes.push(cap);
  if (!reused) return left > 0 ? [...sizes, left] : sizes;
  for (let size = 2 ** Math.floor(Math.log2(Math.max(1, left))); left > 0; size /= 2) {
    if (size <= left) {
      sizes.push(size);
      left -= size;
    }
  }
  return sizes;
}

/**
 * Inserts `rows` (values of `columns` in order) in as few statements as the engines allow;
 * answers the inserted rows' `returning` columns (in no promised order), or none.
 */
export async function bulkInsert<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  returning: readonly string[] = [],
): Promise<Array<Record<string, unknown>>> {
  // PostgreSQL: every day these rows fall in needs its partition first (partitions.ts).
  const { parents, days } = daysOfRows(table, columns, rows);
  if (days.size > 0) await ensureDays(db, parents, days);
  const perStatement = rowsPerStatement(columns.length, ROWS_PER_STATEMENT);
  const inserted: Array<Record<string, unknown>> = [];
  try {
    let start = 0;
    for (const size of statementSizes(rows.length, perStatement, !isPostgres(db))) {
      const parameters: unknown[] = new Array(size * columns.length);
      let at = 0;
      for (let i = start; i < start + size; i++) for (const value of rows[i]!) parameters[at++] = value;
      const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(statementFor(db, table, columns, size, returning), parameters));
      for (const row of result.rows) inserted.push(row);
      start += size;
    }
  } catch (error) {
    // Another instance's retention dropped a day this one remembered: the next attempt looks again.
    if (isMissingPartition(error)) forgetPartitions(db);
    throw error;
  }
  return inserted;
}

/**
 * Rows of `items` for bulkInsert: each item's values of `columns` in order, but for the first
 * column (received_at), which is `receivedAt` for every row.
 */
export function receivedRows<T extends object>(items: readonly T[], columns: readonly string[], receivedAt: number): unknown[][] {
  return items.map((item) => {
    const row: unknown[] = new Array(columns.length);
    row[0] = receivedAt;
    for (let i = 1; i < columns.length; i++) row[i] = item[columns[i] as keyof T];
    return row;
  });
}
