import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { bulkInsert } from '../store/bulk-insert.js';
import { IDS_PER_STATEMENT, chunksOf } from '../store/chunks.js';
import { groupRows, takeRows, untyped, type StoredRow } from './compact.js';
import { isPostgres } from '../store/partitions.js';
import { PACKED_TABLES, forEachBucket, mergedSketch, packSpan, packedBefore, packs, spanLength, spanStart, totalsTable, type PackedRollups, type PackedTable } from './spans.js';
import { LatencySketch } from './sketch.js';
import { mergeInto, seriesKey, type RollupEntry } from './tables.js';
import { HOUR, RESOLUTIONS, type Resolution } from './tiers.js';

/**
 * A bucket of a span being packed: its counts, and its sketch as read (encoded) until a second
 * row or span meets it in the same bucket (a late call's row into a packed span), when it is
 * decoded to be merged.
 */
type BucketEntry = { resolution_ms: number; bucket: number; latency_sketch: LatencySketch | Uint8Array } & Record<string, string | number | null | LatencySketch | Uint8Array>;

/**
 * Settled rows a pass of the packer takes, on either engine. The compactor's passes on PostgreSQL
 * are larger, for ingest's sake; the packer has an hour to pack an hour's rows, and what a pass
 * holds (its rows, and every bucket packed so far of the spans they belong to, six hours' span of
 * hours of 1,000 integrations a pass) stays in the compactor worker's heap.
 */
const PACK_PASS_ROWS = 5_000;

/** One series' buckets of one span being packed: what its rows and its earlier span rows hold, merged. */
interface SpanBeingPacked {
  series: Record<string, unknown>;
  span: number;
  buckets: Map<number, BucketEntry>;
}

/**
 * Adds a row's or a packed bucket's values into the span being packed. A bucket met once keeps its
 * sketch encoded: when a day's hour span of 1,000 integrations settled at 01:00, the passes that
 * merged it decoded its 24,000 sketches and ran the compactor worker out of its 128 MiB heap, so
 * the span was never packed and the worker restarted every minute.
 */
function addToSpan(spec: PackedTable['rollups'], being: SpanBeingPacked, values: Record<string, unknown>, resolution: Resolution, bucket: number): void {
  const entry = being.buckets.get(bucket);
  if (!entry) {
    const first: BucketEntry = { resolution_ms: resolution, bucket, latency_sketch: values['latency_sketch'] as Uint8Array };
    for (const [column, measure] of Object.entries(spec.measures)) if (measure === 'sum') first[column] = Number(values[column]);
    being.buckets.set(bucket, first);
    return;
  }
  if (entry.latency_sketch instanceof Uint8Array) entry.latency_sketch = LatencySketch.decode(entry.latency_sketch);
  // Decoded, the entry is a RollupEntry like any other.
  mergeInto(spec, entry as unknown as RollupEntry, values);
}

type StoredSpan = Record<string, unknown> & { id: number; span: number | string; counts: Uint8Array; sketches: Uint8Array };

function spanRowOf(packed: PackedTable, resolution: Resolution, being: SpanBeingPacked): { row: unknown[]; sketches: Buffer; total: Buffer | undefined } {
  const buckets = [...being.buckets.values()];
  const { counts, sketches } = packSpan(packed, resolution, being.span, buckets);
  const total = totalsTable(packed, resolution) === undefined ? undefined : mergedSketch(buckets.map((bucket) => bucket.latency_sketch));
  return { row: [resolution, being.span, ...packed.rollups.dimensions.map((dimension) => being.series[dimension]), counts], sketches, total };
}

/**
 * The span rows already stored for the series × spans being packed (a span packed before and
 * now getting a late call's row, or one a racing packer wrote), taken out to be merged: by id, so
 * two packers each merge only what they removed and a span is never counted twice.
 */
async function takeSpans(tx: Kysely<any>, packed: PackedTable, resolution: Resolution, spans: ReadonlyMap<string, SpanBeingPacked>): Promise<StoredSpan[]> {
  const byIntegration = new Map<string, { from: number; to: number }>();
  for (const { series, span } of spans.values()) {
    const integration = series['integration'] as string;
    const range = byIntegration.get(integration);
    byIntegration.set(integration, range ? { from: Math.min(range.from, span), to: Math.max(range.to, span) } : { from: span, to: span });
  }
  const ids: number[] = [];
  for (const [integration, { from, to }] of byIntegration) {
    const stored = (await tx
      .selectFrom(packed.table)
      .select(['id', 'span', ...packed.rollups.dimensions])
      .where('resolution_ms', '=', resolution)
      .where('integration', '=', integration)
      .where('span', '>=', from)
      .where('span', '<=', to)
      .execute()) as unknown as StoredSpan[];
    for (const row of stored) if (spans.has(seriesKey(packed.rollups, row, resolution, Number(row.span)))) ids.push(row.id);
  }
  const taken: StoredSpan[] = [];
  for (const chunk of chunksOf(ids, IDS_PER_STATEMENT)) {
    const sketches = new Map<number, Uint8Array>();
    for (const row of await tx.deleteFrom(packed.sketchTable).where('span_id', 'in', chunk).returning(['span_id', 'sketches']).execute()) sketches.set(Number(row.span_id), row.sketches);
    for (const row of (await tx.deleteFrom(packed.table).where('id', 'in', chunk).returningAll().execute()) as StoredSpan[]) {
      const ofSpan = sketches.get(Number(row.id));
      if (ofSpan === undefined) throw new Error(`packed span ${row.id} of ${packed.table} has no sketches in ${packed.sketchTable}`);
      taken.push({ ...row, sketches: ofSpan });
    }
    // After the spans: a total being written for one of them (totalSpans) is then committed and seen here.
    const totals = totalsTable(packed, resolution);
    if (totals !== undefined) await tx.deleteFrom(totals).where('span_id', 'in', chunk).execute();
  }
  return taken;
}

