import type { Kysely, Selectable } from 'kysely';
import type { CallRollupsTable, Database } from '../store/schema.js';
import { addCounts, emptyCounts, seriesId } from './series.js';
import { LatencySketch } from './sketch.js';
import { OUTCOMES } from '../ingest/outcome.js';

/** Dirty rows taken per pass: bounds the time one transaction holds the write lock. */
const BATCH = 2_000;
const IDS_PER_STATEMENT = 500;

type RollupRow = Selectable<CallRollupsTable>;

function bucketKey(row: Pick<RollupRow, 'resolution_ms' | 'bucket'> & Parameters<typeof seriesId>[0]): string {
  return `${row.resolution_ms}\u0000${row.bucket}\u0000${seriesId(row)}`;
}

/**
 * Merges the partial rollup rows ingest appended into one row per bucket × series. Rows are
 * taken with DELETE … RETURNING, so two compactors racing (several instances on one PostgreSQL)
 * each merge only the rows they removed and no call is counted twice or lost.
 * Returns the number of partial rows folded in.
 */
export async function compactRollups(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const dirty = await tx.selectFrom('call_rollups').selectAll().where('compacted', '=', 0).orderBy('id').limit(BATCH).execute();
    if (dirty.length === 0) return 0;
    const keys = new Set(dirty.map(bucketKey));
    // The already-compacted row of each touched bucket joins the merge.
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
    const ids = new Set(dirty.map((row) => row.id));
    for (const range of ranges.values()) {
      const compacted = await tx
        .selectFrom('call_rollups')
        .select(['id', 'resolution_ms', 'bucket', 'integration', 'operation', 'direction', 'env', 'site', 'release'])
        .where('compacted', '=', 1)
        .where('resolution_ms', '=', range.resolution)
        .where('integration', '=', range.integration)
        .where('bucket', '>=', range.from)
        .where('bucket', '<=', range.to)
        .execute();
      for (const row of compacted) if (keys.has(bucketKey(row))) ids.add(row.id);
    }

    const taken: RollupRow[] = [];
    const idList = [...ids];
    for (let start = 0; start < idList.length; start += IDS_PER_STATEMENT) {
      taken.push(...(await tx.deleteFrom('call_rollups').where('id', 'in', idList.slice(start, start + IDS_PER_STATEMENT)).returningAll().execute()));
    }

    const merged = new Map<string, { row: RollupRow; counts: ReturnType<typeof emptyCounts>; sketch: LatencySketch }>();
    for (const row of taken) {
      const key = bucketKey(row);
      let entry = merged.get(key);
      if (!entry) {
        entry = { row, counts: emptyCounts(), sketch: new LatencySketch() };
        merged.set(key, entry);
      }
      addCounts(entry.counts, row);
      entry.sketch.mergeEncoded(row.latency_sketch);
    }
    const rows = [...merged.values()].map(({ row, counts, sketch }) => ({
      resolution_ms: row.resolution_ms,
      bucket: row.bucket,
      integration: row.integration,
      operation: row.operation,
      direction: row.direction,
      env: row.env,
      site: row.site,
      release: row.release,
      volume: counts.volume,
      ...Object.fromEntries(OUTCOMES.map((outcome) => [outcome, counts[outcome]])),
      latency_sketch: sketch.encode(),
      compacted: 1,
    })) as Array<Omit<RollupRow, 'id'>>;
    for (let start = 0; start < rows.length; start += IDS_PER_STATEMENT) {
      await tx.insertInto('call_rollups').values(rows.slice(start, start + IDS_PER_STATEMENT)).execute();
    }
    return dirty.length;
  });
}

/** Compacts until nothing is dirty (used at shutdown, by tests and by benchmarks). */
export async function compactAll(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await compactRollups(db);
    total += folded;
    if (folded === 0) return total;
  }
}
