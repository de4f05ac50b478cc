/**
 * Statements that list ids or insert many rows are cut into pieces under both engines' limits on
 * bound parameters: SQLite allows 32,766 per statement (SQLITE_MAX_VARIABLE_NUMBER, the default
 * since 3.32), PostgreSQL 65,535 (a 16-bit count in its wire protocol). One statement past them
 * fails whole ("too many SQL variables"), however valid every row is.
 */
export const MAX_PARAMETERS = 32_000;

/** Ids per `where … in (…)` list: far under the limit, leaving room for the statement's other parameters. */
export const IDS_PER_STATEMENT = 500;

/** Rows per multi-row INSERT of `columns` columns, at most `cap` (a bound on statement size). */
export function rowsPerStatement(columns: number, cap = 1_000): number {
  return Math.max(1, Math.min(cap, Math.floor(MAX_PARAMETERS / Math.max(1, columns))));
}

/** The items in consecutive pieces of at most `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Runs `run` over consecutive pieces of the items, one after the other, and joins what they return. */
export async function inChunks<T, R>(items: readonly T[], size: number, run: (chunk: T[]) => Promise<R[] | void>): Promise<R[]> {
  const results: R[] = [];
  for (const chunk of chunksOf(items, size)) {
    const rows = await run(chunk);
    if (rows) for (const row of rows) results.push(row);
  }
  return results;
}
