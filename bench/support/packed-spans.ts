/**
 * Packed spans written by the storage benchmark's own writer, in two forms for comparison: each
 * bucket's sketch as the rollups encode it, and a span's sketches deflated together. The product
 * keeps the same layout (src/rollup/spans.ts: the call rollups deflated, the per-integration ones
 * not), written by its packer; this writer lets the benchmark measure both forms for both tables,
 * and what a reader pays per bucket of each. One row per series and span (an hour of minutes, a
 * day of ten minutes, a week of hours, 30 days of days) where rows keep one per series and
 * bucket: the dimension strings, the row headers and the index entries are then paid once a span.
 * The benchmark unpacks every span it writes and compares it with the rows it came from.
 */
import type { Kysely } from 'kysely';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { OUTCOMES } from '../../src/common/outcome.js';
import { readVarint, writeVarint } from '../../src/common/varint.js';
import { CALL_ROLLUPS, INTEGRATION_ROLLUPS, columnsOf } from '../../src/rollup/tables.js';
import { LatencySketch } from '../../src/rollup/sketch.js';
import { PACKED_TABLES, spanLength } from '../../src/rollup/spans.js';
import type { EngineName } from './stores.js';


/** The tables whose rows are packed here: calls per series, and per integration. */
export type CallShaped = typeof CALL_ROLLUPS | typeof INTEGRATION_ROLLUPS;

export interface SpanLayout {
  table: string;
  columns: readonly string[];
  /** The table and the two indexes the product's rollup tables have (one integration's reads; every integration's). */
  create(db: Kysely<any>, engine: EngineName): Promise<void>;
  /**
   * Rows of the product's layout (compacted rows of one tier, `columnsOf(spec)`) as span rows: per
   * bucket present, in bucket order, the counts are (buckets since the previous one, volume, a byte
   * flagging the non-zero outcome classes, those counts) as varints, and the sketches (length, the
   * sketch as the product encodes it), deflated together when asked.
   */
  pack(rows: readonly unknown[][], resolution: number, deflate: boolean): unknown[][];
  /** A span row back as the product's rows, to check that packing lost nothing. */
  unpack(spanRow: readonly unknown[], deflated: boolean): unknown[][];
  /** What a reader does with a span: its calls counted and its sketches merged into `into`, no rows built. */
  fold(spanRow: readonly unknown[], deflated: boolean, into: Folded): void;
  /** The same for rows of the product's layout: the baseline of `fold`. */
  foldRows(rows: readonly unknown[][], into: Folded): void;
}

export interface Folded {
  volume: number;
  sketch: LatencySketch;
}

