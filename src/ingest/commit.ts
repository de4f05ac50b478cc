import { sql, type Kysely, type Transaction } from 'kysely';
import { aggregateCalls } from '../rollup/aggregate.js';
import type { Database } from '../store/schema.js';
import type { NormalizedRecord } from './normalize.js';

/** Rows per INSERT statement: well inside both engines' bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

/**
 * Commits a batch of validated records in one transaction: the raw records, their partial
 * rollups in every tier, and the integrations they name. Either all of it is durable or none is.
 */
export async function commitRecords(
  db: Kysely<Database>,
  records: readonly NormalizedRecord[],
  receivedAt: number,
): Promise<void> {
  if (records.length === 0) return;
  const rollups = aggregateCalls(records);
  await db.transaction().execute(async (tx) => {
    for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
      const chunk = records.slice(start, start + ROWS_PER_STATEMENT).map((record) => ({ ...record, received_at: receivedAt }));
      await tx.insertInto('records').values(chunk).execute();
    }
    for (let start = 0; start < rollups.length; start += ROWS_PER_STATEMENT) {
      const chunk = rollups.slice(start, start + ROWS_PER_STATEMENT).map(({ counts, sketch, ...key }) => ({
        ...key,
        ...counts,
        latency_sketch: sketch.encode(),
        compacted: 0,
      }));
      await tx.insertInto('call_rollups').values(chunk).execute();
    }
    await noteIntegrations(tx, records);
  });
}

async function noteIntegrations(tx: Transaction<Database>, records: readonly NormalizedRecord[]): Promise<void> {
  const seen = new Map<string, { first: number; last: number }>();
  for (const { integration, ts } of records) {
    const span = seen.get(integration);
    if (!span) seen.set(integration, { first: ts, last: ts });
    else {
      if (ts < span.first) span.first = ts;
      if (ts > span.last) span.last = ts;
    }
  }
  const rows = [...seen].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, span]) => ({ id, first_seen: span.first, last_seen: span.last }));
  await tx
    .insertInto('integrations_seen')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        first_seen: sql`case when excluded.first_seen < integrations_seen.first_seen then excluded.first_seen else integrations_seen.first_seen end`,
        last_seen: sql`case when excluded.last_seen > integrations_seen.last_seen then excluded.last_seen else integrations_seen.last_seen end`,
      }),
    )
    .execute();
}
