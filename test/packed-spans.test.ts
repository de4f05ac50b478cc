/**
 * Packed spans (issue 11, the rollup bytes): the settled buckets of a call series or an
 * integration, one tier, one span, as a single row. The codec keeps every count and every sketch
 * byte for byte; the packer turns rows into spans without changing what any reader answers
 * (read-your-writes.test.ts compares every reader with a ledger around packing, late calls and a
 * racing packer); a late call into a packed bucket is folded into its span on the next round,
 * leaving one span a series; retention drops a span once all of it is past its tier's age. Both
 * engines for the store's part.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import { OUTCOMES } from '../src/common/outcome.js';
import { forEachPackedBucket, packedCounts, packedTotals, withSpans, type PackedColumns } from '../src/query/packed.js';
import { segmentQuery, type Narrow } from '../src/query/segment-query.js';
import type { Segment } from '../src/query/plan.js';
import { planWindow } from '../src/query/plan.js';
import { readRollups } from '../src/query/rollups.js';
import { compactAll } from '../src/rollup/compact.js';
import { packSettled } from '../src/rollup/pack.js';
import { LatencySketch } from '../src/rollup/sketch.js';
import { COUNTS_WIDTH, PACKED_TABLES, forEachBucket, mergedSketch, packSpan, packedBefore, packs, spanLength, spanStart, type PackedTable } from '../src/rollup/spans.js';
import { CALL_ROLLUPS, type RollupEntry } from '../src/rollup/tables.js';
import { DAY, HOUR, MINUTE, RESOLUTIONS, TEN_MINUTES } from '../src/rollup/tiers.js';
import { Random } from '../src/simulator/random.js';
import { enforceRetention } from '../src/store/retention.js';
import type { Database } from '../src/store/schema.js';
import { loadConfig } from '../src/config.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { mergesDuring } from './support/board-calls.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const random = new Random(20);

function entry(bucket: number, resolution: number): RollupEntry {
  const sketch = new LatencySketch();
  const volume = 1 + Math.floor(random.next() * 5_000);
  for (let i = 0; i < Math.min(volume, 300); i++) sketch.add(1 + random.next() ** 3 * 20_000);
  const counts = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, random.next() < 0.4 ? Math.floor(random.next() * 200_000) : 0]));
  return { resolution_ms: resolution, bucket, integration: 'codec', volume, ...counts, latency_sketch: sketch } as RollupEntry;
}

function unpacked(packed: PackedTable, resolution: number, span: number, stored: { counts: Buffer; sketches: Buffer }, from: number, to: number) {
  const seen: Array<{ bucket: number; counts: number[]; sketch: Buffer }> = [];
  forEachBucket(packed, resolution, span, stored.counts, stored.sketches, from, to, (bucket) =>
    seen.push({ bucket: bucket.bucket, counts: [bucket.volume, ...OUTCOMES.map((outcome) => bucket[outcome])], sketch: Buffer.from(bucket.latency_sketch!) }),
  );
  return seen;
}

/** Buckets with gaps, given out of order (the span keeps them in bucket order), of a span of each table: the call series' day of ten minutes, an integration's week of days. */
const CASES = [
  { packed: PACKED_TABLES.call_rollups, resolution: TEN_MINUTES, indexes: [5, 0, 1, 143, 70, 71, 30] },
  { packed: PACKED_TABLES.integration_rollups, resolution: DAY, indexes: [5, 0, 1, 6, 3, 2] },
];