/**
 * One pass of the packer over one table and tier: the oldest compacted rows of spans that have
 * settled (spans.ts, `packedBefore`), at most a compactor pass's worth, become span rows, merged
 * with the span rows of the same series already there. One transaction: a reader's statement sees
 * the buckets either as rows or in their span, never both or neither. Rows and spans are taken
 * with DELETE … RETURNING, so a second instance's packer (or the compactor, which merges late
 * calls into compacted rows) racing this one each folds only what it removed. Partial rows are
 * left to the compactor: once folded, they are packed on a later pass. A tier whose spans keep a
 * total (spans.ts, `totals`) has it written with each span. Returns the rows packed.
 */
async function packRows(db: Kysely<Database>, name: PackedRollups, resolution: Resolution, now: number): Promise<number> {
  const packed = PACKED_TABLES[name];
  const spec = packed.rollups;
  if (!packs(packed, resolution)) return 0;
  return db.transaction().execute(async (transaction) => {
    const tx = untyped(transaction);
    const settled = (await tx
      .selectFrom(spec.table)
      .select(['id', 'resolution_ms', 'bucket', ...spec.dimensions])
      .where('resolution_ms', '=', resolution)
      .where('bucket', '<', packedBefore(packed, now, resolution))
      .where('compacted', '=', 1)
      .orderBy('bucket')
      .limit(PACK_PASS_ROWS)
      .execute()) as StoredRow[];
    if (settled.length === 0) return 0;
    const rows = await takeRows(tx, spec, groupRows(settled), 1);

    const spans = new Map<string, SpanBeingPacked>();
    const spanOf = (series: Record<string, unknown>, span: number): SpanBeingPacked => {
      const key = seriesKey(spec, series, resolution, span);
      let being = spans.get(key);
      if (!being) spans.set(key, (being = { series, span, buckets: new Map() }));
      return being;
    };
    for (const row of rows) {
      const bucket = Number(row.bucket);
      addToSpan(spec, spanOf(row, spanStart(packed, bucket, resolution)), row, resolution, bucket);
    }
    for (const stored of await takeSpans(tx, packed, resolution, spans)) {
      const span = Number(stored.span);
      const being = spanOf(stored, span);
      forEachBucket(packed, resolution, span, stored.counts, stored.sketches, span, span + spanLength(packed, resolution), (bucket) => addToSpan(spec, being, bucket, resolution, bucket.bucket));
    }
    const written = new Map<string, { sketches: Buffer; total: Buffer | undefined }>();
    const spanRows = [...spans].map(([key, being]) => {
      const { row, sketches, total } = spanRowOf(packed, resolution, being);
      written.set(key, { sketches, total });
      return row;
    });
    // The new spans' ids, matched back to their sketches by series and span (RETURNING promises no order).
    const inserted = await bulkInsert(transaction, packed.table, ['resolution_ms', 'span', ...spec.dimensions, 'counts'], spanRows, ['id', 'span', ...spec.dimensions]);
    const ofSpan = inserted.map((span) => ({ id: span.id, ...written.get(seriesKey(spec, span, resolution, Number(span.span)))! }));
    await bulkInsert(transaction, packed.sketchTable, ['span_id', 'sketches'], ofSpan.map((span) => [span.id, span.sketches]));
    const totals = totalsTable(packed, resolution);
    if (totals !== undefined) await bulkInsert(transaction, totals, ['span_id', 'total'], ofSpan.map((span) => [span.id, span.total]));
    return rows.length;
  });
}

/** Spans given their total per pass of `totalSpans`: some 10 MB of days' sketches read. */
const TOTALS_PER_PASS = 1_000;

/**
 * Where each store's backfill (by its Kysely instance, per table tier) stands: the last span id a
 * pass gave a total to, so the next pass goes on from there and the whole backfill reads each span
 * once (from the start every pass, the millions of spans of five years of day tier would be read
 * again by each of thousands of passes); and when every span was last found totalled: new spans get
 * theirs as they are packed, so the store is asked again only an hour later (an instance of a
 * version before migration 023 may still be packing into the same store meanwhile).
 */