export function spanLayout(spec: CallShaped): SpanLayout {
  const dimensions: readonly string[] = spec.dimensions;
  const table = `${spec.table}_spans`;
  const rowColumns = columnsOf(spec) as string[];
  const at = (column: string) => rowColumns.indexOf(column);
  const bucketAt = at('bucket');
  const volumeAt = at('volume');
  const sketchAt = at('latency_sketch');
  const outcomeAt = OUTCOMES.map((outcome) => at(outcome));
  return {
    table,
    columns: ['resolution_ms', 'span', ...dimensions, 'counts', 'sketches'],

    async create(db, engine) {
      const blob = engine === 'sqlite' ? 'blob' : 'bytea';
      let create = db.schema.createTable(table).addColumn('resolution_ms', 'integer', (c) => c.notNull()).addColumn('span', 'bigint', (c) => c.notNull());
      for (const dimension of dimensions) create = create.addColumn(dimension, 'text', (c) => c.notNull());
      await create.addColumn('counts', blob, (c) => c.notNull()).addColumn('sketches', blob, (c) => c.notNull()).execute();
      await db.schema.createIndex(`${table}_read`).on(table).columns(['resolution_ms', 'integration', 'span']).execute();
      await db.schema.createIndex(`${table}_span`).on(table).columns(['resolution_ms', 'span']).execute();
    },

    pack(rows, resolution, deflate) {
      // The call series' span lengths for both tables: the forms compared, not the product's choice per table.
      const spanMs = spanLength(PACKED_TABLES.call_rollups, resolution);
      const groups = new Map<string, { span: number; series: unknown[]; rows: unknown[][] }>();
      for (const row of rows) {
        const span = Math.floor((row[bucketAt] as number) / spanMs) * spanMs;
        const series = dimensions.map((dimension) => row[at(dimension)]);
        const key = `${span}\u0000${series.join('\u0000')}`;
        const group = groups.get(key) ?? { span, series, rows: [] };
        group.rows.push(row);
        groups.set(key, group);
      }
      return [...groups.values()].map(({ span, series, rows: members }) => {
        const counts: number[] = [];
        const sketches: number[] = [];
        let previous = -1;
        for (const row of [...members].sort((a, b) => (a[bucketAt] as number) - (b[bucketAt] as number))) {
          const index = ((row[bucketAt] as number) - span) / resolution;
          writeVarint(counts, index - previous);
          previous = index;
          writeVarint(counts, row[volumeAt] as number);
          let mask = 0;
          outcomeAt.forEach((column, i) => {
            if ((row[column] as number) > 0) mask |= 1 << i;
          });
          counts.push(mask);
          outcomeAt.forEach((column, i) => {
            if (mask & (1 << i)) writeVarint(counts, row[column] as number);
          });
          const sketch = row[sketchAt] as Uint8Array;
          writeVarint(sketches, sketch.length);
          for (const byte of sketch) sketches.push(byte);
        }
        return [resolution, span, ...series, Buffer.from(counts), deflate ? deflateRawSync(Buffer.from(sketches)) : Buffer.from(sketches)];
      });
    },

    unpack(spanRow, deflated) {
      const [resolution, span] = spanRow as [number, number];
      const series = spanRow.slice(2, 2 + dimensions.length);
      const counts = spanRow[2 + dimensions.length] as Uint8Array;
      const stored = spanRow[3 + dimensions.length] as Uint8Array;
      const sketches = deflated ? inflateRawSync(stored) : stored;
      const rows: unknown[][] = [];
      const c = { at: 0 };
      const s = { at: 0 };
      let index = -1;
      while (c.at < counts.length) {
        index += readVarint(counts, c, 'packed counts');
        const row: unknown[] = new Array(rowColumns.length);
        row[at('resolution_ms')] = resolution;
        row[bucketAt] = span + index * resolution;
        dimensions.forEach((dimension, i) => (row[at(dimension)] = series[i]));
        row[volumeAt] = readVarint(counts, c, 'packed counts');
        const mask = counts[c.at++]!;
        outcomeAt.forEach((column, i) => (row[column] = mask & (1 << i) ? readVarint(counts, c, 'packed counts') : 0));
        const length = readVarint(sketches, s, 'packed sketches');
        row[sketchAt] = Buffer.from(sketches.subarray(s.at, s.at + length));
        s.at += length;
        row[at('compacted')] = 1;
        rows.push(row);
      }
      return rows;
    },

    fold(spanRow, deflated, into) {
      const counts = spanRow[2 + dimensions.length] as Uint8Array;
      const stored = spanRow[3 + dimensions.length] as Uint8Array;
      const sketches = deflated ? inflateRawSync(stored) : stored;
      const c = { at: 0 };
      const s = { at: 0 };
      while (c.at < counts.length) {
        readVarint(counts, c, 'packed counts');
        into.volume += readVarint(counts, c, 'packed counts');
        const mask = counts[c.at++]!;
        for (let i = 0; i < OUTCOMES.length; i++) if (mask & (1 << i)) readVarint(counts, c, 'packed counts');
        const length = readVarint(sketches, s, 'packed sketches');
        into.sketch.mergeEncoded(sketches.subarray(s.at, s.at + length));
        s.at += length;
      }
    },

    foldRows(rows, into) {
      for (const row of rows) {
        into.volume += row[volumeAt] as number;
        into.sketch.mergeEncoded(row[sketchAt] as Uint8Array);
      }
    },
  };
}
