/**
 * The per-integration tier (issue 11): at every tier, the per-integration rollups hold exactly the
 * sum of the call rollups of the same integration and bucket, however late, out of order and
 * interleaved with compaction the batches come, and a store upgraded from migration 007 starts
 * with the sums of what it held. Both engines, for real.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { OUTCOMES } from '../src/common/outcome.js';
import { segmentQuery, type RollupTableName } from '../src/query/segment-query.js';
import { compactAll, compactRollups } from '../src/rollup/compact.js';
import { aggregateCalls } from '../src/rollup/aggregate.js';
import { LatencySketch } from '../src/rollup/sketch.js';
import { CALL_ROLLUPS, columnsOf, rowOf } from '../src/rollup/tables.js';
import { DAY, HOUR, MINUTE, RESOLUTIONS, TEN_MINUTES, floorTo } from '../src/rollup/tiers.js';
import { Random } from '../src/simulator/random.js';
import { bulkInsert } from '../src/store/bulk-insert.js';
import type { Database } from '../src/store/schema.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const INTEGRATIONS = ['tier-shop', 'tier-carrier', 'tier-feed'];
const OPERATIONS = ['label.create', 'tracking.get', 'rates.quote', 'orders.list'];
const STATUSES = [200, 200, 201, 204, 400, 401, 404, 429, 500, 503];

const random = new Random(11);

function calls(count: number, end: number, spreadMs: number): NormalizedRecord[] {
  return Array.from({ length: count }, () => {
    const roll = random.next();
    const wire = {
      kind: 'call',
      ts: end - 1 - Math.floor(random.next() * spreadMs),
      integration: INTEGRATIONS[Math.floor(random.next() * INTEGRATIONS.length)]!,
      direction: random.next() < 0.7 ? 'outbound' : 'inbound',
      operation: OPERATIONS[Math.floor(random.next() * OPERATIONS.length)]!,
      env: random.next() < 0.8 ? 'production' : 'staging',
      ...(random.next() < 0.5 ? { site: 'ams-1' } : {}),
      latency_ms: Math.round(5 + 2_000 * random.next() ** 3),
      ...(roll < 0.05 ? { error: 'timeout' } : { status: STATUSES[Math.floor(random.next() * STATUSES.length)]! }),
    };
    const checked = normalizeRecord(wire, { notBefore: 0, notAfter: NOW + HOUR });
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    return checked.record;
  });
}

type Totals = Map<string, { counts: number[]; sketch: LatencySketch }>;

/** What one segment's read gives per integration and bucket: summed counts and the merged sketch. */
async function read(db: Kysely<Database>, table: RollupTableName, resolution: number, from: number, to: number): Promise<Totals> {
  const rows = (await segmentQuery(db, table, { resolution, from, to }, ['integration', 'volume', ...OUTCOMES, 'latency_sketch'] as never).selectAll().execute()) as Array<
    Record<string, unknown>
  >;
  const totals: Totals = new Map();
  for (const row of rows) {
    const key = `${row.integration as string} ${Number(row.bucket)}`;
    let total = totals.get(key);
    if (!total) totals.set(key, (total = { counts: new Array(1 + OUTCOMES.length).fill(0), sketch: new LatencySketch() }));
    ['volume', ...OUTCOMES].forEach((column, i) => (total!.counts[i]! += Number(row[column])));
    total.sketch.mergeEncoded(row.latency_sketch as Uint8Array);
  }
  return totals;
}

function assertSameTotals(perIntegration: Totals, perCall: Totals, what: string): void {
  assert.deepEqual([...perIntegration.keys()].sort(), [...perCall.keys()].sort(), `${what}: the same integrations and buckets`);
  for (const [key, call] of perCall) {
    const integration = perIntegration.get(key)!;
    assert.deepEqual(integration.counts, call.counts, `${what}, ${key}: counts`);
    assert.ok(Buffer.from(integration.sketch.encode()).equals(Buffer.from(call.sketch.encode())), `${what}, ${key}: the latency sketch`);
  }
}

/** Every tier over the whole span of the data, read through the one helper every reader uses. */
async function assertTiersAgree(db: Kysely<Database>, what: string): Promise<number> {
  let compared = 0;
  for (const resolution of RESOLUTIONS) {
    const from = floorTo(NOW - 40 * DAY, resolution);
    const to = floorTo(NOW, resolution) + resolution;
    const perCall = await read(db, 'call_rollups', resolution, from, to);
    assertSameTotals(await read(db, 'integration_rollups', resolution, from, to), perCall, `${what}, tier ${resolution / MINUTE} min`);
    compared += perCall.size;
  }
  return compared;
}

