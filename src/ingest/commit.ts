import { sql, type Kysely, type Transaction } from 'kysely';
import { aggregateCalls } from '../rollup/aggregate.js';
import { ROLLUP_COLUMNS, rollupRow } from '../rollup/compact.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { Database } from '../store/schema.js';
import type { NormalizedRecord } from './normalize.js';

/** The columns of `records` a commit writes (all but the id), in table order. */
export const RECORD_COLUMNS = [
  'received_at', 'kind', 'ts', 'integration', 'env', 'site', 'release', 'tenant', 'correlation_id', 'order_id',
  'shipment_id', 'direction', 'operation', 'http_status', 'outcome', 'error', 'latency_ms', 'attempt', 'job',
  'run_status', 'duration_ms', 'counts', 'name', 'value', 'attrs',
] as const;

/**
 * Commits a batch of validated records in one transaction: the raw records, their partial
 * minute rollups, and the integrations they name. Either all of it is durable or none is.
 */
export async function commitRecords(
  db: Kysely<Database>,
  records: readonly NormalizedRecord[],
  receivedAt: number,
): Promise<void> {
  if (records.length === 0) return;
  await db.transaction().execute(async (tx) => writeRecords(tx, records, receivedAt));
}

/** The same inside a transaction the caller holds (a heartbeat ping commits its result with it). */
export async function writeRecords(
  tx: Transaction<Database>,
  records: readonly NormalizedRecord[],
  receivedAt: number,
): Promise<void> {
  if (records.length === 0) return;
  await bulkInsert(tx, 'records', RECORD_COLUMNS, toRecordRows(records, receivedAt));
  await bulkInsert(tx, 'call_rollups', ROLLUP_COLUMNS, aggregateCalls(records).map((rollup) => rollupRow(rollup, 0)));
  await noteIntegrations(tx, records);
}

function toRecordRows(records: readonly NormalizedRecord[], receivedAt: number): unknown[][] {
  return records.map((record) => {
    const row: unknown[] = new Array(RECORD_COLUMNS.length);
    row[0] = receivedAt;
    for (let i = 1; i < RECORD_COLUMNS.length; i++) row[i] = record[RECORD_COLUMNS[i] as keyof NormalizedRecord];
    return row;
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
