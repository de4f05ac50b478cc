import { sql, type Kysely, type Transaction } from 'kysely';
import { aggregateCalls, aggregateEvents, aggregateGauges, aggregateRuns, perIntegration } from '../rollup/aggregate.js';
import { CALL_ROLLUPS, EVENT_ROLLUPS, GAUGE_ROLLUPS, INTEGRATION_ROLLUPS, RUN_ROLLUPS, columnsOf, rowOf, type RollupEntry, type RollupTable } from '../rollup/tables.js';
import { markLateCalls } from '../rollup/late-calls.js';
import { bulkInsert, receivedRows } from '../store/bulk-insert.js';
import { chunksOf, rowsPerStatement } from '../store/chunks.js';
import { DAILY_PARENTS, ensureDays, isMissingPartition } from '../store/partitions.js';
import type { Database } from '../store/schema.js';
import { noteSeries, type SeriesRow } from './cardinality.js';
import type { NormalizedRecord } from '../store/record.js';

/** The columns of `records` a commit writes (all but the id), in table order. */
export const RECORD_COLUMNS = [
  'received_at', 'kind', 'ts', 'integration', 'env', 'site', 'release', 'tenant', 'correlation_id', 'order_id',
  'shipment_id', 'direction', 'operation', 'http_status', 'outcome', 'error', 'latency_ms', 'attempt', 'job',
  'run_status', 'duration_ms', 'counts', 'name', 'value', 'attrs',
] as const;

/**
 * What another domain adds to every commit of records, in its transaction, before the batch is
 * written (so its lookups see only what was stored before the batch): flow's lead times. The
 * server composes the steps (src/server/app.ts), so ingest knows none of them.
 */
export type CommitStep = (tx: Transaction<Database>, records: readonly NormalizedRecord[]) => Promise<void>;

/** A batch of validated records to commit, as a route hands it over: plain data a worker thread can be sent. */
export interface RecordBatch {
  records: readonly NormalizedRecord[];
  receivedAt: number;
  /** Series values new to the cardinality limits. */
  series: readonly SeriesRow[];
}

/** Commits a batch with `commitRecords`: on the caller's connection, or on the server's writer worker (server/ingest-writer.ts). */
export type CommitBatch = (batch: RecordBatch) => Promise<void>;

/** Batches committed on `db`, from the thread that asks, with `steps` in each commit. */
export function committerOn(db: Kysely<Database>, steps: readonly CommitStep[] = []): CommitBatch {
  return ({ records, receivedAt, series }) => commitRecords(db, records, receivedAt, steps, series);
}

/**
 * Commits a batch of validated records in one transaction: the raw records, their partial
 * minute rollups (calls, events, runs, queue gauges), what the commit steps add, the integrations
 * they name and the series values new to the cardinality limits. Either all of it is durable or
 * none is.
 */
export async function commitRecords(
  db: Kysely<Database>,
  records: readonly NormalizedRecord[],
  receivedAt: number,
  steps: readonly CommitStep[] = [],
  series: readonly SeriesRow[] = [],
): Promise<void> {
  if (records.length === 0) return;
  await commitWritingDays(db, records.map((record) => record.ts), (tx) => writeRecords(tx, records, receivedAt, steps, series));
}

/**
 * Runs `write` in one transaction, after making the partitions (PostgreSQL) of the days of the
 * records it writes (`days`, their ts) in a transaction of their own: DDL inside the batch's would
 * hold the parents' locks until it commits, stalling every other ingest.
 */
export async function commitWritingDays(db: Kysely<Database>, days: readonly number[], write: (tx: Transaction<Database>) => Promise<void>): Promise<void> {
  await ensureDays(db, DAILY_PARENTS, days);
  const commit = () => db.transaction().execute(write);
  try {
    await commit();
  } catch (error) {
    // A day another instance's retention dropped meanwhile (bulkInsert forgot it): once more.
    if (!isMissingPartition(error)) throw error;
    await ensureDays(db, DAILY_PARENTS, days);
    await commit();
  }
}

/** The same inside a transaction the caller holds (a heartbeat ping commits its result with it). */
export async function writeRecords(
  tx: Transaction<Database>,
  records: readonly NormalizedRecord[],
  receivedAt: number,
  steps: readonly CommitStep[] = [],
  series: readonly SeriesRow[] = [],
): Promise<void> {
  if (records.length === 0) return;
  for (const step of steps) await step(tx, records);
  await bulkInsert(tx, 'records', RECORD_COLUMNS, receivedRows(records, RECORD_COLUMNS, receivedAt));
  const calls = aggregateCalls(records);
  await insertPartialRollups(tx, CALL_ROLLUPS, calls);
  await insertPartialRollups(tx, INTEGRATION_ROLLUPS, perIntegration(calls));
  await insertPartialRollups(tx, EVENT_ROLLUPS, aggregateEvents(records));
  await insertPartialRollups(tx, RUN_ROLLUPS, aggregateRuns(records));
  await insertPartialRollups(tx, GAUGE_ROLLUPS, aggregateGauges(records));
  await noteIntegrations(tx, records);
  await noteSeries(tx, series);
  // Last, just before the commit: lateness is judged as the mark is written.
  await markLateCalls(tx, records, receivedAt);
}

/** Appends a batch's partial minute rows of one rollup table. */
export async function insertPartialRollups(tx: Transaction<Database>, spec: RollupTable, entries: RollupEntry[]): Promise<void> {
  await bulkInsert(tx, spec.table, columnsOf(spec), entries.map((entry) => rowOf(spec, entry, 0)));
}

/** Notes the integrations a batch names in integrations_seen: their first and last ts, and the tenant that first named them. */
export async function noteIntegrations(tx: Transaction<Database>, records: ReadonlyArray<Pick<NormalizedRecord, 'integration' | 'ts' | 'tenant'>>): Promise<void> {
  const seen = new Map<string, { first: number; last: number; tenant: string | null }>();
  for (const { integration, ts, tenant } of records) {
    const span = seen.get(integration);
    if (!span) seen.set(integration, { first: ts, last: ts, tenant });
    else {
      if (ts < span.first) span.first = ts;
      if (ts > span.last) span.last = ts;
      span.tenant ??= tenant;
    }
  }
  const rows = [...seen]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, span]) => ({ id, first_seen: span.first, last_seen: span.last, tenant: span.tenant }));
  for (const chunk of chunksOf(rows, rowsPerStatement(4))) await upsertIntegrations(tx, chunk);
}

async function upsertIntegrations(tx: Transaction<Database>, rows: Array<{ id: string; first_seen: number; last_seen: number; tenant: string | null }>): Promise<void> {
  await tx
    .insertInto('integrations_seen')
    .values(rows)
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        first_seen: sql`case when excluded.first_seen < integrations_seen.first_seen then excluded.first_seen else integrations_seen.first_seen end`,
        last_seen: sql`case when excluded.last_seen > integrations_seen.last_seen then excluded.last_seen else integrations_seen.last_seen end`,
        // An integration's tenant is the first one its records named; later records cannot move it.
        tenant: sql`coalesce(integrations_seen.tenant, excluded.tenant)`,
      }),
    )
    .execute();
}
