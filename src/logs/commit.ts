import type { Kysely, Transaction } from 'kysely';
import { noteSeries, type SeriesRow } from '../ingest/cardinality.js';
import { commitWritingDays, insertPartialRollups, noteIntegrations, writeRecords, type CommitStep } from '../ingest/commit.js';
import type { NormalizedRecord } from '../store/record.js';
import { LOG_ERROR_ROLLUPS, LOG_ROLLUPS } from '../rollup/tables.js';
import { bulkInsert, receivedRows } from '../store/bulk-insert.js';
import type { Database } from '../store/schema.js';
import { aggregateErrorTypes, aggregateLogs } from './aggregate.js';
import { boundGroups, noteGroups } from './groups-write.js';
import type { NormalizedLog } from './record.js';

/** The columns of `log_records` a commit writes (all but the id), in table order. */
export const LOG_COLUMNS = [
  'received_at', 'ts', 'integration', 'tenant', 'level', 'service', 'operation', 'message', 'fingerprint',
  'correlation_id', 'order_id', 'shipment_id', 'trace_id', 'span_id', 'metadata',
] as const;

export interface LogBatch {
  logs: NormalizedLog[];
  /** The records derived from the lines (src/logs/derive.ts): runs and calls, committed with them. */
  derived: readonly NormalizedRecord[];
  receivedAt: number;
  /** What other domains add to a commit of records (src/ingest/commit.ts). */
  steps: readonly CommitStep[];
  /** Series values new to the cardinality limits, the lines' and the derived records'. */
  series: readonly SeriesRow[];
}

/**
 * Commits a batch of log lines in one transaction with everything they feed: the raw lines, their
 * partial minute rollups (per level and operation, per error type), the error groups, the records
 * derived from them (with all the rollups of records), the integrations they name. All or nothing.
 */
export async function commitLogs(db: Kysely<Database>, batch: LogBatch): Promise<void> {
  if (batch.logs.length === 0 && batch.derived.length === 0) return;
  await commitWritingDays(db, [...batch.logs.map((log) => log.ts), ...batch.derived.map((record) => record.ts)], async (tx) => {
    await writeRecords(tx, batch.derived, batch.receivedAt, batch.steps);
    await writeLogs(tx, batch.logs, batch.receivedAt);
    await noteSeries(tx, batch.series);
  });
}

export async function writeLogs(tx: Transaction<Database>, logs: NormalizedLog[], receivedAt: number): Promise<void> {
  if (logs.length === 0) return;
  await boundGroups(tx, logs);
  await bulkInsert(tx, 'log_records', LOG_COLUMNS, receivedRows(logs, LOG_COLUMNS, receivedAt));
  await insertPartialRollups(tx, LOG_ROLLUPS, aggregateLogs(logs));
  await insertPartialRollups(tx, LOG_ERROR_ROLLUPS, aggregateErrorTypes(logs));
  await noteGroups(tx, logs);
  await noteIntegrations(tx, logs);
}