for (const engine of ENGINES) {
  describe(`per-integration rollups (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
    });
    after(async () => store?.dispose());

    it('equal the sum of the call rollups at every tier, through late and out-of-order batches and any depth of compaction', async () => {
      // Recent first, then batches hours, days and weeks back, then recent again: out of order.
      const batches = [
        calls(400, NOW, 20 * MINUTE),
        calls(300, NOW - 3 * HOUR, 2 * HOUR),
        calls(300, NOW - 2 * DAY, DAY),
        calls(200, NOW, 5 * MINUTE),
        calls(300, NOW - 30 * DAY, 5 * DAY),
        calls(200, NOW - 10 * MINUTE, 30 * MINUTE),
      ];
      let compared = 0;
      for (const [i, batch] of batches.entries()) {
        await commitRecords(store.db, batch, NOW);
        compared += await assertTiersAgree(store.db, `after batch ${i + 1}, before compaction`);
        // None, one, a few passes: the two tables need not be at the same stage to read the same.
        for (let pass = 0; pass < i % 3; pass++) await compactRollups(store.db);
        compared += await assertTiersAgree(store.db, `after batch ${i + 1} and ${i % 3} compaction passes`);
      }
      await compactAll(store.db);
      compared += await assertTiersAgree(store.db, 'compacted');
      assert.ok(compared > 500, `compared ${compared} integration buckets`);

      // Compacted, each integration bucket is one row per tier, and a day's row counts every call of its day.
      const rows = await store.db.selectFrom('integration_rollups').select(['resolution_ms', 'bucket', 'integration', 'volume', 'compacted']).execute();
      assert.ok(rows.every((row) => Number(row.compacted) === 1));
      assert.equal(new Set(rows.map((row) => `${row.resolution_ms} ${row.bucket} ${row.integration}`)).size, rows.length);
      const all = batches.flat();
      for (const integration of INTEGRATIONS) {
        const day = floorTo(NOW - 2 * DAY, DAY);
        const expected = all.filter((call) => call.integration === integration && floorTo(call.ts, DAY) === day).length;
        const row = rows.find((r) => Number(r.resolution_ms) === DAY && Number(r.bucket) === day && r.integration === integration);
        assert.equal(Number(row?.volume ?? 0), expected, `${integration}: calls of ${new Date(day).toISOString().slice(0, 10)}`);
      }
    });

    it('are filled from the call rollups when a store written by an older version is upgraded', async () => {
      const old = await engine.open({ migrateTo: '007_partial_rollups' });
      try {
        // As the older version's compactor left them midway: half the minute rows compacted and
        // carried up as partial ten-minute rows, the other half still partial minute rows.
        const batch = calls(600, NOW, 3 * DAY);
        const minutes = aggregateCalls(batch);
        const columns = columnsOf(CALL_ROLLUPS);
        const half = Math.floor(minutes.length / 2);
        const coarse = minutes.slice(0, half).map((entry) => ({ ...entry, resolution_ms: TEN_MINUTES, bucket: floorTo(entry.bucket, TEN_MINUTES) }));
        await old.db.transaction().execute(async (tx) => {
          await bulkInsert(tx, 'call_rollups', columns, minutes.slice(0, half).map((entry) => rowOf(CALL_ROLLUPS, entry, 1)));
          await bulkInsert(tx, 'call_rollups', columns, minutes.slice(half).map((entry) => rowOf(CALL_ROLLUPS, entry, 0)));
          await bulkInsert(tx, 'call_rollups', columns, coarse.map((entry) => rowOf(CALL_ROLLUPS, entry, 0)));
        });
        const upgraded = await old.openAnother();
        try {
          const states = await upgraded.db.selectFrom('integration_rollups').select('compacted').distinct().execute();
          assert.deepEqual(states.map((row) => Number(row.compacted)).sort(), [0, 1], 'partial and compacted rows keep their state');
          const compared = await assertTiersAgree(upgraded.db, 'upgraded');
          assert.ok(compared > 100, `compared ${compared} integration buckets`);
          // And carried on from there by the compactor like any other tier.
          await compactAll(upgraded.db);
          await assertTiersAgree(upgraded.db, 'upgraded, then compacted');
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await old.dispose();
      }
    });
  });
}
