import { IDS_PER_STATEMENT, inChunks } from './chunks.js';

/**
 * Reads confined to a list of integrations (a caller bound to tenants sees only theirs). The list
 * can be long, so it goes to the store in `in (…)` lists cut under both engines' parameter limits
 * (chunks.ts).
 */

/** Which integrations a read covers: undefined, every one; a list, only those (none when empty). */
export type IntegrationFilter = readonly string[] | undefined;

/** Narrows a query to the integrations of one chunk (or leaves it whole for an unconfined read). */
export function whereIn<Q extends { where(column: any, operator: 'in', values: readonly string[]): Q }>(
  query: Q,
  column: string,
  chunk: readonly string[] | undefined,
): Q {
  return chunk === undefined ? query : query.where(column, 'in', chunk);
}

/**
 * Runs `read` once per chunk of the integrations (once, unconfined, when there is no filter; not
 * at all when the list is empty) and concatenates what it returns. A read with a limit or an order
 * gets up to that many rows per chunk: the caller sorts and cuts the whole again.
 */
export async function readConfined<R>(integrations: IntegrationFilter, read: (chunk: readonly string[] | undefined) => Promise<R[]>): Promise<R[]> {
  if (integrations === undefined) return read(undefined);
  return inChunks(integrations, IDS_PER_STATEMENT, read);
}
