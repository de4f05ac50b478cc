import { CompiledQuery, type Kysely } from 'kysely';
import { rowsPerStatement } from './chunks.js';
import { daysOfRows, ensureDays, forgetPartitions, isMissingPartition } from './partitions.js';
import type { Database } from './schema.js';

/**
 * Multi-row INSERT for the ingest hot path. Kysely writes the statement once per table × row
 * count, in each engine's own dialect; later batches reuse its text with fresh parameters, which
 * spares rebuilding and re-parsing a 25,000-parameter statement on every request.
 */
const statements = new Map<string, string>();

/** Rows per statement at most; fewer for wide tables, so rows × columns stays under both engines' limits (chunks.ts). */
export const ROWS_PER_STATEMENT = 1_000;

function statementFor<T extends keyof Database & string>(db: Kysely<Database>, table: T, columns: readonly string[], rows: number): string {
  // Each engine writes its own placeholders ($1 or ?): the dialect is part of the key.
  const dialect = db.getExecutor().adapter.constructor.name;
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}`;
  let sql = statements.get(key);
  if (sql === undefined) {
    const placeholder = Object.fromEntries(columns.map((column) => [column, null]));
    sql = db
      .insertInto(table)
      .values(Array.from({ length: rows }, () => placeholder) as never)
      .compile().sql;
    statements.set(key, sql);
  }
  return sql;
}

export async function bulkInsert<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  // PostgreSQL: every day these rows fall in needs its partition first (partitions.ts).
  const { parents, days } = daysOfRows(table, columns, rows);
  if (days.size > 0) await ensureDays(db, parents, days);
  const perStatement = rowsPerStatement(columns.length, ROWS_PER_STATEMENT);
  try {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const parameters: unknown[] = [];
      for (const row of chunk) for (const value of row) parameters.push(value);
      await db.executeQuery(CompiledQuery.raw(statementFor(db, table, columns, chunk.length), parameters));
    }
  } catch (error) {
    // Another instance's retention dropped a day this one remembered: the next attempt looks again.
    if (isMissingPartition(error)) forgetPartitions(db);
    throw error;
  }
}