describe('packed spans: the codec', () => {
  for (const { packed, resolution, indexes } of CASES) {
    const span = spanStart(packed, NOW, resolution);
    const entries = indexes.map((i) => entry(span + i * resolution, resolution));
    const expected = [...entries]
      .sort((a, b) => a.bucket - b.bucket)
      .map((e) => ({ bucket: e.bucket, counts: ['volume', ...OUTCOMES].map((column) => e[column] as number), sketch: Buffer.from((e.latency_sketch as LatencySketch).encode()) }));
    const length = spanLength(packed, resolution);

    it(`gives back every bucket's counts and sketch byte for byte (${packed.table}, sketches ${packed.deflated ? 'deflated' : 'as they are'})`, () => {
      const stored = packSpan(packed, resolution, span, entries);
      assert.deepEqual(unpacked(packed, resolution, span, stored, span, span + length), expected);
      // Only the buckets asked for: [from, to).
      const [from, to] = [span + resolution, span + 4 * resolution];
      assert.deepEqual(
        unpacked(packed, resolution, span, stored, from, to).map((b) => b.bucket),
        expected.map((b) => b.bucket).filter((b) => b >= from && b < to),
      );
      // Counts only: the sketches are not needed, nor read.
      const counted: number[] = [];
      forEachBucket(packed, resolution, span, stored.counts, null, span, span + length, (bucket) => counted.push(bucket.volume));
      assert.deepEqual(counted, expected.map((b) => b.counts[0]));
    });

    it(`adds up several series' spans read end to end, bucket by bucket and all together, as a visit of each bucket would (${packed.table})`, () => {
      const table = packed === PACKED_TABLES.call_rollups ? 'call_rollups' : 'integration_rollups';
      const series = [entries, indexes.slice(1).map((i) => entry(span + i * resolution, resolution)), [entry(span + indexes[0]! * resolution, resolution)]];
      const spans = series.map((own) => packSpan(packed, resolution, span, own).counts);
      const row = { packed_span: span, packed_counts: Buffer.concat(spans), packed_sketches: null, packed_lengths: spans.map((counts) => counts.length).join(',') };
      const segment = { resolution, from: span + resolution, to: span + length };
      const visited = new Map<number, number[]>();
      for (const counts of spans) {
        forEachBucket(packed, resolution, span, counts, null, segment.from, segment.to, (bucket) => {
          const sum = visited.get(bucket.bucket) ?? new Array<number>(1 + OUTCOMES.length).fill(0);
          [bucket.volume, ...OUTCOMES.map((outcome) => bucket[outcome])].forEach((count, i) => (sum[i]! += count));
          visited.set(bucket.bucket, sum);
        });
      }
      const byBucket = packedCounts(table, segment, row, true)!;
      const found = new Map<number, number[]>();
      byBucket.present.forEach((present, index) => {
        if (present) found.set(span + index * resolution, [...byBucket.counts.subarray(index * COUNTS_WIDTH, (index + 1) * COUNTS_WIDTH)]);
      });
      assert.deepEqual(found, visited);
      assert.ok(found.size >= 3, 'buckets of several series inside the segment');
      const totals = [...visited.values()].reduce((sum, counts) => sum.map((value, i) => value + counts[i]!));
      assert.deepEqual([...packedCounts(table, segment, row, false)!.counts], totals);
      assert.deepEqual(packedTotals(table, segment, row), Object.fromEntries(['volume', ...OUTCOMES].map((column, i) => [column, totals[i]])));
      // A part's length one byte short: its last count would be read from the next part.
      const cut = { ...row, packed_lengths: [spans[0]!.length - 1, spans[1]!.length + 1, spans[2]!.length].join(',') };
      assert.throws(() => packedCounts(table, { ...segment, to: span + length }, cut, true), /truncated packed span counts/);
    });

    it(`refuses a span cut short, and a bucket that is not of its span (${packed.table})`, () => {
      const stored = packSpan(packed, resolution, span, entries);
      assert.throws(() => forEachBucket(packed, resolution, span, stored.counts.subarray(0, stored.counts.length - 1), null, span, span + length, () => {}), /truncated packed span counts/);
      if (!packed.deflated) {
        assert.throws(() => forEachBucket(packed, resolution, span, stored.counts, stored.sketches.subarray(0, stored.sketches.length - 3), span, span + length, () => {}), /truncated packed span sketches/);
      } else assert.throws(() => forEachBucket(packed, resolution, span, stored.counts, stored.sketches.subarray(0, stored.sketches.length - 3), span, span + length, () => {}));
      assert.throws(() => packSpan(packed, resolution, span, [entry(span + length, resolution)]), new RegExp(`not a bucket of the ${resolution} ms span`));
      assert.throws(() => packSpan(packed, resolution, span, [entry(span + 7 * MINUTE, resolution)]), /not a bucket/);
      assert.throws(() => packSpan(packed, resolution, span, [entry(span, resolution), entry(span, resolution)]), /or not a new one/);
    });
  }

  it('settles a span an hour after it ends', () => {
    const hour = Date.UTC(2026, 10, 20, 12, 0, 0);
    const calls = PACKED_TABLES.call_rollups;
    const own = PACKED_TABLES.integration_rollups;
    assert.equal(packedBefore(calls, hour + HOUR, MINUTE), hour, 'the minutes of 12:00–13:00 are packed from 14:00');
    assert.equal(packedBefore(calls, hour + 2 * HOUR - 1, MINUTE), hour);
    assert.equal(packedBefore(calls, hour + 2 * HOUR, MINUTE), hour + HOUR);
    assert.equal(packedBefore(calls, Date.UTC(2026, 10, 21, 0, 59, 59), TEN_MINUTES), Date.UTC(2026, 10, 20), 'a day of ten minutes from 01:00 the next day');
    assert.equal(packedBefore(own, hour + 2 * HOUR - 1, TEN_MINUTES), hour, 'an integration’s hour of ten minutes from an hour after it');
    const week = packedBefore(own, Date.UTC(2026, 10, 21, 1, 0, 0), DAY);
    assert.equal(week % (7 * DAY), 0, 'an integration’s days go a week to a span');
    assert.ok(week <= Date.UTC(2026, 10, 21) && week > Date.UTC(2026, 10, 21) - 7 * DAY);
    assert.equal(packedBefore(own, Date.UTC(2026, 10, 21, 6, 59, 59), HOUR), Date.UTC(2026, 10, 21), 'an integration’s six hours of hours from an hour after them');
    assert.equal(packedBefore(own, Date.UTC(2026, 10, 21, 7, 0, 0), HOUR), Date.UTC(2026, 10, 21, 6));
    assert.equal(packedBefore(own, hour + HOUR + 10 * MINUTE, MINUTE), hour + 10 * MINUTE, 'an integration’s ten minutes of minutes from an hour after them');
    assert.ok(packs(own, HOUR) && !packs(own, 2 * HOUR));
    assert.throws(() => packedBefore(own, Date.UTC(2026, 10, 21), 2 * HOUR), /no packed rollup tier of 7200000 ms in integration_rollup_spans/);
  });
});

