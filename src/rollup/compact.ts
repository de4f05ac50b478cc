import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { bulkInsert } from '../store/bulk-insert.js';
import { IDS_PER_STATEMENT } from '../store/chunks.js';
import { isPostgres } from '../store/partitions.js';
import { CALL_ROLLUPS, ROLLUP_TABLES, columnsOf, entryIn, mergeInto, rowOf, seriesKey, type RollupEntry, type RollupTable } from './tables.js';
import { RESOLUTIONS, floorTo } from './tiers.js';

/**
 * Dirty rows taken per pass and table, by engine. A pass's statements are per integration and
 * tier, whatever its rows, so a larger pass folds more per statement. On SQLite a pass holds the
 * one write lock (ingest's commits wait for it), which bounds it: 50,000 partial call rows of 50
 * integrations took 5.3 s at 1,000 a pass, 2.2 s at 5,000 (1,000 while passes ran on the main
 * thread, which they held for their whole length). On PostgreSQL a pass blocks no writer (what
 * ingest inserts meanwhile are rows of their own), so it takes more: 52,000 partial rows of every
 * table folded in 2.7 s at 5,000 a pass, 1.7 s at 20,000 (SQLite
 * 1.4 and 1.2 s).
 */
export const PASS_ROWS = { sqlite: 5_000, postgres: 20_000 } as const;

/** The call table's columns, for the bulk inserts of ingest and the benchmarks' generators. */
export const ROLLUP_COLUMNS = columnsOf(CALL_ROLLUPS);

export type StoredRow = Record<string, unknown> & { id: number; resolution_ms: number; bucket: number; integration: string; compacted?: number };

/**
 * The rollup tables share one shape but not one Kysely type; the compactor works on any of them
 * by column name, so it sees the transaction untyped.
 */
export function untyped(tx: Transaction<Database>): Kysely<any> {
  return tx as unknown as Kysely<any>;
}

function nextResolution(resolution: number): number | undefined {
  return RESOLUTIONS[RESOLUTIONS.indexOf(resolution as (typeof RESOLUTIONS)[number]) + 1];
}

/**
 * Rows sharing a tier and an integration, with the span of their buckets: each group is deleted
 * with those bounds as well as the ids, so the statement is served by the indexes readers use
 * and, on PostgreSQL, touches only the day partitions of that span (rollup tables there have no
 * index on id alone; migration 009).
 */
export interface RowGroup {
  resolution: number;
  integration: string;
  from: number;
  to: number;
  ids: number[];
}