const backfills = new WeakMap<object, Map<string, { after: number; doneAt: number }>>();
const TOTALLED_RECHECK_MS = HOUR;

/**
 * One pass giving spans packed without a total (before migration 023) theirs, in the order they
 * were written; returns how many. On PostgreSQL the spans are locked meanwhile and those another
 * packer is taking are skipped: a packer or retention that takes a span waits, then deletes its
 * total after it (takeSpans, retention.ts), so no total outlives its span; a total another
 * instance's pass wrote first is left as it is. A pass that finds none after where the last one
 * stopped looks once over every span: none lacking (locked or not), the store is done for an hour;
 * else the next pass starts over.
 */
export async function totalSpans(db: Kysely<Database>, name: PackedRollups, resolution: Resolution): Promise<number> {
  const packed = PACKED_TABLES[name];
  const totals = totalsTable(packed, resolution);
  if (totals === undefined) return 0;
  const ofStore = backfills.get(db) ?? new Map<string, { after: number; doneAt: number }>();
  backfills.set(db, ofStore);
  const key = `${name}|${resolution}`;
  const backfill = ofStore.get(key) ?? { after: 0, doneAt: -Infinity };
  ofStore.set(key, backfill);
  if (Date.now() - backfill.doneAt < TOTALLED_RECHECK_MS) return 0;
  return db.transaction().execute(async (transaction) => {
    const tx = untyped(transaction);
    const lacking = (after: number, limit: number) =>
      tx
        .selectFrom(packed.table as string)
        .innerJoin(packed.sketchTable, `${packed.sketchTable}.span_id`, `${packed.table}.id`)
        .leftJoin(totals, `${totals}.span_id`, `${packed.table}.id`)
        .select([`${packed.table}.id as id`, 'span', 'counts', 'sketches'])
        .where(`${packed.table}.id`, '>', after)
        .where('resolution_ms', '=', resolution)
        .where(`${totals}.span_id`, 'is', null)
        .orderBy(`${packed.table}.id`)
        .limit(limit);
    const next = lacking(backfill.after, TOTALS_PER_PASS);
    const spans = (await (isPostgres(db) ? next.forUpdate(packed.table).skipLocked() : next).execute()) as Array<{
      id: number | string;
      span: number | string;
      counts: Uint8Array;
      sketches: Uint8Array;
    }>;
    if (spans.length === 0) {
      // Spans before the cursor (another pass held them locked) or locked now are not done yet: only none at all is.
      if ((await lacking(0, 1).execute()).length === 0) backfill.doneAt = Date.now();
      backfill.after = 0;
      return 0;
    }
    const rows = spans.map(({ id, span, counts, sketches }) => {
      const start = Number(span);
      const buckets: Uint8Array[] = [];
      forEachBucket(packed, resolution, start, counts, sketches, start, start + spanLength(packed, resolution), (bucket) => buckets.push(bucket.latency_sketch!));
      return { span_id: Number(id), total: mergedSketch(buckets) };
    });
    for (const chunk of chunksOf(rows, IDS_PER_STATEMENT)) {
      await tx
        .insertInto(totals)
        .values(chunk)
        .onConflict((conflict) => conflict.column('span_id').doNothing())
        .execute();
    }
    backfill.after = rows.at(-1)!.span_id;
    return rows.length;
  });
}

/** A pass of the packer over one table and tier: settled rows packed (`packRows`), or when none are left, spans given a total (`totalSpans`); returns how many. */
export async function packTable(db: Kysely<Database>, name: PackedRollups, resolution: Resolution, now: number): Promise<number> {
  const packed = await packRows(db, name, resolution, now);
  return packed > 0 ? packed : totalSpans(db, name, resolution);
}

/** Runs one table and tier's pass (`packTable`), on `db` itself or on the compactor's worker (rollup/compactor-thread.ts). */
export type PackPass = (name: PackedRollups, resolution: Resolution, now: number) => Promise<number>;

export function packsOn(db: Kysely<Database>): PackPass {
  return (name, resolution, now) => packTable(db, name, resolution, now);
}

/** Packs every settled span of both tables and every tier, until none is left or `sliceMs` is spent; returns the rows packed and spans totalled. */
export async function packSettled(db: Kysely<Database> | PackPass, now: number, sliceMs = Infinity): Promise<number> {
  const pass = typeof db === 'function' ? db : packsOn(db);
  const until = Date.now() + sliceMs;
  let total = 0;
  for (const name of Object.keys(PACKED_TABLES) as PackedRollups[]) {
    for (const resolution of RESOLUTIONS) {
      for (;;) {
        const rows = await pass(name, resolution, now);
        total += rows;
        if (rows === 0) break;
        if (Date.now() >= until) return total;
      }
    }
  }
  return total;
}