const INTEGRATIONS = ['pack-shop', 'pack-carrier'];
const OPERATIONS = ['label.create', 'tracking.get', 'rates.quote'];

function calls(count: number, end: number, spreadMs: number): NormalizedRecord[] {
  return Array.from({ length: count }, () => {
    const checked = normalizeRecord(
      {
        kind: 'call',
        ts: end - 1 - Math.floor(random.next() * spreadMs),
        integration: INTEGRATIONS[Math.floor(random.next() * INTEGRATIONS.length)]!,
        direction: 'outbound',
        operation: OPERATIONS[Math.floor(random.next() * OPERATIONS.length)]!,
        latency_ms: Math.round(5 + 3_000 * random.next() ** 3),
        status: random.next() < 0.1 ? 503 : 200,
      },
      { notBefore: 0, notAfter: NOW + HOUR },
    );
    assert.ok(checked.ok);
    return checked.record;
  });
}

/** Every call series' counts and merged sketch per bucket of each tier over the 40 days, as readers get them. */
async function everyBucket(db: Kysely<Database>): Promise<Map<string, string>> {
  const answer = new Map<string, string>();
  for (const resolution of RESOLUTIONS) {
    const segment = { resolution, from: Math.floor((NOW - 40 * DAY) / DAY) * DAY, to: Math.floor(NOW / resolution) * resolution + resolution };
    const merged = new Map<string, { counts: number[]; sketch: LatencySketch }>();
    for (const row of await readRollups(db, [segment], { filters: {} })) {
      const key = `${resolution} ${row.integration} ${row.operation} ${Number(row.bucket)}`;
      let into = merged.get(key);
      if (!into) merged.set(key, (into = { counts: new Array(1 + OUTCOMES.length).fill(0), sketch: new LatencySketch() }));
      ['volume', ...OUTCOMES].forEach((column, i) => (into!.counts[i]! += Number(row[column as 'volume'])));
      into.sketch.mergeEncoded(row.latency_sketch);
    }
    for (const [key, { counts, sketch }] of merged) answer.set(key, `${counts.join(',')} ${Buffer.from(sketch.encode()).toString('base64')}`);
  }
  return answer;
}