export function groupRows(rows: readonly StoredRow[]): RowGroup[] {
  const groups = new Map<string, RowGroup>();
  for (const row of rows) {
    const key = `${row.resolution_ms}\u0000${row.integration}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { resolution: row.resolution_ms, integration: row.integration, from: row.bucket, to: row.bucket, ids: [row.id] });
    else {
      group.from = Math.min(group.from, row.bucket);
      group.to = Math.max(group.to, row.bucket);
      group.ids.push(row.id);
    }
  }
  return [...groups.values()];
}

/** Deletes the rows of the groups (partial ones, or compacted ones) and returns them. */
export async function takeRows(tx: Kysely<any>, spec: RollupTable, groups: readonly RowGroup[], compacted: 0 | 1): Promise<StoredRow[]> {
  const taken: StoredRow[] = [];
  for (const group of groups) {
    for (let start = 0; start < group.ids.length; start += IDS_PER_STATEMENT) {
      const rows = (await tx
        .deleteFrom(spec.table)
        .where('compacted', '=', compacted)
        .where('resolution_ms', '=', group.resolution)
        .where('integration', '=', group.integration)
        .where('bucket', '>=', group.from)
        .where('bucket', '<=', group.to)
        .where('id', 'in', group.ids.slice(start, start + IDS_PER_STATEMENT))
        .returningAll()
        .execute()) as StoredRow[];
      for (const row of rows) taken.push(row);
    }
  }
  return taken;
}

/** The compacted rows that share a bucket × series with the dirty ones, grouped like them. */
async function compactedPartners(tx: Kysely<any>, spec: RollupTable, dirty: readonly RowGroup[], keys: ReadonlySet<string>): Promise<RowGroup[]> {
  const key = (row: StoredRow) => seriesKey(spec, row, row.resolution_ms, row.bucket);
  const partners: StoredRow[] = [];
  for (const range of dirty) {
    const rows = (await tx
      .selectFrom(spec.table)
      .select(['id', 'resolution_ms', 'bucket', ...spec.dimensions])
      .where('compacted', '=', 1)
      .where('resolution_ms', '=', range.resolution)
      .where('integration', '=', range.integration)
      .where('bucket', '>=', range.from)
      .where('bucket', '<=', range.to)
      .execute()) as StoredRow[];
    for (const row of rows) if (keys.has(key(row))) partners.push(row);
  }
  return groupRows(partners);
}

/** One pass over one table (see compactRollups); on SQLite the server runs it on the compactor's worker thread. */
export async function compactTable(db: Kysely<Database>, spec: RollupTable): Promise<number> {
  return db.transaction().execute(async (transaction) => {
    const tx = untyped(transaction);
    const dirty = (await tx
      .selectFrom(spec.table)
      .select(['id', 'resolution_ms', 'bucket', ...spec.dimensions])
      .where('compacted', '=', 0)
      .orderBy('id')
      .limit(isPostgres(db) ? PASS_ROWS.postgres : PASS_ROWS.sqlite)
      .execute()) as StoredRow[];
    if (dirty.length === 0) return 0;
    const groups = groupRows(dirty);
    const keys = new Set(dirty.map((row) => seriesKey(spec, row, row.resolution_ms, row.bucket)));
    const partners = await compactedPartners(tx, spec, groups, keys);
    const taken = [...(await takeRows(tx, spec, groups, 0)), ...(await takeRows(tx, spec, partners, 1))];

    const merged = new Map<string, RollupEntry>();
    const carried = new Map<string, RollupEntry>();
    let folded = 0;
    for (const row of taken) {
      mergeRow(merged, spec, row, row.resolution_ms, row.bucket);
      if (row.compacted === 1) continue;
      folded += 1;
      const coarser = nextResolution(row.resolution_ms);
      if (coarser !== undefined) mergeRow(carried, spec, row, coarser, floorTo(row.bucket, coarser));
    }
    await bulkInsert(transaction, spec.table, columnsOf(spec), [
      ...[...merged.values()].map((entry) => rowOf(spec, entry, 1)),
      ...[...carried.values()].map((entry) => rowOf(spec, entry, 0)),
    ]);
    return folded;
  });
}

function mergeRow(into: Map<string, RollupEntry>, spec: RollupTable, row: StoredRow, resolution: number, bucket: number): void {
  mergeInto(spec, entryIn(into, spec, row, resolution, bucket), row);
}

/**
 * Runs one table's pass (`compactTable`) and answers the partial rows it folded: on `db` itself
 * (`passesOn`), or on the compactor worker, which runs the same code on a connection of its
 * own (rollup/compactor-thread.ts).
 */
export type TablePass = (spec: RollupTable) => Promise<number>;

export function passesOn(db: Kysely<Database>): TablePass {
  return (spec) => compactTable(db, spec);
}

/**
 * One pass of the compactor over every rollup table. Partial rows (ingest appends them per batch)
 * are merged with the compacted row of their bucket × series into a single compacted row, and
 * what was new in them is carried up to the next coarser tier as a partial row there, where a
 * later pass merges it in turn. Rows are taken with DELETE … RETURNING, so two compactors racing
 * (several instances on one PostgreSQL) each fold only the rows they removed: nothing is counted
 * twice or lost. Returns the number of partial rows folded in.
 */
export async function compactRollups(db: Kysely<Database> | TablePass, tables: readonly RollupTable[] = ROLLUP_TABLES): Promise<number> {
  const pass = typeof db === 'function' ? db : passesOn(db);
  let folded = 0;
  for (const spec of tables) {
    folded += await pass(spec);
    // On SQLite every await of a statement on this thread resolves at once (better-sqlite3 is
    // synchronous), so pass after pass would run as one task: requests that arrived meanwhile,
    // /healthz's among them, are read only when the event loop gets its turn, given here between
    // transactions (and, with the passes on the compactor's worker, ingest commits in between).
    await yieldToEventLoop();
  }
  return folded;
}

/**
 * Compacts until nothing is dirty in any tier (tests, benchmarks); `tables`: only these
 * (upgrade tests: the tables an older release had).
 */
export async function compactAll(db: Kysely<Database> | TablePass, tables: readonly RollupTable[] = ROLLUP_TABLES): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await compactRollups(db, tables);
    total += folded;
    if (folded === 0) return total;
  }
}

/**
 * How long one run of the compactor job may go on when its passes run on the compactor's thread
 * (rollup/compactor-thread.ts): they leave the event loop free, so the slice only bounds one run of
 * the job, which starts again a moment later. Passes on the caller's connection (a store in
 * memory, tests) keep short slices: on SQLite they hold the event loop.
 */
export const THREAD_SLICE_MS = 10_000;

/** The background job: passes until caught up or the time slice is spent. */
export async function compactForAWhile(db: Kysely<Database> | TablePass, sliceMs = 500): Promise<number> {
  const until = Date.now() + sliceMs;
  let total = 0;
  for (;;) {
    const folded = await compactRollups(db);
    total += folded;
    // Less than one SQLite pass in a whole round: caught up, but for what arrived meanwhile.
    if (folded < PASS_ROWS.sqlite || Date.now() >= until) return total;
  }
}
