/**
 * A store of raw records for the trace benchmark: the simulator's own traffic (order flows with
 * their retries, exceptions and tracking, and the steady calls beside them), repeated until the
 * store holds the wanted number of records, written straight into `records` with the product's
 * bulkInsert in large transactions, oldest first, as a live store would have received them.
 *
 * A few hours of simulated traffic are generated once and normalised with the ingest path's own
 * normalizeRecord; each copy of them is moved back in time by the template's span and given ids
 * of its own (a prefix per copy on every order, shipment and correlation id), so every trace in
 * the store is distinct and of the simulator's shape. The prefix grows with time, as time-ordered
 * ids do, which keeps each copy's index entries together while loading.
 */
import { sql, type Kysely } from 'kysely';
import { RECORD_COLUMNS } from '../../src/ingest/commit.js';
import { normalizeRecord } from '../../src/ingest/normalize.js';
import type { NormalizedRecord } from '../../src/store/record.js';
import { createSimulator } from '../../src/simulator/simulator.js';
import { HOUR } from '../../src/rollup/tiers.js';
import { bulkInsert } from '../../src/store/bulk-insert.js';
import { DAILY_PARENTS, ensureDays } from '../../src/store/partitions.js';
import type { Database } from '../../src/store/schema.js';
import type { EngineName } from './stores.js';

export interface TemplateOptions {
  seed: number;
  /** Simulated hours per copy, and the simulator's scale. */
  templateHours: number;
  scale: number;
}

export interface TraceDataOptions {
  records: number;
  /** The store's newest record is just before this. */
  now: number;
}

export interface TraceTemplate {
  rows: unknown[][];
  /** The template's orders: their ids, and how many records carry their flow's correlation id. */
  orders: Array<{ order: string; shipment: string | null; correlation: string; records: number }>;
  fromMs: number;
  spanMs: number;
  generationMs: number;
}

export interface TraceData {
  records: number;
  copies: number;
  insertMs: number;
  indexMs: number;
  totalMs: number;
}

const COLUMN = Object.fromEntries(RECORD_COLUMNS.map((name, i) => [name, i])) as Record<(typeof RECORD_COLUMNS)[number], number>;
const ID_NAMES = ['order_id', 'shipment_id', 'correlation_id'] as const;
const ID_COLUMNS = ID_NAMES.map((name) => COLUMN[name]);
/** Rows per bulkInsert transaction: large, so commits (and SQLite's fsyncs) are a small part of the load. */
const ROWS_PER_TRANSACTION = 50_000;

/** The copy's id prefix: fixed width, so copies sort in time order. */
export function copyPrefix(copy: number): string {
  return `${copy.toString(36).padStart(3, '0')}-`;
}

/** The simulator's traffic over `templateHours` of a weekday afternoon, in the stored row shape. */
export function traceTemplate(options: TemplateOptions): TraceTemplate {
  const started = performance.now();
  const end = Date.UTC(2026, 10, 18, 18);
  const from = end - options.templateHours * HOUR;
  const wire = createSimulator({ seed: options.seed, scale: options.scale }).generate(from, end);
  const bounds = { notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER };
  const orders: TraceTemplate['orders'] = [];
  const rows = wire.map((input) => {
    const result = normalizeRecord(input, bounds);
    if (!result.ok) throw new Error(`a simulator record does not validate: ${result.error}`);
    const record: NormalizedRecord = result.record;
    if (record.kind === 'event' && record.name === 'order.received' && record.order_id && record.correlation_id) {
      orders.push({ order: record.order_id, shipment: null, correlation: record.correlation_id, records: 0 });
    }
    return RECORD_COLUMNS.map((column) => (column === 'received_at' ? record.ts : record[column as keyof NormalizedRecord]));
  });
  const shipments = new Map<string, string>();
  const perCorrelation = new Map<string, number>();
  for (const row of rows) {
    const order = row[COLUMN.order_id] as string | null;
    const shipment = row[COLUMN.shipment_id] as string | null;
    const correlation = row[COLUMN.correlation_id] as string | null;
    if (order && shipment) shipments.set(order, shipment);
    if (correlation) perCorrelation.set(correlation, (perCorrelation.get(correlation) ?? 0) + 1);
  }
  for (const order of orders) {
    order.shipment = shipments.get(order.order) ?? null;
    order.records = perCorrelation.get(order.correlation) ?? 0;
  }
  return { rows, orders, fromMs: from, spanMs: end - from, generationMs: performance.now() - started };
}

const PREFIX_LENGTH = copyPrefix(0).length;

/**
 * Writes `options.records` rows: copy 0 (the oldest) from the template through bulkInsert, then
 * each later copy as one INSERT … SELECT of copy 0's rows, moved forward in time and with its own
 * id prefix, in its own transaction. Only the last copy is cut short.
 */
