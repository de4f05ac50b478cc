import { sql, type Kysely } from 'kysely';
import { PACKED_TABLES, forEachBucket, mergedSketch, packSpan, spanStart, totalsTable } from '../../rollup/spans.js';
import { HOUR, MINUTE } from '../../rollup/tiers.js';
import { bulkInsert } from '../bulk-insert.js';
import { IDS_PER_STATEMENT, chunksOf } from '../chunks.js';
import type { Database } from '../schema.js';

/** The per-integration tiers whose spans got shorter, and how long their spans were before. */
const LONGER_BEFORE = new Map([
  [MINUTE, HOUR],
  [HOUR, 24 * HOUR],
]);
/** Spans taken per transaction: some 30 MB of sketches read and written again. */
const SPANS_PER_PASS = 2_000;
/** Where an interrupted start goes on from: the last span id there was when this migration began, and the last one it has done. */
const PROGRESS = 'migration_024_progress';

type OldSpan = { id: number | string; resolution_ms: number | string; span: number | string; integration: string; counts: Uint8Array; sketches: Uint8Array };
type Bucket = { bucket: number; latency_sketch: Uint8Array } & Record<string, unknown>;
type Piece = { resolution: number; span: number; integration: string; buckets: Bucket[] };

/**
 * The per-integration spans of minutes and of hours cut to the shorter spans of
 * src/rollup/spans.ts (ten minutes of minutes, six hours of hours; they were an hour and a day),
 * and each span of hours given its total: a span's buckets, counts and sketches stay the same,
 * only cut apart. Spans are taken in id order, a couple of thousand a transaction, which deletes
 * the ones it cuts and writes their pieces (a span whose buckets fit one shorter span stays, with
 * its id). The pieces get ids above every span there was when the migration began, and a table
 * of its own records that id and how far the migration got, so a start interrupted midway
 * (SQLite runs its migrations a step at a time) goes on where it stopped. Every instance of a
 * store must run this version: an older one would pack spans of the old lengths beside these.
 */
export function shorterSpans() {
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      const db = untyped as unknown as Kysely<Database>;
      const packed = PACKED_TABLES.integration_rollups;
      await sql`create table if not exists ${sql.table(PROGRESS)} (last_id bigint not null, done_through bigint not null)`.execute(db);
      let progress = (await sql<{ last_id: number | string; done_through: number | string }>`select last_id, done_through from ${sql.table(PROGRESS)}`.execute(db)).rows[0];
      if (progress === undefined) {
        const last = Number((await sql<{ last: number | string | null }>`select max(id) as last from ${sql.table(packed.table)}`.execute(db)).rows[0]?.last ?? 0);
        progress = { last_id: last, done_through: 0 };
        await sql`insert into ${sql.table(PROGRESS)} (last_id, done_through) values (${last}, 0)`.execute(db);
      }
      const last = Number(progress.last_id);
      let doneThrough = Number(progress.done_through);
      // PostgreSQL runs a migration in one transaction already; SQLite a transaction a pass.
      const inTransaction = <T>(work: (tx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
      for (;;) {
        const through = await inTransaction(async (tx) => {
          // By id alone (the unary plus keeps SQLite off the tier's index, which had it read and sort
          // every span of both tiers a pass: 1.6 s a pass at 1,000 integrations, against 0.17).
          const spans = (await sql<OldSpan>`
            select s.id, s.resolution_ms, s.span, s.integration, s.counts, k.sketches
            from ${sql.table(packed.table)} s join ${sql.table(packed.sketchTable)} k on k.span_id = s.id
            where s.id > ${doneThrough} and s.id <= ${last} and +s.resolution_ms in (${MINUTE}, ${HOUR})
            order by s.id limit ${sql.lit(SPANS_PER_PASS)}`.execute(tx)).rows;
          if (spans.length === 0) return undefined;
          const pieces = new Map<string, Piece>();
          const cut: number[] = [];
          const totals: Array<[number, Buffer]> = [];
          for (const old of spans) {
            const resolution = Number(old.resolution_ms);
            const start = Number(old.span);
            const buckets: Bucket[] = [];
            // The visited bucket is one reused object: a copy of it, its sketch a view of the span's bytes.
            forEachBucket(packed, resolution, start, old.counts, old.sketches, start, start + LONGER_BEFORE.get(resolution)!, (bucket) => buckets.push({ ...bucket, latency_sketch: bucket.latency_sketch! }));
            if (buckets.every((bucket) => spanStart(packed, bucket.bucket, resolution) === start)) {
              if (totalsTable(packed, resolution) !== undefined) totals.push([Number(old.id), mergedSketch(buckets.map((bucket) => bucket.latency_sketch))]);
              continue;
            }
            cut.push(Number(old.id));
            for (const bucket of buckets) {
              const span = spanStart(packed, bucket.bucket, resolution);
              const key = `${resolution}|${old.integration}|${span}`;
              let piece = pieces.get(key);
              if (!piece) pieces.set(key, (piece = { resolution, span, integration: old.integration, buckets: [] }));
              piece.buckets.push(bucket);
            }
          }
          for (const ids of chunksOf(cut, IDS_PER_STATEMENT)) {
            await tx.deleteFrom(packed.sketchTable).where('span_id', 'in', ids).execute();
            await tx.deleteFrom(packed.table).where('id', 'in', ids).execute();
          }
          const written = new Map([...pieces].map(([key, piece]) => [key, { piece, ...packSpan(packed, piece.resolution, piece.span, piece.buckets) }]));
          const inserted = await bulkInsert(
            tx,
            packed.table,
            ['resolution_ms', 'span', 'integration', 'counts'],
            [...written.values()].map(({ piece, counts }) => [piece.resolution, piece.span, piece.integration, counts]),
            ['id', 'resolution_ms', 'span', 'integration'],
          );
          const sketches: Array<[number, Buffer]> = [];
          for (const row of inserted) {
            const { piece, sketches: bytes } = written.get(`${Number(row['resolution_ms'])}|${String(row['integration'])}|${Number(row['span'])}`)!;
            sketches.push([Number(row['id']), bytes]);
            if (totalsTable(packed, piece.resolution) !== undefined) totals.push([Number(row['id']), mergedSketch(piece.buckets.map((bucket) => bucket.latency_sketch))]);
          }
          await bulkInsert(tx, packed.sketchTable, ['span_id', 'sketches'], sketches);
          await bulkInsert(tx, packed.totals.table, ['span_id', 'total'], totals);
          const through = Number(spans.at(-1)!.id);
          await sql`update ${sql.table(PROGRESS)} set done_through = ${through}`.execute(tx);
          return through;
        });
        if (through === undefined) break;
        doneThrough = through;
      }
      await sql`drop table ${sql.table(PROGRESS)}`.execute(db);
    },
  };
}
