import type { Kysely, Selectable, Transaction } from 'kysely';
import { OUTCOMES } from '../ingest/outcome.js';
import type { CallRollupsTable, Database } from '../store/schema.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { PartialRollup } from './aggregate.js';
import { addCounts, emptyCounts, seriesId } from './series.js';
import { LatencySketch } from './sketch.js';
import { RESOLUTIONS, floorTo } from './tiers.js';

/** Dirty rows taken per pass: bounds the time one transaction holds the write lock. */
const BATCH = 5_000;
const IDS_PER_STATEMENT = 500;

type RollupRow = Selectable<CallRollupsTable>;

export const ROLLUP_COLUMNS = [
  'resolution_ms', 'bucket', 'integration', 'operation', 'direction', 'env', 'site', 'release', 'volume',
  ...OUTCOMES, 'latency_sketch', 'compacted',
] as const;

export function rollupRow(rollup: PartialRollup, compacted: 0 | 1): unknown[] {
  return [
    rollup.resolution_ms, rollup.bucket, rollup.integration, rollup.operation, rollup.direction, rollup.env,
    rollup.site, rollup.release, rollup.counts.volume, ...OUTCOMES.map((outcome) => rollup.counts[outcome]),
    rollup.sketch.encode(), compacted,
  ];
}

function bucketKey(row: Pick<RollupRow, 'resolution_ms' | 'bucket'> & Parameters<typeof seriesId>[0]): string {
  return `${row.resolution_ms}\u0000${row.bucket}\u0000${seriesId(row)}`;
}

function nextResolution(resolution: number): number | undefined {
  return RESOLUTIONS[RESOLUTIONS.indexOf(resolution as (typeof RESOLUTIONS)[number]) + 1];
}

/** Sums rows into one rollup per key, starting from `seed` rows' keys. */
function accumulate(into: Map<string, PartialRollup>, key: string, template: RollupRow, resolution: number, bucket: number, row: RollupRow): void {
  let entry = into.get(key);
  if (!entry) {
    entry = { ...template, resolution_ms: resolution, bucket, counts: emptyCounts(), sketch: new LatencySketch() };
    into.set(key, entry);
  }
  addCounts(entry.counts, row);
  entry.sketch.mergeEncoded(row.latency_sketch);
}

async function takeRows(tx: Transaction<Database>, ids: number[]): Promise<RollupRow[]> {
  const taken: RollupRow[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    taken.push(...(await tx.deleteFrom('call_rollups').where('id', 'in', ids.slice(start, start + IDS_PER_STATEMENT)).returningAll().execute()));
  }
  return taken;
}

/** The ids of the compacted rows that share a bucket × series with the dirty ones. */
async function compactedPartners(tx: Transaction<Database>, dirty: RollupRow[]): Promise<number[]> {
  const keys = new Set(dirty.map(bucketKey));
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
    const rows = await tx
      .selectFrom('call_rollups')
      .select(['id', 'resolution_ms', 'bucket', 'integration', 'operation', 'direction', 'env', 'site', 'release'])
      .where('compacted', '=', 1)
      .where('resolution_ms', '=', range.resolution)
      .where('integration', '=', range.integration)
      .where('bucket', '>=', range.from)
      .where('bucket', '<=', range.to)
      .execute();
    for (const row of rows) if (keys.has(bucketKey(row))) ids.push(row.id);
  }
  return ids;
}

/**
 * One pass of the compactor. Partial rows (ingest appends them per batch) are merged with the
 * compacted row of their bucket × series into a single compacted row, and what was new in them
 * is carried up to the next coarser tier as a partial row there, where a later pass merges it in
 * turn. Rows are taken with DELETE … RETURNING, so two compactors racing (several instances on
 * one PostgreSQL) each fold only the rows they removed: no call is counted twice or lost.
 * Returns the number of partial rows folded in.
 */
export async function compactRollups(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const dirty = await tx.selectFrom('call_rollups').select(['id', 'resolution_ms', 'bucket', 'integration', 'operation', 'direction', 'env', 'site', 'release']).where('compacted', '=', 0).orderBy('id').limit(BATCH).execute();
    if (dirty.length === 0) return 0;
    const taken = await takeRows(tx, [...dirty.map((row) => row.id), ...(await compactedPartners(tx, dirty as RollupRow[]))]);

    const merged = new Map<string, PartialRollup>();
    const carried = new Map<string, PartialRollup>();
    let folded = 0;
    for (const row of taken) {
      accumulate(merged, bucketKey(row), row, row.resolution_ms, row.bucket, row);
      if (row.compacted === 1) continue;
      folded += 1;
      const coarser = nextResolution(row.resolution_ms);
      if (coarser === undefined) continue;
      const bucket = floorTo(row.bucket, coarser);
      accumulate(carried, bucketKey({ ...row, resolution_ms: coarser, bucket }), row, coarser, bucket, row);
    }
    await bulkInsert(tx, 'call_rollups', ROLLUP_COLUMNS, [
      ...[...merged.values()].map((rollup) => rollupRow(rollup, 1)),
      ...[...carried.values()].map((rollup) => rollupRow(rollup, 0)),
    ]);
    return folded;
  });
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