export async function generateTraceData(
  db: Kysely<Database>,
  engine: EngineName,
  template: TraceTemplate,
  options: TraceDataOptions,
  progress: (line: string) => void,
  deadline: number,
): Promise<TraceData> {
  const started = performance.now();
  const perCopy = template.rows.length;
  const copies = Math.ceil(options.records / perCopy);
  // The newest copy ends at `now`; copy 0 is the oldest.
  const shift = options.now - copies * template.spanMs - template.fromMs;
  const first = copyRows(template.rows, copyPrefix(0), shift);
  for (let start = 0; start < first.length; start += ROWS_PER_TRANSACTION) {
    await db.transaction().execute((tx) => bulkInsert(tx, 'records', RECORD_COLUMNS, first.slice(start, start + ROWS_PER_TRANSACTION)));
  }
  const range = await db.selectFrom('records').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
  const lo = Number(range.lo);
  if (Number(range.hi) - lo + 1 !== perCopy) throw new Error('the trace store must start empty');

  // The copies below are written by SQL, not bulkInsert: their days' partitions first (PostgreSQL).
  const firstTs = shift + template.fromMs;
  await ensureDays(db, DAILY_PARENTS.filter((p) => p.table === 'records'), Array.from({ length: Math.ceil((options.now - firstTs) / 86_400_000) + 1 }, (_, d) => firstTs + d * 86_400_000));
  // Indexes are built once at the end, from their own definitions, as a bulk load does.
  const indexes = await secondaryIndexes(db, engine);
  for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(db);
  let written = perCopy;
  let reported = 0;
  for (let copy = 1; copy < copies; copy++) {
    const rows = Math.min(perCopy, options.records - written);
    const values = RECORD_COLUMNS.map((column) => {
      const ref = sql.ref(column);
      if (column === 'ts' || column === 'received_at') return sql`${ref} + ${copy * template.spanMs}`;
      if ((ID_NAMES as readonly string[]).includes(column)) return sql`cast(${copyPrefix(copy)} as text) || substr(${ref}, ${PREFIX_LENGTH + 1})`;
      return ref;
    });
    await db.transaction().execute((tx) =>
      sql`insert into records (${sql.join(RECORD_COLUMNS.map((c) => sql.ref(c)))})
          select ${sql.join(values)} from records
          where id >= ${lo} and id < ${lo + rows} and ts >= ${firstTs} and ts <= ${firstTs + template.spanMs}
          order by id`.execute(tx),
    );
    written += rows;
    if (written / options.records >= reported + 0.25) {
      reported = Math.floor((written / options.records) * 4) / 4;
      progress(`    ${Math.round(reported * 100)} % (${(written / 1e6).toFixed(1)} M records, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    if (Date.now() > deadline) throw new Error('generating the trace store took longer than its time limit');
  }
  const insertMs = performance.now() - started;
  await rebuild(db, engine, indexes);
  const indexMs = performance.now() - started - insertMs;
  // A live PostgreSQL store has statistics from autovacuum; without them the planner guesses.
  if (engine === 'postgres') await sql`analyze records`.execute(db);
  return { records: written, copies, insertMs, indexMs, totalMs: performance.now() - started };
}

function copyRows(rows: readonly unknown[][], prefix: string, shift: number): unknown[][] {
  return rows.map((source) => {
    const row = source.slice();
    row[COLUMN.ts] = (source[COLUMN.ts] as number) + shift;
    row[COLUMN.received_at] = row[COLUMN.ts];
    for (const column of ID_COLUMNS) if (source[column] !== null) row[column] = prefix + (source[column] as string);
    return row;
  });
}

/** The indexes of `records` besides its primary key, as the engine's catalog writes them. */
async function secondaryIndexes(db: Kysely<Database>, engine: EngineName): Promise<Array<{ name: string; definition: string }>> {
  const { rows } =
    engine === 'sqlite'
      ? await sql<{ name: string; definition: string }>`select name, sql as definition from sqlite_master where type = 'index' and tbl_name = 'records' and sql is not null`.execute(db)
      : await sql<{ name: string; definition: string }>`select indexname as name, indexdef as definition from pg_indexes where schemaname = current_schema() and tablename = 'records' and indexname <> 'records_pkey'`.execute(db);
  // A partitioned table's index reads back as "ON ONLY records", which would build none of its
  // partitions' indexes.
  return rows.map((row) => ({ ...row, definition: row.definition.replace(/ ON ONLY /i, ' ON ') }));
}

async function rebuild(db: Kysely<Database>, engine: EngineName, indexes: ReadonlyArray<{ definition: string }>): Promise<void> {
  if (engine === 'sqlite') {
    for (const index of indexes) await sql.raw(index.definition).execute(db);
    return;
  }
  await db.transaction().execute(async (tx) => {
    // The default 64 MB makes each build sort on disk in many runs.
    await sql`set local maintenance_work_mem = '512MB'`.execute(tx);
    for (const index of indexes) await sql.raw(index.definition).execute(tx);
  });
}