async function countOf(db: Kysely<Database>, table: 'call_rollup_spans' | 'integration_rollup_spans' | 'call_rollups'): Promise<number> {
  return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

/** The per-integration tiers whose spans keep a total: hours and days. */
const TOTALLED = [HOUR, DAY];

/**
 * Each span of both tables has exactly one row of sketches, and no sketches are left without their
 * span; each per-integration span of hours and of days has its total, the merge of its buckets'
 * sketches, and no total is left without its span.
 */
async function assertSketchPerSpan(db: Kysely<Database>, when: string): Promise<void> {
  for (const { table, sketchTable } of Object.values(PACKED_TABLES)) {
    const spans = (await db.selectFrom(table).select('id').execute()).map((row) => Number(row.id)).sort((a, b) => a - b);
    const sketched = (await db.selectFrom(sketchTable).select('span_id').execute()).map((row) => Number(row.span_id)).sort((a, b) => a - b);
    assert.deepEqual(sketched, spans, `${when}: the ids of ${sketchTable} are those of ${table}`);
  }
  const packed = PACKED_TABLES.integration_rollups;
  const totalled = (await db
    .selectFrom('integration_rollup_spans')
    .innerJoin('integration_rollup_span_sketches', 'integration_rollup_span_sketches.span_id', 'integration_rollup_spans.id')
    .select(['id', 'resolution_ms', 'span', 'counts', 'sketches'])
    .where('resolution_ms', 'in', TOTALLED)
    .execute()) as Array<{ id: number; resolution_ms: number; span: number; counts: Uint8Array; sketches: Uint8Array }>;
  assert.deepEqual(new Set(totalled.map((span) => Number(span.resolution_ms))), new Set(TOTALLED), `${when}: spans of hours and of days`);
  const totals = new Map((await db.selectFrom('integration_rollup_span_totals').selectAll().execute()).map((row) => [Number(row.span_id), Buffer.from(row.total).toString('base64')]));
  assert.deepEqual([...totals.keys()].sort((a, b) => a - b), totalled.map((span) => Number(span.id)).sort((a, b) => a - b), `${when}: a total for each span of hours and of days, and none without its span`);
  for (const span of totalled) {
    const [start, resolution] = [Number(span.span), Number(span.resolution_ms)];
    const buckets: Uint8Array[] = [];
    forEachBucket(packed, resolution, start, span.counts, span.sketches, start, start + spanLength(packed, resolution), (bucket) => buckets.push(bucket.latency_sketch!));
    assert.equal(totals.get(Number(span.id)), mergedSketch(buckets).toString('base64'), `${when}: the total of span ${span.id} is its buckets' sketches merged`);
  }
}

/** Each integration's sketch over `segment`, merged from a read with spans (`sketches` as withSpans takes it), encoded; and how many sketches were merged. */
async function mergedOver(db: Kysely<Database>, segment: Segment, sketches: true | 'merged'): Promise<{ merged: Map<string, string>; decoded: number }> {
  const narrow: Narrow = (query) => query;
  const rows = segmentQuery(db, 'integration_rollups', segment, ['integration', 'latency_sketch'], narrow).select(['integration', 'latency_sketch']);
  const { result, merges: decoded } = await mergesDuring(async () => {
    const bySketch = new Map<string, LatencySketch>();
    for (const row of (await withSpans(db, 'integration_rollups', segment, narrow, rows, ['integration', 'latency_sketch'], { sketches }).execute()) as Array<PackedColumns & { integration: string; latency_sketch: Uint8Array }>) {
      let into = bySketch.get(row.integration);
      if (!into) bySketch.set(row.integration, (into = new LatencySketch()));
      if (!forEachPackedBucket('integration_rollups', segment, row, (bucket) => into!.mergeEncoded(bucket.latency_sketch!))) into.mergeEncoded(row.latency_sketch);
    }
    return bySketch;
  });
  return { merged: new Map([...result].map(([integration, sketch]) => [integration, Buffer.from(sketch.encode()).toString('base64')])), decoded };
}

/** Every span of both tables as stored: its key and counts, and its sketches' bytes. */
async function storedSpans(db: Kysely<Database>): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  for (const { table, sketchTable } of Object.values(PACKED_TABLES)) {
    const rows = await (db as unknown as Kysely<any>).selectFrom(table).innerJoin(sketchTable, `${sketchTable}.span_id`, `${table}.id`).selectAll().execute();
    for (const row of rows as Array<Record<string, unknown>>) {
      const { id, span_id: _span, counts, sketches, ...key } = row;
      stored.set(`${table} ${Number(id)} ${JSON.stringify({ ...key, span: Number(key['span']) })}`, `${Buffer.from(counts as Uint8Array).toString('base64')} ${Buffer.from(sketches as Uint8Array).toString('base64')}`);
    }
  }
  return stored;
}


