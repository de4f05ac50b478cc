/**
 * Storage: bytes on disk per raw record and per rollup row of each tier, on both engines, and
 * what one integration costs for a year at one call a second over 10 operations with the default
 * retention. Baseline, same run, same engine: the schema as migration 007 left it (before the
 * storage work of migration 009), written through the same code.
 *
 * Raw records are simulator calls written through the ingest's own commit (`commitRecords`: raw
 * rows, partial minute rollups, integrations seen), then compacted (the baseline: the same raw rows
 * alone, the commit writing tables migration 007 did not have). Rollup rows are written per
 * tier with the product's row layout and bulk insert: 10 operations of one integration (and, after
 * migration 008, the integration's own row of each bucket, their sum), each
 * bucket holding what one call a second spread over the operations puts there (6 calls a
 * minute per operation, 60 per ten minutes, …), latencies from a lognormal per operation, a
 * sketch built by LatencySketch. Sizes: SQLite pages per table and index (dbstat) after a WAL
 * checkpoint, and the file; PostgreSQL pg_table_size and pg_relation_size of every partition
 * and index partition, after VACUUM. Beside them, the same kind of rollup rows packed a span to a
 * row: by the product's packer into its span tables (src/rollup/pack.ts, what a store keeps once
 * the spans settle), and by support/packed-spans.ts in two forms (sketches as they are, and
 * deflated), with what a reader pays per bucket of each.
 */
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.js';
import { RECORD_COLUMNS, commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { OUTCOMES } from '../src/common/outcome.js';
import { compactAll } from '../src/rollup/compact.js';
import { packTable } from '../src/rollup/pack.js';
import { PACKED_TABLES, packs, spanLength, totalsTable } from '../src/rollup/spans.js';
import { LatencySketch } from '../src/rollup/sketch.js';
import { CALL_ROLLUPS, INTEGRATION_ROLLUPS, columnsOf, entryIn, mergeInto, rowOf, type RollupEntry } from '../src/rollup/tables.js';
import { DAY, HOUR, MINUTE, RESOLUTIONS, TEN_MINUTES, floorTo } from '../src/rollup/tiers.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { bulkInsert, receivedRows } from '../src/store/bulk-insert.js';
import { chunksOf, rowsPerStatement } from '../src/store/chunks.js';
import { openDatabase } from '../src/store/open.js';
import { daysOfRows, ensureDays } from '../src/store/partitions.js';
import type { Database } from '../src/store/schema.js';
import { spanLayout, type Folded } from './support/packed-spans.js';
import { bucketIndex, Encoder } from './support/rollup-data.js';
import { seededRandom } from './support/stats.js';
import { createStore, withPgClient, type BenchStore, type EngineName } from './support/stores.js';
import { fixed, int, ratioText, table } from './support/format.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const RECORDS = Number(process.env.SWITCHBOARD_BENCH_STORAGE_RECORDS ?? 100_000);
const BATCH = 1_000;
const OPERATIONS = 10;
/**
 * Integrations the rollup rows are spread over (each with the same 10 operations): a day
 * partition's fixed pages (PostgreSQL) are then shared by many rows, as in a real store.
 */
const INTEGRATIONS = 10;
/** Rows written per tier: enough pages that a page's slack is noise. */
const ROWS_PER_TIER: Record<number, number> = { [MINUTE]: 30_000, [TEN_MINUTES]: 20_000, [HOUR]: 20_000, [DAY]: 3_000 };
const CALLS_PER_SECOND = 1;
const YEAR = 365 * DAY;
/** The issue's target for rollups, per integration-year. */
const ROLLUP_TARGET_BYTES = 20 * 1024 * 1024;

/** The schema before the storage work; `undefined`: the current one. */
const VARIANTS = [
  { name: 'before', migrateTo: '007_partial_rollups' as string | undefined },
  { name: 'after', migrateTo: undefined },
] as const;

interface Sizes {
  /** Bytes per table, its indexes and TOAST included (partitions summed into their parent's name). */
  tables: Record<string, number>;
  /** Bytes per index of `records` and `call_rollups`. */
  indexes: Record<string, number>;
  /** SQLite: the file (+ WAL, checkpointed); PostgreSQL: every relation of the schema. */
  total: number;
}

/** The leaf relations of c: its partitions' (pg_partition_tree lists nothing for a plain relation), or itself. */
const LEAVES = `(select relid as oid from pg_partition_tree(c.oid) where isleaf union all select c.oid where c.relkind in ('r', 'i'))`;

async function measure(store: BenchStore, db: Kysely<Database>): Promise<Sizes> {
  if (store.engine === 'sqlite') {
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    const rows = (
      await sql<{ name: string; tbl: string; type: string; bytes: number }>`
        select s.name as name, m.tbl_name as tbl, m.type as type, sum(s.pgsize) as bytes
        from dbstat s join sqlite_master m on m.name = s.name group by s.name`.execute(db)
    ).rows;
    const tables: Record<string, number> = {};
    const indexes: Record<string, number> = {};
    for (const row of rows) {
      tables[row.tbl] = (tables[row.tbl] ?? 0) + Number(row.bytes);
      if (row.type === 'index' && (row.tbl === 'records' || row.tbl === 'call_rollups')) indexes[row.name] = Number(row.bytes);
    }
    return { tables, indexes, total: await store.sizeBytes() };
  }
  return withPgClient(async (client) => {
    await client.query('vacuum');
    // Every leaf relation under each top-level table (a plain table is its own leaf).
    const tableRows = await client.query<{ name: string; bytes: string }>(
      `select c.relname as name, sum(pg_total_relation_size(leaf.oid)) as bytes
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         cross join lateral ${LEAVES} leaf
        where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
        group by c.relname`,
    );
    const indexRows = await client.query<{ name: string; bytes: string }>(
      `select c.relname as name, sum(pg_relation_size(leaf.oid)) as bytes
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         join pg_index i on i.indexrelid = c.oid join pg_class tc on tc.oid = i.indrelid
         cross join lateral ${LEAVES} leaf
        where n.nspname = current_schema() and c.relkind in ('i', 'I') and not c.relispartition
          and tc.relname in ('records', 'call_rollups')
        group by c.relname`,
    );
    const tables = Object.fromEntries(tableRows.rows.map((r) => [r.name, Number(r.bytes)]));
    return {
      tables,
      indexes: Object.fromEntries(indexRows.rows.map((r) => [r.name, Number(r.bytes)])),
      total: Object.values(tables).reduce((a, b) => a + b, 0),
    };
  }, store.schema);
}

/** Simulator calls of the last hours, normalised as the ingest route leaves them. */
function simulatorCalls(count: number, now: number): NormalizedRecord[] {
  const simulator = createSimulator({ scale: 40 });
  let calls: NormalizedRecord[] = [];
  for (let hours = 1; hours <= 24 && calls.length < count; hours *= 2) {
    const config = loadConfig({}, {});
    const bounds = { notBefore: now - config.retention.rawMs, notAfter: now + config.ingest.maxClockSkewMs };
    calls = [];
    for (const record of simulator.generate(now - hours * HOUR, now)) {
      if (record.kind !== 'call') continue;
      const result = normalizeRecord(record, bounds);
      if (!result.ok) throw new Error(`a simulator call does not validate: ${result.error}`);
      calls.push(result.record);
    }
  }
  if (calls.length < count) throw new Error(`the simulator gave ${calls.length} calls in 24 hours; ${count} needed`);
  return calls.slice(calls.length - count);
}

/**
 * Compacted call rollup rows of one tier for INTEGRATIONS × 10 operations, ending at `now`.
 * Each row's sketch comes twice: as the product encodes it, and in the sparse form alone, as the
 * code before migration 009 did (the baseline). With them, each integration's row of each bucket
 * (the per-integration rollups: the sum of its operations' rows, as ingest and the compactor keep it).
 */
function tierRows(resolution: number, rows: number, now: number, random: () => number): { current: unknown[][]; sparse: unknown[][]; integration: unknown[][] } {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const operations = Array.from({ length: OPERATIONS }, (_, i) => ({
    operation: `operation.${i}`,
    median: 40 * Math.exp(0.8 * gauss()),
    sigma: 0.3 + 0.4 * random(),
  }));
  const callsPerBucket = (CALLS_PER_SECOND * resolution) / 1000 / OPERATIONS;
  const buckets = Math.ceil(rows / OPERATIONS / INTEGRATIONS);
  const last = floorTo(now, resolution);
  const entries = new Map<string, RollupEntry>();
  const sketchAt = columnsOf(CALL_ROLLUPS).indexOf('latency_sketch');
  const encoder = new Encoder();
  const current: unknown[][] = [];
  const sparse: unknown[][] = [];
  const integration: unknown[][] = [];
  for (let b = 0; b < buckets; b++) {
    const bucket = last - (buckets - 1 - b) * resolution;
    for (let i = 0; i < INTEGRATIONS; i++) {
      const total = entryIn(new Map(), INTEGRATION_ROLLUPS, { integration: `storage-partner-${i}` }, resolution, bucket);
      for (const op of operations) {
        const series = { integration: `storage-partner-${i}`, operation: op.operation, direction: 'outbound', env: 'production', site: '', release: '' };
        const entry = entryIn(entries, CALL_ROLLUPS, series, resolution, bucket);
        // Poisson-like spread around the mean for fine buckets, the mean itself for coarse ones.
        const calls = callsPerBucket < 100 ? Math.max(0, Math.round(callsPerBucket + Math.sqrt(callsPerBucket) * gauss())) : Math.round(callsPerBucket);
        const sketch = entry.latency_sketch as LatencySketch;
        const histogram = new Map<number, number>();
        for (let c = 0; c < calls; c++) {
          const failed = random() < 0.01;
          const outcome = failed ? OUTCOMES[1 + Math.floor(random() * (OUTCOMES.length - 1))]! : 'ok';
          entry.volume = (entry.volume as number) + 1;
          entry[outcome] = (entry[outcome] as number) + 1;
          const latency = op.median * Math.exp(op.sigma * gauss()) * (random() < 0.01 ? 5 : 1);
          sketch.add(latency);
          histogram.set(bucketIndex(latency), (histogram.get(bucketIndex(latency)) ?? 0) + 1);
        }
        const row = rowOf(CALL_ROLLUPS, entry, 1);
        current.push(row);
        mergeInto(INTEGRATION_ROLLUPS, total, entry);
        encoder.start();
        for (const index of [...histogram.keys()].sort((x, y) => x - y)) encoder.bucket(index, histogram.get(index)!);
        sparse.push(row.map((value, i) => (i === sketchAt ? encoder.finish() : value)));
        entries.clear();
      }
      integration.push(rowOf(INTEGRATION_ROLLUPS, total, 1));
    }
  }
  return { current, sparse, integration };
}

/** Buckets of each tier one series keeps after `ageMs` of history with the default retention. */
function bucketsKept(ageMs: number): Record<number, number> {
  const retention = loadConfig({}, {}).retention;
  return Object.fromEntries(RESOLUTIONS.map((r) => [r, Math.min(ageMs, retention.rollupMs[r]!) / r]));
}

/** Bytes a bucket of a series costs in each tier: a call series (integration × operation …), and an integration's own. */
interface BucketBytes {
  call: Record<number, number>;
  integration: Record<number, number>;
}

/** Rollups of one integration (its 10 operations' call series and its own) over `ageMs`. */
function rollupBytesOver(ageMs: number, bytes: BucketBytes): { call: number; integration: number } {
  const kept = Object.entries(bucketsKept(ageMs));
  return {
    call: kept.reduce((sum, [r, n]) => sum + OPERATIONS * n * bytes.call[Number(r)]!, 0),
    integration: kept.reduce((sum, [r, n]) => sum + n * bytes.integration[Number(r)]!, 0),
  };
}

const total = (bytes: { call: number; integration: number }) => bytes.call + bytes.integration;

interface VariantResult {
  engine: EngineName;
  variant: string;
  records: number;
  bytesPerRecord: number;
  recordIndexes: Record<string, number>;
  /** Bytes per rollup row, by resolution (per-integration rows: 0 before migration 008 had them). */
  bytesPerRow: BucketBytes;
  rollupIndexes: Record<string, number>;
  sketchBytesPerRow: Record<number, number>;
  /** Bytes per integration-year (one call a second, 10 operations, default retention). */
  rawPerYear: number;
  rollupsPerYear: { call: number; integration: number };
  rollupsSteady: { call: number; integration: number };
  /** The whole store after the raw phase (file or schema). */
  storeBytes: number;
  /** The packed layout under consideration (support/packed-spans.ts), measured beside the current one: as it is, and with each span's sketches deflated. */
  spans?: { plain: SpanSizes; deflated: SpanSizes; product: ProductSpans };
}

interface SpanSizes {
  /** Bytes per bucket of a series (what a row of the current layout holds), by resolution. */
  bytesPerBucket: BucketBytes;
  /**
   * A reader's work in the server per bucket of a call series, by resolution (µs, median of 5):
   * its calls counted and its sketch merged, from the spans and (`rows`) from the same rows as
   * the product stores them now. The store's own reading is not in it.
   */
  foldMicros: { spans: Record<number, number>; rows: Record<number, number> };
  rollupsPerYear: { call: number; integration: number };
  rollupsSteady: { call: number; integration: number };
}

/** The product's packed spans: their sizes, and how fast its packer turns rows into them (the conversion of an upgraded store). */
type ProductSpans = Omit<SpanSizes, 'foldMicros'> & { packedRowsPerSecond: number };

/** Whole spans written per tier: 5 hours of minutes, 2 days of ten minutes, 2 weeks of hours, 30 days of days. */
const SPANS_PER_TIER: Record<number, number> = { [MINUTE]: 5, [TEN_MINUTES]: 2, [HOUR]: 2, [DAY]: 1 };

/**
 * The same kind of rows as the current layout's (call and per-integration), packed a span to a
 * row, written tier by tier and measured as what each adds. Every span is unpacked again and
 * compared with its rows.
 */
async function measureSpans(engine: EngineName, now: number, context: BenchContext, deflate: boolean): Promise<SpanSizes> {
  const store = await createStore(engine, deflate ? 'storage-spans-deflated' : 'storage-spans');
  try {
    const opened = await openVariant(store, undefined);
    const db = opened.db as unknown as Kysely<any>;
    const layouts = { call: spanLayout(CALL_ROLLUPS), integration: spanLayout(INTEGRATION_ROLLUPS) };
    for (const layout of Object.values(layouts)) await layout.create(db, engine);
    const random = seededRandom(12);
    const bytesPerBucket: BucketBytes = { call: {}, integration: {} };
    const foldMicros: SpanSizes['foldMicros'] = { spans: {}, rows: {} };
    let previous = await measure(store, opened.db);
    for (const resolution of RESOLUTIONS) {
      // Whole spans of the call series, the longer ones: whole per-integration spans too.
      const spanMs = spanLength(PACKED_TABLES.call_rollups, resolution);
      const buckets = (SPANS_PER_TIER[resolution]! * spanMs) / resolution;
      // The last bucket ends on a span boundary, so every span is whole.
      const rows = tierRows(resolution, buckets * OPERATIONS * INTEGRATIONS, floorTo(now, spanMs) - resolution, random);
      for (const [kind, source] of [['call', rows.current], ['integration', rows.integration]] as const) {
        const layout = layouts[kind];
        const packed = layout.pack(source, resolution, deflate);
        const key = (row: unknown[]) => JSON.stringify(row.map((value) => (Buffer.isBuffer(value) ? value.toString('base64') : value)));
        const back = packed.flatMap((span) => layout.unpack(span, deflate)).map(key).sort();
        const expected = source.map(key).sort();
        if (back.length !== expected.length || back.some((row, i) => row !== expected[i])) throw new Error(`packed ${layout.table} of the ${resolution} ms tier do not unpack to their rows`);
        for (const chunk of chunksOf(packed, rowsPerStatement(layout.columns.length))) {
          await db.insertInto(layout.table).values(chunk.map((row) => Object.fromEntries(layout.columns.map((column, i) => [column, row[i]])))).execute();
        }
        if (kind === 'call') {
          const perBucket = (fold: (into: Folded) => void) => {
            const times: number[] = [];
            for (let round = 0; round < 5; round++) {
              const started = performance.now();
              fold({ volume: 0, sketch: new LatencySketch() });
              times.push(((performance.now() - started) * 1000) / source.length);
            }
            return times.sort((a, b) => a - b)[2]!;
          };
          foldMicros.spans[resolution] = perBucket((into) => packed.forEach((span) => layout.fold(span, deflate, into)));
          foldMicros.rows[resolution] = perBucket((into) => layout.foldRows(source, into));
        }
        const after = await measure(store, opened.db);
        bytesPerBucket[kind][resolution] = ((after.tables[layout.table] ?? 0) - (previous.tables[layout.table] ?? 0)) / source.length;
        previous = after;
        context.log(
          `  ${engine} ${layout.table}${deflate ? ', sketches deflated' : ''}, ${resolution / MINUTE} min tier: ${int(packed.length)} spans of ${int(source.length)} rows, ${fixed(bytesPerBucket[kind][resolution]!, 1)} B a bucket`,
        );
      }
    }
    await opened.db.destroy();
    return { bytesPerBucket, foldMicros, rollupsPerYear: rollupBytesOver(YEAR, bytesPerBucket), rollupsSteady: rollupBytesOver(Infinity, bytesPerBucket) };
  } finally {
    await store.dispose();
  }
}

/**
 * The layout the product keeps (src/rollup/spans.ts): the same whole spans' rows written as the
 * compactor leaves them, then packed by the product's own packer (`packTable`, at a time when every
 * span has settled), and the span tables measured as what each tier adds. Every row must be
 * packed: none may be left behind as a row.
 */
async function measureProductSpans(engine: EngineName, now: number, context: BenchContext): Promise<ProductSpans> {
  const store = await createStore(engine, 'storage-spans-product');
  try {
    const opened = await openVariant(store, undefined);
    const random = seededRandom(12);
    const bytesPerBucket: BucketBytes = { call: {}, integration: {} };
    const packMs: BucketBytes = { call: {}, integration: {} };
    const settled = now + 60 * DAY;
    let packedRows = 0;
    let previous = await measure(store, opened.db);
    for (const resolution of RESOLUTIONS) {
      const length = spanLength(PACKED_TABLES.call_rollups, resolution);
      const buckets = (SPANS_PER_TIER[resolution]! * length) / resolution;
      const rows = tierRows(resolution, buckets * OPERATIONS * INTEGRATIONS, floorTo(now, length) - resolution, random);
      for (const [kind, name, source] of [['call', 'call_rollups', rows.current], ['integration', 'integration_rollups', rows.integration]] as const) {
        packedRows += source.length;
        const columns = columnsOf(PACKED_TABLES[name].rollups);
        const { parents, days } = daysOfRows(name, columns, source);
        await ensureDays(opened.db, parents, days);
        for (const chunk of chunksOf(source, 5_000)) await opened.db.transaction().execute((tx) => bulkInsert(tx, name, columns, chunk));
        const started = performance.now();
        let packed = 0;
        for (let pass = await packTable(opened.db, name, resolution, settled); pass > 0; pass = await packTable(opened.db, name, resolution, settled)) packed += pass;
        packMs[kind][resolution] = performance.now() - started;
        // A tier the product keeps as rows (the per-integration hours): what its rows add.
        const kept = packs(PACKED_TABLES[name], resolution) ? PACKED_TABLES[name].table : name;
        if (kept !== name && packed !== source.length) throw new Error(`the packer packed ${packed} of ${source.length} ${name} rows of the ${resolution} ms tier`);
        if (kept === name) packedRows -= source.length;
        const spanTable = kept;
        // A packed tier's bytes: its span rows, their sketches' rows (apart since migration 021) and their totals' (the integrations' days, since 023).
        const totals = totalsTable(PACKED_TABLES[name], resolution);
        const measured = kept === name ? [name] : [PACKED_TABLES[name].table, PACKED_TABLES[name].sketchTable, ...(totals === undefined ? [] : [totals])];
        const after = await measure(store, opened.db);
        bytesPerBucket[kind][resolution] = measured.reduce((sum, table) => sum + (after.tables[table] ?? 0) - (previous.tables[table] ?? 0), 0) / source.length;
        previous = after;
        context.log(
          `  ${engine} ${spanTable} (the product's packer), ${resolution / MINUTE} min tier: ${int(source.length)} rows, ${fixed(bytesPerBucket[kind][resolution]!, 1)} B a bucket${spanTable === name ? ' (kept as rows)' : `, packed at ${int(source.length / (packMs[kind][resolution]! / 1000))} rows/s`}`,
        );
      }
    }
    await opened.db.destroy();
    const ms = RESOLUTIONS.reduce((sum, r) => sum + packMs.call[r]! + packMs.integration[r]!, 0);
    return { bytesPerBucket, rollupsPerYear: rollupBytesOver(YEAR, bytesPerBucket), rollupsSteady: rollupBytesOver(Infinity, bytesPerBucket), packedRowsPerSecond: packedRows / (ms / 1000) };
  } finally {
    await store.dispose();
  }
}

async function openVariant(store: BenchStore, migrateTo: string | undefined) {
  return store.engine === 'sqlite'
    ? openDatabase(store.file!, migrateTo ? { migrateTo } : {})
    : openDatabase(store.database.split('?')[0]!, { schema: store.schema!, ...(migrateTo ? { migrateTo } : {}) });
}

async function runVariant(engine: EngineName, variant: (typeof VARIANTS)[number], context: BenchContext, calls: NormalizedRecord[], now: number): Promise<VariantResult> {
  const rawStore = await createStore(engine, `storage-raw-${variant.name}`);
  const rollupStore = await createStore(engine, `storage-rollups-${variant.name}`);
  try {
    // Raw records through the ingest's commit.
    const raw = await openVariant(rawStore, variant.migrateTo);
    const empty = await measure(rawStore, raw.db);
    for (let start = 0; start < calls.length; start += BATCH) {
      const batch = calls.slice(start, start + BATCH);
      // The commit writes rollup tables migration 007 did not have yet; the baseline gets the same
      // raw rows in the same order, which is all its records table holds.
      if (variant.migrateTo) await raw.db.transaction().execute((tx) => bulkInsert(tx, 'records', RECORD_COLUMNS, receivedRows(batch, RECORD_COLUMNS, now)));
      else await commitRecords(raw.db, batch, now);
    }
    if (!variant.migrateTo) await compactAll(raw.db);
    const filled = await measure(rawStore, raw.db);
    await raw.db.destroy();
    const recordBytes = (filled.tables.records ?? 0) - (empty.tables.records ?? 0);
    context.log(`  ${engine} ${variant.name}: ${int(calls.length)} records, ${fixed(recordBytes / calls.length, 1)} B each`);

    // Rollup rows, tier by tier, each measured as what it adds.
    const rollups = await openVariant(rollupStore, variant.migrateTo);
    const random = seededRandom(11);
    const bytesPerRow: BucketBytes = { call: {}, integration: {} };
    const sketchBytesPerRow: Record<number, number> = {};
    const columns = columnsOf(CALL_ROLLUPS);
    const integrationColumns = columnsOf(INTEGRATION_ROLLUPS);
    // Before migration 008 there were no per-integration rows.
    const perIntegration = variant.name === 'after';
    const tierData = RESOLUTIONS.map((resolution) => {
      const { current, sparse, integration } = tierRows(resolution, ROWS_PER_TIER[resolution]!, now, random);
      return { resolution, rows: perIntegration ? current : sparse, integration: perIntegration ? integration : [] };
    });
    // Empty day partitions first (PostgreSQL): their fixed pages are shared by every integration
    // of a real store, not a cost of these rows.
    for (const { rows } of tierData) {
      const { parents, days } = daysOfRows('call_rollups', columns, rows);
      await ensureDays(rollups.db, parents, days);
    }
    let previous = await measure(rollupStore, rollups.db);
    for (const { resolution, rows, integration } of tierData) {
      const sketchColumn = columns.indexOf('latency_sketch');
      sketchBytesPerRow[resolution] = rows.reduce((sum, row) => sum + (row[sketchColumn] as Buffer).length, 0) / rows.length;
      for (let start = 0; start < rows.length; start += 5_000) {
        await rollups.db.transaction().execute((tx) => bulkInsert(tx, 'call_rollups', columns, rows.slice(start, start + 5_000)));
      }
      let after = await measure(rollupStore, rollups.db);
      bytesPerRow.call[resolution] = ((after.tables.call_rollups ?? 0) - (previous.tables.call_rollups ?? 0)) / rows.length;
      previous = after;
      bytesPerRow.integration[resolution] = 0;
      if (integration.length === 0) continue;
      await rollups.db.transaction().execute((tx) => bulkInsert(tx, 'integration_rollups', integrationColumns, integration));
      after = await measure(rollupStore, rollups.db);
      bytesPerRow.integration[resolution] = ((after.tables.integration_rollups ?? 0) - (previous.tables.integration_rollups ?? 0)) / integration.length;
      previous = after;
    }
    await rollups.db.destroy();
    const retention = loadConfig({}, {}).retention;
    return {
      engine,
      variant: variant.name,
      records: calls.length,
      bytesPerRecord: recordBytes / calls.length,
      recordIndexes: Object.fromEntries(Object.entries(filled.indexes).filter(([name]) => name.startsWith('records')).map(([name, bytes]) => [name, bytes / calls.length])),
      bytesPerRow,
      rollupIndexes: Object.fromEntries(Object.entries(previous.indexes).filter(([name]) => name.startsWith('call_rollups'))),
      sketchBytesPerRow,
      rawPerYear: (recordBytes / calls.length) * CALLS_PER_SECOND * (Math.min(YEAR, retention.rawMs) / 1000),
      rollupsPerYear: rollupBytesOver(YEAR, bytesPerRow),
      rollupsSteady: rollupBytesOver(Infinity, bytesPerRow),
      storeBytes: filled.total,
      ...(variant.name === 'after' ? { spans: { plain: await measureSpans(engine, now, context, false), deflated: await measureSpans(engine, now, context, true), product: await measureProductSpans(engine, now, context) } } : {}),
    };
  } finally {
    await rawStore.dispose();
    await rollupStore.dispose();
  }
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export const storageBenchmark: Benchmark = {
  name: 'storage',
  title: 'Storage: bytes per raw record, per rollup row, per integration-year',
  async run(context: BenchContext): Promise<BenchResult> {
    const now = floorTo(Date.now(), MINUTE);
    const calls = simulatorCalls(RECORDS, now);
    const results: VariantResult[] = [];
    for (const engine of context.engines) {
      for (const variant of VARIANTS) results.push(await runVariant(engine, variant, context, calls, now));
    }
    const sections: BenchResult['sections'] = [];
    const targets: Target[] = [];
    const tierNames: Record<number, string> = { [MINUTE]: 'minute', [TEN_MINUTES]: 'ten-minute', [HOUR]: 'hour', [DAY]: 'day' };
    sections.push({
      title: `Bytes per raw record (${int(RECORDS)} simulator calls, through commitRecords after and as raw rows alone before), per call rollup row and per per-integration row, by tier`,
      text: table(
        ['engine', 'schema', 'raw record', ...RESOLUTIONS.map((r) => `${tierNames[r]} row`), 'sketch (min/10m/h/d)', 'per-integration row (min/10m/h/d)'],
        results.map((r) => [
          r.engine,
          r.variant,
          fixed(r.bytesPerRecord, 1),
          ...RESOLUTIONS.map((res) => fixed(r.bytesPerRow.call[res]!, 1)),
          RESOLUTIONS.map((res) => fixed(r.sketchBytesPerRow[res]!, 0)).join(' / '),
          RESOLUTIONS.map((res) => fixed(r.bytesPerRow.integration[res]!, 0)).join(' / '),
        ]),
      ),
    });
    sections.push({
      title: 'Per integration-year at 1 call/s over 10 operations, default retention (raw 30 d, minute 8 d, ten-minute 35 d, hour 400 d, day 1830 d)',
      text: table(
        ['engine', 'schema', 'raw (30 d)', 'call rollups, 1st year', 'per-integration', 'rollups, 1st year', 'rollups, steady (5 y)', 'raw ratio', 'rollup ratio'],
        results.map((r) => {
          const before = results.find((b) => b.engine === r.engine && b.variant === 'before')!;
          return [
            r.engine,
            r.variant,
            MB(r.rawPerYear),
            MB(r.rollupsPerYear.call),
            MB(r.rollupsPerYear.integration),
            MB(total(r.rollupsPerYear)),
            MB(total(r.rollupsSteady)),
            ratioText(r.rawPerYear / before.rawPerYear),
            ratioText(total(r.rollupsPerYear) / total(before.rollupsPerYear)),
          ];
        }),
      ),
    });
    const withSpans = results.filter((r) => r.spans);
    if (withSpans.length > 0) {
      sections.push({
        title:
          "Packed a span to a row (an hour of minutes, a day of ten minutes, a week of hours, 30 days of days): by the product's packer (call sketches deflated, per-integration as they are), and both forms by this benchmark's writer; bytes per bucket of a call series (per-integration: min/10m/h/d)",
        text: table(
          ['engine', 'sketches', ...RESOLUTIONS.map((r) => `${tierNames[r]} bucket`), 'per-integration bucket', 'call rollups, 1st year', 'per-integration', 'rollups, 1st year', 'rollups, steady (5 y)', 'against a row a bucket'],
          withSpans.flatMap((r) =>
            (['product', 'plain', 'deflated'] as const).map((form) => {
              const spans = r.spans![form];
              return [
                r.engine,
                { product: "the product's packer", plain: 'as they are', deflated: 'deflated a span at a time' }[form],
                ...RESOLUTIONS.map((res) => fixed(spans.bytesPerBucket.call[res]!, 1)),
                RESOLUTIONS.map((res) => fixed(spans.bytesPerBucket.integration[res]!, 0)).join(' / '),
                MB(spans.rollupsPerYear.call),
                MB(spans.rollupsPerYear.integration),
                MB(total(spans.rollupsPerYear)),
                MB(total(spans.rollupsSteady)),
                ratioText(total(spans.rollupsPerYear) / total(r.rollupsPerYear)),
              ];
            }),
          ),
        ),
      });
    }
    if (withSpans.length > 0) {
      sections.push({
        title: "A reader's work in the server per bucket of a call series (µs, median of 5): its calls counted and its sketch merged, from packed spans against the rows as stored now (min / 10m / h / d)",
        text: table(
          ['engine', 'rows as now', 'packed', 'packed, sketches deflated'],
          withSpans.map((r) => [
            r.engine,
            RESOLUTIONS.map((res) => fixed(r.spans!.plain.foldMicros.rows[res]!, 2)).join(' / '),
            RESOLUTIONS.map((res) => fixed(r.spans!.plain.foldMicros.spans[res]!, 2)).join(' / '),
            RESOLUTIONS.map((res) => fixed(r.spans!.deflated.foldMicros.spans[res]!, 2)).join(' / '),
          ]),
        ),
      });
    }
    if (withSpans.length > 0) {
      sections.push({
        title: "The product's packer: rows packed a second (every tier of both tables, a pass at a time in one process, as an upgraded store is converted)",
        text: withSpans.map((r) => `${r.engine}: ${int(r.spans!.product.packedRowsPerSecond)} rows/s`).join('\n'),
      });
    }
    sections.push({
      title: 'Indexes of records (bytes per record) and of call_rollups (bytes, all four tiers written)',
      text: results
        .map((r) => `${r.engine} ${r.variant}: records ${Object.entries(r.recordIndexes).map(([n, b]) => `${n} ${fixed(b, 1)}`).join(', ')}\n  call_rollups ${Object.entries(r.rollupIndexes).map(([n, b]) => `${n} ${int(b)}`).join(', ')}`)
        .join('\n'),
    });
    for (const r of results.filter((x) => x.variant === 'after' && x.spans)) {
      // What a store keeps once its spans settle: the product's packed spans.
      const kept = total(r.spans!.product.rollupsPerYear);
      targets.push({
        name: 'rollups per integration-year (1 call/s, 10 ops; call and per-integration, packed)',
        engine: r.engine,
        goal: `< ${MB(ROLLUP_TARGET_BYTES)}`,
        measured: MB(kept),
        met: kept < ROLLUP_TARGET_BYTES,
      });
    }
    return { sections, targets, warnings: [], data: { records: RECORDS, results } };
  },
};
