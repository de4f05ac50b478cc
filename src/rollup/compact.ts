import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { bulkInsert } from '../store/bulk-insert.js';
import { IDS_PER_STATEMENT } from '../store/chunks.js';
import { CALL_ROLLUPS, ROLLUP_TABLES, columnsOf, entryIn, mergeInto, rowOf, seriesKey, type RollupEntry, type RollupTable } from './tables.js';
import { RESOLUTIONS, floorTo } from './tiers.js';

/** Dirty rows taken per pass and table: bounds the time one transaction holds the write lock. */
const BATCH = 5_000;

/** The call table's columns, for the bulk inserts of ingest and the benchmarks' generators. */
export const ROLLUP_COLUMNS = columnsOf(CALL_ROLLUPS);

type StoredRow = Record<string, unknown> & { id: number; resolution_ms: number; bucket: number; integration: string; compacted?: number };

/**
 * The rollup tables share one shape but not one Kysely type; the compactor works on any of them
 * by column name, so it sees the transaction untyped.
 */
function untyped(tx: Transaction<Database>): Kysely<any> {
  return tx as unknown as Kysely<any>;
}

function nextResolution(resolution: number): number | undefined {
  return RESOLUTIONS[RESOLUTIONS.indexOf(resolution as (typeof RESOLUTIONS)[number]) + 1];
}

async function takeRows(tx: Kysely<any>, spec: RollupTable, ids: number[]): Promise<StoredRow[]> {
  const taken: StoredRow[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    for (const row of (await tx.deleteFrom(spec.table).where('id', 'in', ids.slice(start, start + IDS_PER_STATEMENT)).returningAll().execute()) as StoredRow[]) taken.push(row);
  }
  return taken;
}

/** The ids of the compacted rows that share a bucket × series with the dirty ones. */
async function compactedPartners(tx: Kysely<any>, spec: RollupTable, dirty: StoredRow[]): Promise<number[]> {
  const key = (row: StoredRow) => seriesKey(spec, row, row.resolution_ms, row.bucket);
  const keys = new Set(dirty.map(key));
  const ranges = new Map<string, { resolution: number; integration: string; from: number; to: number }>();
  for (const row of dirty) {
    const id = `${row.resolution_ms}\u0000${row.integration}`;
    const range = ranges.get(id);
    if (!range) ranges.set(id, { resolution: row.resolution_ms, integration: row.integration, from: row.bucket, to: row.bucket });
    else {
      range.from = Math.min(range.from, row.bucket);
      range.to = Math.max(range.to, row.bucket);
    }
  }
  const ids: number[] = [];
  for (const range of ranges.values()) {
    const rows = (await tx
      .selectFrom(spec.table)
      .select(['id', 'resolution_ms', 'bucket', ...spec.dimensions])
      .where('compacted', '=', 1)
      .where('resolution_ms', '=', range.resolution)
      .where('integration', '=', range.integration)
      .where('bucket', '>=', range.from)
      .where('bucket', '<=', range.to)
      .execute()) as StoredRow[];
    for (const row of rows) if (keys.has(key(row))) ids.push(row.id);
  }
  return ids;
}

/** One pass over one table (see compactRollups). */
async function compactTable(db: Kysely<Database>, spec: RollupTable): Promise<number> {
  return db.transaction().execute(async (transaction) => {
    const tx = untyped(transaction);
    const dirty = (await tx
      .selectFrom(spec.table)
      .select(['id', 'resolution_ms', 'bucket', ...spec.dimensions])
      .where('compacted', '=', 0)
      .orderBy('id')
      .limit(BATCH)
      .execute()) as StoredRow[];
    if (dirty.length === 0) return 0;
    const taken = await takeRows(tx, spec, [...dirty.map((row) => row.id), ...(await compactedPartners(tx, spec, dirty))]);

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
 * One pass of the compactor over every rollup table. Partial rows (ingest appends them per batch)
 * are merged with the compacted row of their bucket × series into a single compacted row, and
 * what was new in them is carried up to the next coarser tier as a partial row there, where a
 * later pass merges it in turn. Rows are taken with DELETE … RETURNING, so two compactors racing
 * (several instances on one PostgreSQL) each fold only the rows they removed: nothing is counted
 * twice or lost. Returns the number of partial rows folded in.
 */
export async function compactRollups(db: Kysely<Database>): Promise<number> {
  let folded = 0;
  for (const spec of ROLLUP_TABLES) folded += await compactTable(db, spec);
  return folded;
}

/** Compacts until nothing is dirty in any tier (shutdown, tests, benchmarks). */
export async function compactAll(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await compactRollups(db);
    total += folded;
    if (folded === 0) return total;
  }
}

/** The background job: passes until caught up or the time slice is spent. */
export async function compactForAWhile(db: Kysely<Database>, sliceMs = 500): Promise<number> {
  const until = Date.now() + sliceMs;
  let total = 0;
  for (;;) {
    const folded = await compactRollups(db);
    total += folded;
    if (folded < BATCH || Date.now() >= until) return total;
  }
}