/** Each integration's counts and sketch per bucket of its minutes and hours over the 40 days, as readers get them from rows and spans alike. */
async function integrationBuckets(db: Kysely<Database>): Promise<Map<string, string>> {
  const answer = new Map<string, string>();
  const measures = ['integration', 'volume', ...OUTCOMES, 'latency_sketch'] as const;
  const columns = ['bucket', ...measures] as const;
  for (const resolution of [MINUTE, HOUR]) {
    const segment = { resolution, from: Math.floor((NOW - 40 * DAY) / DAY) * DAY, to: Math.floor(NOW / resolution) * resolution + resolution };
    const narrow: Narrow = (query) => query;
    const rows = segmentQuery(db, 'integration_rollups', segment, measures, narrow).select([...columns]);
    const add = (integration: string, bucket: Record<string, unknown>, sketch: Uint8Array) => {
      const key = `${resolution} ${integration} ${Number(bucket['bucket'])}`;
      assert.ok(!answer.has(key), `one bucket ${key}`);
      answer.set(key, `${['volume', ...OUTCOMES].map((column) => Number(bucket[column])).join(',')} ${Buffer.from(sketch).toString('base64')}`);
    };
    for (const row of (await withSpans(db, 'integration_rollups', segment, narrow, rows, columns, { sketches: true }).execute()) as Array<PackedColumns & Record<string, unknown> & { integration: string; latency_sketch: Uint8Array }>) {
      if (!forEachPackedBucket('integration_rollups', segment, row, (bucket) => add(row.integration, bucket, bucket.latency_sketch!))) add(row.integration, row, row.latency_sketch);
    }
  }
  return answer;
}

/** The per-integration spans before migration 024: an hour of minutes, a day of hours. */
const BEFORE_024: PackedTable = { ...PACKED_TABLES.integration_rollups, spans: new Map([[MINUTE, HOUR], [TEN_MINUTES, HOUR], [HOUR, DAY], [DAY, 7 * DAY]]) };

/** What the packer of a store before migration 024 made of the settled per-integration minutes and hours: spans of the old lengths, without totals. The spans written, by tier. */
async function packTheOldWay(db: Kysely<Database>): Promise<Map<number, number>> {
  const written = new Map<number, number>();
  for (const resolution of [MINUTE, HOUR]) {
    const rows = await db
      .selectFrom('integration_rollups')
      .selectAll()
      .where('resolution_ms', '=', resolution)
      .where('compacted', '=', 1)
      .where('bucket', '<', spanStart(BEFORE_024, NOW - HOUR, resolution))
      .execute();
    const bySpan = new Map<string, Array<(typeof rows)[number]>>();
    for (const row of rows) {
      const key = `${row.integration} ${spanStart(BEFORE_024, Number(row.bucket), resolution)}`;
      bySpan.set(key, [...(bySpan.get(key) ?? []), row]);
    }
    for (const [key, own] of bySpan) {
      const [integration, span] = [key.split(' ')[0]!, Number(key.split(' ')[1])];
      const { counts, sketches } = packSpan(BEFORE_024, resolution, span, own.map((row) => ({ ...row, bucket: Number(row.bucket) })));
      const { id } = await db.insertInto('integration_rollup_spans').values({ resolution_ms: resolution, span, integration, counts }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('integration_rollup_span_sketches').values({ span_id: Number(id), sketches }).execute();
    }
    for (const row of rows) await db.deleteFrom('integration_rollups').where('id', '=', row.id).execute();
    written.set(resolution, bySpan.size);
  }
  return written;
}

for (const engine of ENGINES) {
  describe(`packed spans in the store (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
    });
    after(async () => store?.dispose());

    it('packs settled rows without changing a count or a sketch, and folds a late call into its span', async () => {
      for (const batch of [calls(3_000, NOW, 30 * DAY), calls(500, NOW, 2 * HOUR), calls(500, NOW - 10 * DAY, DAY)]) await commitRecords(store.db, batch, NOW);
      await compactAll(store.db);
      const rowsBefore = await countOf(store.db, 'call_rollups');
      const before = await everyBucket(store.db);

      const { result: packed, merges: decoded } = await mergesDuring(() => packSettled(store.db, NOW));
      assert.ok(packed > 0);
      // A day's hour span of 1,000 integrations decoded ran the compactor worker out of its heap.
      // The per-integration hours and days are merged into their span's total, one sketch at a time.
      const totalled = await store.db.selectFrom('integration_rollup_spans').select(['resolution_ms', 'counts']).where('resolution_ms', 'in', TOTALLED).execute();
      const totalledBuckets = totalled.reduce(
        (total, { resolution_ms, counts }) => total + [...packedCounts('integration_rollups', { resolution: Number(resolution_ms), from: 0, to: Infinity }, { packed_span: 0, packed_counts: counts, packed_sketches: null }, true)!.present].filter(Boolean).length,
        0,
      );
      assert.ok(totalledBuckets > 0);
      assert.equal(decoded, totalledBuckets, 'a bucket met once is written as read, never decoded; only the hours and days are merged into their span’s total');
      assert.deepEqual(await everyBucket(store.db), before, 'every bucket of every tier reads the same packed');
      const rowsAfter = await countOf(store.db, 'call_rollups');
      assert.ok(rowsAfter < rowsBefore / 5, `rows left: ${rowsAfter} of ${rowsBefore}`);
      for (const resolution of RESOLUTIONS) {
        const unpacked = await store.db
          .selectFrom('call_rollups')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('resolution_ms', '=', resolution)
          .where('bucket', '<', packedBefore(PACKED_TABLES.call_rollups, NOW, resolution))
          .executeTakeFirstOrThrow();
        assert.equal(Number(unpacked.n), 0, `no settled row left at ${resolution / MINUTE} min`);
      }
      const spans = await countOf(store.db, 'call_rollup_spans');
      assert.equal(await packSettled(store.db, NOW), 0, 'nothing left to pack');

      // Late calls into packed buckets: rows of their own beside the spans, then folded into them.
      const late = calls(400, NOW - 5 * DAY, 2 * DAY);
      await commitRecords(store.db, late, NOW);
      await compactAll(store.db);
      const withLate = await everyBucket(store.db);
      const lateDay = [...withLate.entries()].filter(([key]) => key.startsWith(`${DAY} `));
      const sum = (entries: Array<[string, string]>) => entries.reduce((total, [, value]) => total + Number(value.split(',')[0]), 0);
      assert.equal(sum(lateDay) - sum([...before.entries()].filter(([key]) => key.startsWith(`${DAY} `))), late.length, 'the day tier counts the late calls');
      const folded = await mergesDuring(() => packSettled(store.db, NOW));
      assert.ok(folded.result > 0, 'the late rows are packed');
      assert.ok(folded.merges > 0, 'a late row meeting its bucket in a span is merged into it');
      assert.deepEqual(await everyBucket(store.db), withLate, 'and read the same');
      const keys = (await store.db.selectFrom('call_rollup_spans').select(['resolution_ms', 'span', 'integration', 'operation', 'direction', 'env', 'site', 'release']).execute()).map((row) =>
        Object.values(row).join(' '),
      );
      assert.ok(keys.length > spans, 'spans for the late calls’ hours of minutes that had none');
      assert.equal(new Set(keys).size, keys.length, 'merged into the spans already there: still one a series and span');
      await assertSketchPerSpan(store.db, 'after the late calls were folded in');
    });

    it('reads a whole week of an integration’s days as its total, and answers the same as its days merged', async () => {
      await assertSketchPerSpan(store.db, 'after packing');
      // Two whole weeks, and days of the weeks on each side: spans cut by the segment's edges.
      const from = spanStart(PACKED_TABLES.integration_rollups, NOW - 25 * DAY, DAY) + 3 * DAY;
      const segment = { resolution: DAY, from, to: from + 21 * DAY };
      const byDay = await mergedOver(store.db, segment, true);
      const byWeek = await mergedOver(store.db, segment, 'merged');
      assert.equal(byDay.merged.size, INTEGRATIONS.length);
      assert.deepEqual(byWeek.merged, byDay.merged, 'the same sketch per integration');
      // Each integration: 21 days, or two whole weeks and the four and three days of the cut ones.
      assert.equal(byDay.decoded, INTEGRATIONS.length * 21);
      assert.equal(byWeek.decoded, INTEGRATIONS.length * (4 + 2 + 3), 'a whole week is one sketch');
      // Edges on the weeks' own: the first and the last week whole too.
      const weeks = { resolution: DAY, from: from - 3 * DAY, to: from - 3 * DAY + 14 * DAY };
      const [weeksByDay, weeksByWeek] = [await mergedOver(store.db, weeks, true), await mergedOver(store.db, weeks, 'merged')];
      assert.deepEqual(weeksByWeek.merged, weeksByDay.merged);
      assert.equal(weeksByWeek.decoded, INTEGRATIONS.length * 2, 'two whole weeks, two sketches');

      // Spans packed before the totals (a store upgraded): read day by day until the packer gives them theirs.
      await store.db.deleteFrom('integration_rollup_span_totals').execute();
      assert.deepEqual((await mergedOver(store.db, segment, 'merged')).merged, byDay.merged, 'the same without totals');
      const upgraded = await store.openAnother();
      try {
        assert.ok((await packSettled(upgraded.db, NOW)) > 0, 'the packer totals the spans that lack one');
        await assertSketchPerSpan(upgraded.db, 'after the packer totalled the spans');
        assert.deepEqual(await mergedOver(upgraded.db, segment, 'merged'), byWeek);
        assert.equal(await packSettled(upgraded.db, NOW), 0, 'nothing left to total');
      } finally {
        await upgraded.db.destroy();
      }
    });

    it('drops a span once all of it is past its tier’s retention', async () => {
      const config = loadConfig({ database: store.database, port: 0 }, {
        SWITCHBOARD_RETENTION_MINUTE_DAYS: '2',
        SWITCHBOARD_RETENTION_TEN_MINUTE_DAYS: '20',
        SWITCHBOARD_RETENTION_HOUR_DAYS: '25',
        SWITCHBOARD_RETENTION_DAY_DAYS: '25',
      });
      const daySpans = () => store.db.selectFrom('integration_rollup_spans').select('span').where('resolution_ms', '=', DAY).execute();
      assert.ok((await daySpans()).some((row) => Number(row.span) + 7 * DAY <= NOW - 25 * DAY), 'weeks of days wholly past 25 days before');
      const tenMinuteSpans = () =>
        store.db.selectFrom('call_rollup_spans').select(['span']).where('resolution_ms', '=', TEN_MINUTES).execute().then((rows) => rows.map((row) => Number(row.span)));
      const cutoff = NOW - 20 * DAY;
      assert.ok((await tenMinuteSpans()).some((span) => span + DAY <= cutoff), 'spans wholly past 20 days before');
      await enforceRetention(store.db, config.retention, NOW);
      const kept = await tenMinuteSpans();
      assert.ok(kept.length > 0);
      assert.ok(kept.every((span) => span + DAY > cutoff), 'none wholly past 20 days after');
      assert.ok(kept.some((span) => span < cutoff), 'the span holding the cutoff stays');
      const minutes = await store.db.selectFrom('call_rollup_spans').select(['span']).where('resolution_ms', '=', MINUTE).execute();
      assert.ok(minutes.every((row) => Number(row.span) + HOUR > NOW - 2 * DAY), 'minute spans: 2 days');
      assert.ok((await daySpans()).every((row) => Number(row.span) + 7 * DAY > NOW - 25 * DAY), 'weeks of days: 25 days, with their totals (assertSketchPerSpan)');
      // What retention kept still reads: the plan of a 10-day window covers it with the tiers kept.
      const plan = planWindow({ from: NOW - 10 * DAY, to: NOW }, { now: NOW, retentionMs: config.retention.rollupMs });
      const rows = await readRollups(store.db, plan.segments, { filters: {} });
      assert.ok(rows.reduce((total, row) => total + Number(row.volume), 0) > 0);
      await assertSketchPerSpan(store.db, 'after retention');
    });

    it('upgrades a store of migration 020 (sketches in the span rows) without changing a span, from a start stopped midway too, and packs on after it', async () => {
      // What a store of migration 020 held: the spans the packer makes, with their sketches in the same row.
      const source = await engine.open();
      const old = await engine.open({ migrateTo: '020_rollup_spans' });
      try {
        await commitRecords(source.db, calls(600, NOW, 4 * DAY), NOW);
        await compactAll(source.db);
        assert.ok((await packSettled(source.db, NOW)) > 0);
        const spans = await storedSpans(source.db);
        for (const { table, sketchTable } of Object.values(PACKED_TABLES)) {
          const rows = (await (source.db as unknown as Kysely<any>).selectFrom(table).innerJoin(sketchTable, `${sketchTable}.span_id`, `${table}.id`).selectAll().execute()) as Array<Record<string, unknown>>;
          assert.ok(rows.length > 0, `${table} has spans to carry over`);
          for (let start = 0; start < rows.length; start += 100) {
            await (old.db as unknown as Kysely<any>)
              .insertInto(table)
              .values(rows.slice(start, start + 100).map(({ span_id: _span, ...row }) => row))
              .execute();
          }
          // The ids were the old store's sequence's own (given here, they moved SQLite's but not PostgreSQL's).
          if (engine.name === 'postgres') await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(old.db);
        }
        // The recent rows not packed yet stay behind: both stores then hold the spans alone.
        await source.db.deleteFrom('call_rollups').execute();
        await source.db.deleteFrom('integration_rollups').execute();
        const expected = await everyBucket(source.db);
        assert.ok(expected.size > 0);

        if (engine.name === 'sqlite') {
          // A start that stops midway (here: a span refused as the move takes it out) leaves a store the next start finishes.
          const file = new SQLite(old.file!);
          file.exec(`create trigger interrupt before delete on call_rollup_spans begin select raise(abort, 'interrupted'); end`);
          file.close();
          await assert.rejects(old.openAnother(), /interrupted/);
          const half = new SQLite(old.file!);
          const names = half.prepare(`select name from sqlite_master where type = 'table'`).all().map((row) => (row as { name: string }).name);
          assert.ok(names.includes('call_rollup_spans_020') && names.includes('call_rollup_span_sketches'), `stopped after the first step: ${names.join(', ')}`);
          half.exec('drop trigger interrupt');
          half.close();
        }
        const upgraded = await old.openAnother();
        try {
          assert.deepEqual(await storedSpans(upgraded.db), spans, 'every span keeps its id, key, counts and sketches byte for byte');
          assert.deepEqual(await everyBucket(upgraded.db), expected, 'and reads the same');
          // The packer goes on: new spans get ids after the old ones, each with its sketches.
          const newest = Math.max(...[...spans.keys()].map((key) => Number(key.split(' ')[1])));
          await commitRecords(upgraded.db, calls(300, NOW, 2 * DAY), NOW);
          await compactAll(upgraded.db);
          assert.ok((await packSettled(upgraded.db, NOW)) > 0);
          const after = await storedSpans(upgraded.db);
          assert.ok([...after.keys()].some((key) => Number(key.split(' ')[1]) > newest), 'spans written after the upgrade');
          await assertSketchPerSpan(upgraded.db, 'after packing on the upgraded store');
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await old.dispose();
        await source.dispose();
      }
    });

    it('cuts an upgraded store’s spans of an hour of minutes and a day of hours (migration 024) without changing a bucket, from a start stopped midway too', async () => {
      const old = await engine.open({ migrateTo: '023_span_totals' });
      try {
        await commitRecords(old.db, calls(1_500, NOW, 5 * DAY), NOW);
        await compactAll(old.db);
        const expected = await integrationBuckets(old.db);
        const spans = await packTheOldWay(old.db);
        assert.ok(spans.get(MINUTE)! > 0 && spans.get(HOUR)! > 0, 'old spans of minutes and of hours to cut');

        if (engine.name === 'sqlite') {
          // Stopped in its first pass: nothing of it kept but where it began.
          const file = new SQLite(old.file!);
          file.exec(`create trigger interrupt before delete on integration_rollup_span_sketches begin select raise(abort, 'interrupted'); end`);
          file.close();
          await assert.rejects(old.openAnother(), /interrupted/);
          const half = new SQLite(old.file!);
          assert.equal((half.prepare('select count(*) as n from migration_024_progress').get() as { n: number }).n, 1, 'where it began is recorded');
          half.exec('drop trigger interrupt');
          half.close();
        }
        const upgraded = await old.openAnother();
        try {
          assert.deepEqual(await integrationBuckets(upgraded.db), expected, 'every bucket of the minutes and hours reads the same, counts and sketch');
          const packed = PACKED_TABLES.integration_rollups;
          const stored = await upgraded.db.selectFrom('integration_rollup_spans').select(['resolution_ms', 'span', 'counts']).where('resolution_ms', 'in', [MINUTE, HOUR]).execute();
          assert.ok(stored.length > spans.get(MINUTE)! + spans.get(HOUR)!, 'cut into more spans');
          for (const { resolution_ms, span, counts } of stored) {
            const resolution = Number(resolution_ms);
            assert.equal(Number(span) % spanLength(packed, resolution), 0, 'each span starts on its new length');
            forEachBucket(packed, resolution, Number(span), counts, null, 0, Infinity, (bucket) => assert.ok(bucket.bucket < Number(span) + spanLength(packed, resolution), 'and holds only its own buckets'));
          }
          await assert.rejects(sql`select count(*) from migration_024_progress`.execute(upgraded.db), /no such table|does not exist/, 'its progress table is gone once it is done');
          // The packer goes on over the upgraded store: the rest packed, every span with its sketches, hours and days with their totals.
          assert.ok((await packSettled(upgraded.db, NOW)) > 0);
          await assertSketchPerSpan(upgraded.db, 'after the upgrade and the packer');
          assert.deepEqual(await integrationBuckets(upgraded.db), expected, 'and still reads the same');
          // A day's edge of hours as totals: the same sketch as its hours merged, fewer merged.
          const day = Math.floor((NOW - 3 * DAY) / DAY) * DAY;
          const edge = { resolution: HOUR, from: day, to: day + 19 * HOUR };
          const [byHour, byTotal] = [await mergedOver(upgraded.db, edge, true), await mergedOver(upgraded.db, edge, 'merged')];
          assert.deepEqual(byTotal.merged, byHour.merged);
          assert.equal(byHour.decoded, INTEGRATIONS.length * 19);
          assert.equal(byTotal.decoded, INTEGRATIONS.length * (3 + 1), 'three whole spans of six hours as their totals, and the one hour after them');
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await old.dispose();
      }
    });
  });
}
