import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.js';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { recentFailures } from '../src/query/failures.js';
import { summarize } from '../src/query/summary.js';
import { trace } from '../src/query/trace.js';
import { compactAll } from '../src/rollup/compact.js';
import { GAUGE_ROLLUPS, LOG_ERROR_ROLLUPS, LOG_ROLLUPS, ROLLUP_TABLES, RUN_ROLLUPS } from '../src/rollup/tables.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES } from '../src/rollup/tiers.js';
import { DAILY_PARENTS, partitionName } from '../src/store/partitions.js';
import { lateCalls } from '../src/store/migrations/022_late_calls.js';
import { enforceRetention } from '../src/store/retention.js';
import type { Database } from '../src/store/schema.js';
import { ENGINES, type TestStore } from './support/engines.js';

/** Midnight UTC: windows and records below straddle day partitions on PostgreSQL. */
const MIDNIGHT = Date.UTC(2026, 10, 20);
const NOW = MIDNIGHT + 12 * HOUR;
const ANYTIME = { notBefore: 0, notAfter: Infinity };

function call(ts: number, i: number, extra: Record<string, unknown> = {}): NormalizedRecord {
  const result = normalizeRecord(
    { kind: 'call', ts, integration: 'ups-carrier', direction: 'outbound', operation: i % 2 ? 'label.create' : 'tracking.get', status: i % 5 === 0 ? 503 : 200, latency_ms: 40 + (i % 50), ...extra },
    ANYTIME,
  );
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.record;
}

/** `count` calls evenly from `from` to `to`. */
function spread(from: number, to: number, count: number, extra: (i: number) => Record<string, unknown> = () => ({})): NormalizedRecord[] {
  return Array.from({ length: count }, (_, i) => call(from + Math.floor(((to - from) * i) / count), i, extra(i)));
}

async function partitionsOf(db: Kysely<Database>, parent: string): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = ${parent} and p.relnamespace = current_schema()::regnamespace order by c.relname`.execute(db);
  return rows.map((row) => row.relname);
}

async function count(db: Kysely<Database>, table: 'records' | 'call_rollups', where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db);
  return Number(rows[0]!.n);
}

for (const engine of ENGINES) {
  describe(`storage across day boundaries (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
      // Three days of calls, 23:00 to 01:00 around each midnight, with correlation ids shared across it.
      for (let d = -2; d <= 0; d++) {
        await commitRecords(store.db, spread(MIDNIGHT + d * DAY - HOUR, MIDNIGHT + d * DAY + HOUR, 240, (i) => ({ correlation_id: `c-${d}-${i % 7}` })), NOW);
      }
      await compactAll(store.db);
    });
    after(async () => store.dispose());

    it('counts every call of a window that spans several day partitions exactly, in every tier', async () => {
      const context = { db: store.db, config: loadConfig({}, {}), clock: () => NOW };
      const all = await summarize(context, 'ups-carrier', { from: MIDNIGHT - 3 * DAY, to: NOW }, {});
      assert.equal(all.volume, 720);
      assert.equal(all.server_error, 144);
      // Half an hour either side of one midnight: minute rows from two partitions.
      const edge = await summarize(context, 'ups-carrier', { from: MIDNIGHT - DAY - 30 * MINUTE, to: MIDNIGHT - DAY + 30 * MINUTE }, {});
      assert.equal(edge.volume, 120, 'two calls a minute');
      assert.equal(await count(store.db, 'records'), 720);
    });

    it('finds records of one id and failed calls on both sides of midnight', async () => {
      const traced = (await trace(store.db, { kind: 'correlation_id', id: 'c--1-3' })).records;
      const days = new Set(traced.map((record) => Math.floor(record.ts / DAY)));
      assert.equal(traced.length, 34, 'i ≡ 3 (mod 7) of 240');
      assert.equal(days.size, 2, 'records from both days');
      const failures = await recentFailures(store.db, 'ups-carrier', { from: MIDNIGHT - HOUR, to: MIDNIGHT + HOUR }, {}, 500, ['server_error']);
      assert.equal(failures.length, 48);
      assert.ok(failures.some((f) => f.ts < MIDNIGHT) && failures.some((f) => f.ts >= MIDNIGHT));
    });

    if (engine.name === 'postgres') {
      it('made a partition for each day written, under every daily parent, and retention makes the coming days', async () => {
        const days = [-3, -2, -1, 0].map((d) => MIDNIGHT + d * DAY);
        for (const { parent } of DAILY_PARENTS) {
          assert.deepEqual(await partitionsOf(store.db, parent), days.map((day) => partitionName(parent, day)), parent);
        }
        await enforceRetention(store.db, loadConfig({}, {}).retention, NOW);
        assert.deepEqual((await partitionsOf(store.db, 'records')).slice(-3), [0, 1, 2].map((d) => partitionName('records', MIDNIGHT + d * DAY)));
        const { rows } = await sql<{ relname: string }>`
          select c.relname from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
          where c.relnamespace = current_schema()::regnamespace order by 1`.execute(store.db);
        assert.deepEqual(
          rows.map((r) => r.relname),
          ['call_rollups', 'call_rollups_minute', 'call_rollups_ten_minute', 'event_rollups', 'event_rollups_minute', 'event_rollups_ten_minute', 'lead_time_rollups', 'lead_time_rollups_minute', 'lead_time_rollups_ten_minute', 'log_records', 'records'],
        );
      });
    }
  });

  if (engine.name === 'postgres') {
    describe('retention by partition (postgres)', () => {
      let store: TestStore;
      before(async () => {
        store = await engine.open();
      });
      after(async () => store.dispose());

      it('drops whole days past the retention, keeps the day it is inside of, and keeps a day that still has uncompacted rows', async () => {
        const retention = loadConfig({}, { SWITCHBOARD_RETENTION_RAW_DAYS: '3', SWITCHBOARD_RETENTION_MINUTE_DAYS: '2' }).retention;
        // 5, 4 and 3.25 days old (the last straddles the raw retention), and recent.
        for (const age of [5 * DAY, 4 * DAY, 3 * DAY + 6 * HOUR, HOUR]) await commitRecords(store.db, spread(NOW - age, NOW - age + 10 * MINUTE, 10), NOW);
        // Another instance that wrote to a day before it is dropped, and remembers its partition.
        const other = await store.openAnother();
        await commitRecords(other.db, [call(NOW - 4 * DAY + MINUTE, 3)], NOW);
        await compactAll(store.db);
        // A late call 5 days old, not compacted yet: its minute partition must survive.
        await commitRecords(store.db, [call(NOW - 5 * DAY + 30 * MINUTE, 1)], NOW);

        await enforceRetention(store.db, retention, NOW);
        const records = await partitionsOf(store.db, 'records');
        assert.ok(!records.includes(partitionName('records', MIDNIGHT - 5 * DAY)));
        assert.ok(!records.includes(partitionName('records', MIDNIGHT - 4 * DAY)));
        assert.ok(records.includes(partitionName('records', MIDNIGHT - 4 * DAY + DAY)), 'the day inside the raw retention');
        assert.equal(await count(store.db, 'records', sql`ts < ${NOW - 3 * DAY}`), 10, '3.25-day-old records stay with their day');
        const minutes = await partitionsOf(store.db, 'call_rollups_minute');
        assert.ok(minutes.includes(partitionName('call_rollups_minute', MIDNIGHT - 5 * DAY)), 'a day with a partial row stays');
        assert.ok(!minutes.includes(partitionName('call_rollups_minute', MIDNIGHT - 4 * DAY)));
        // Once compacted, the next run drops it; the call is in the coarser tiers.
        await compactAll(store.db);
        await enforceRetention(store.db, retention, NOW);
        assert.ok(!(await partitionsOf(store.db, 'call_rollups_minute')).includes(partitionName('call_rollups_minute', MIDNIGHT - 5 * DAY)));
        const context = { db: store.db, config: { ...loadConfig({}, {}), retention }, clock: () => NOW };
        const summary = await summarize(context, 'ups-carrier', { from: NOW - 6 * DAY, to: NOW }, {});
        assert.equal(summary.volume, 42);
        // A record for a dropped day (an instance still accepting it) gets its partition back,
        // also on the instance that believed it still existed.
        try {
          await commitRecords(other.db, [call(NOW - 4 * DAY, 2)], NOW);
        } finally {
          await other.db.destroy();
        }
        assert.equal(await count(store.db, 'records', sql`ts = ${NOW - 4 * DAY}`), 1);
      });
    });
  }

  describe(`migration 009 keeps the data (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open({ migrateTo: '008_integration_rollups' });
    });
    after(async () => store.dispose());

    it('converts a store written by the previous release with every record, rollup and id', async () => {
      // Today's commit also marks late calls (migration 022), which release 008 did not: a table for
      // the marks while the old store is filled, gone before it is upgraded.
      await lateCalls(engine.name).up(store.db as Kysely<unknown>);
      await commitRecords(store.db, spread(NOW - 3 * DAY, NOW, 600, (i) => ({ correlation_id: `m-${i % 13}`, ...(i % 4 === 0 ? { order_id: `o-${i}` } : {}) })), NOW);
      // The rollup tables release 008 had (run and gauge rollups came with migration 014, log rollups with 016).
      await compactAll(store.db, ROLLUP_TABLES.filter((spec) => ![RUN_ROLLUPS, GAUGE_ROLLUPS, LOG_ROLLUPS, LOG_ERROR_ROLLUPS].includes(spec as never)));
      // Some partial rows as well, as a live store has them.
      await commitRecords(store.db, spread(NOW - 2 * HOUR, NOW, 50), NOW);
      const snapshot = async (db: Kysely<Database>) => ({
        records: await db.selectFrom('records').select(['id', 'ts', 'correlation_id', 'order_id', 'outcome']).orderBy('id').execute(),
        rollups: await db
          .selectFrom('call_rollups')
          .select(['resolution_ms', 'bucket', 'operation', 'volume', 'server_error', 'compacted', 'latency_sketch'])
          .orderBy('resolution_ms')
          .orderBy('bucket')
          .orderBy('operation')
          .orderBy('compacted')
          .execute(),
      });
      await store.db.schema.dropTable('late_calls').execute();
      const before = await snapshot(store.db);
      assert.equal(before.records.length, 650);
      assert.ok(before.rollups.some((r) => r.compacted === 0) && before.rollups.some((r) => r.resolution_ms === DAY));

      const upgraded = await store.openAnother();
      try {
        const after = await snapshot(upgraded.db);
        assert.deepEqual(after.records, before.records);
        assert.deepEqual(after.rollups, before.rollups);
        // New ids continue after the old ones.
        await commitRecords(upgraded.db, [call(NOW, 1)], NOW);
        const newest = await upgraded.db.selectFrom('records').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
        assert.equal(Number(newest.id), Math.max(...before.records.map((r) => r.id)) + 1);
        const context = { db: upgraded.db, config: loadConfig({}, {}), clock: () => NOW + MINUTE };
        assert.equal((await summarize(context, 'ups-carrier', { from: NOW - 4 * DAY, to: NOW + MINUTE }, {})).volume, 651);
        assert.equal(await compactAll(upgraded.db) > 0, true, 'the partial rows compact after the upgrade');
        assert.equal((await summarize(context, 'ups-carrier', { from: NOW - 4 * DAY, to: NOW + MINUTE }, {})).volume, 651);
        if (engine.name === 'sqlite') {
          const mode = await sql<{ auto_vacuum: number }>`pragma auto_vacuum`.execute(upgraded.db);
          assert.equal(mode.rows[0]!.auto_vacuum, 2, 'incremental auto-vacuum after the migration');
        } else {
          assert.ok((await partitionsOf(upgraded.db, 'records')).includes(partitionName('records', MIDNIGHT - 3 * DAY)));
          assert.ok((await partitionsOf(upgraded.db, 'call_rollups_ten_minute')).length >= 3);
        }
        const indexes = await indexNames(upgraded.db, engine.name);
        assert.ok(!indexes.includes('records_integration_ts'));
        assert.ok(indexes.includes('records_gauges'));
        assert.equal(indexes.includes('records_ts'), engine.name === 'sqlite');
      } finally {
        await upgraded.db.destroy();
      }
    });
  });
}

async function indexNames(db: Kysely<Database>, engine: string): Promise<string[]> {
  const { rows } =
    engine === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'records'`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'records'`.execute(db);
  return rows.map((row) => row.name);
}

describe('SQLite gives space back', () => {
  let store: TestStore;
  before(async () => {
    store = await ENGINES.find((e) => e.name === 'sqlite')!.open();
  });
  after(async () => store.dispose());

  it('shrinks the file once retention deletes old records and rollups', async () => {
    const attrs = { attrs: { note: 'x'.repeat(200) } };
    for (let batch = 0; batch < 20; batch++) {
      await commitRecords(store.db, spread(NOW - 40 * DAY + batch * HOUR, NOW - 40 * DAY + (batch + 1) * HOUR, 1_000, () => attrs), NOW);
    }
    await commitRecords(store.db, spread(NOW - HOUR, NOW, 500), NOW);
    await compactAll(store.db);
    await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
    const full = statSync(store.file!).size;
    const result = await enforceRetention(store.db, loadConfig({}, {}).retention, NOW);
    assert.equal(result.records, 20_000);
    const { rows } = await sql<{ freelist_count: number }>`pragma freelist_count`.execute(store.db);
    assert.equal(Number(rows[0]!.freelist_count), 0, 'no free pages left in the file');
    const shrunk = statSync(store.file!).size;
    assert.ok(shrunk < full / 4, `${full} → ${shrunk} bytes`);
    assert.equal(await count(store.db, 'records'), 500);
  });
});

// Which query served each index 009 dropped, and what serves it now.
for (const engine of ENGINES) {
  describe(`indexes after migration 009 (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
      await commitRecords(store.db, spread(NOW - HOUR, NOW, 50), NOW);
      await commitRecords(store.db, spread(NOW - DAY - HOUR, NOW - DAY, 50), NOW);
    });
    after(async () => store.dispose());

    /** Whether the plan reads `index` (on PostgreSQL, one of its partitions' indexes). */
    async function uses(text: string, index: string): Promise<boolean> {
      if (engine.name === 'sqlite') return new RegExp(`\\b${index}\\b`).test(text);
      const { rows } = await sql<{ relname: string }>`
        select c.relname from pg_partition_tree(${index}::regclass) t join pg_class c on c.oid = t.relid`.execute(store.db);
      return rows.some((row) => new RegExp(`\\b${row.relname}\\b`).test(text));
    }

    async function plan(query: { compile: () => { sql: string; parameters: readonly unknown[] } }): Promise<string> {
      const compiled = query.compile();
      return store.db.connection().execute(async (connection) => {
        // A handful of rows: the planner would rightly scan them. Asked to avoid that, it shows
        // which index it can use.
        if (engine.name === 'postgres') await sql`set enable_seqscan = off`.execute(connection);
        const prefix = engine.name === 'sqlite' ? 'explain query plan ' : 'explain ';
        const { rows } = await connection.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
        if (engine.name === 'postgres') await sql`reset enable_seqscan`.execute(connection);
        return rows.map((row) => String(row.detail ?? row['QUERY PLAN'])).join('\n');
      });
    }

    it('serves the gauge samples of alert rules from records_gauges', async () => {
      const query = store.db.selectFrom('records').select(['ts', 'value']).where('integration', '=', 'x').where('kind', '=', 'gauge').where('name', '=', 'queue').where('ts', '>', NOW - HOUR).where('ts', '<=', NOW).orderBy('ts', 'desc').limit(60);
      assert.ok(await uses(await plan(query), 'records_gauges'));
    });

    it('serves the calls alert rules read for held-for and silence from records_calls (migration 011)', async () => {
      const recentCalls = store.db
        .selectFrom('records')
        .select(['integration', 'outcome', sql<number>`count(*)`.as('calls')])
        .where('kind', '=', 'call')
        .where('integration', 'in', ['x', 'y'])
        .where('ts', '>=', NOW - 10 * MINUTE)
        .where('ts', '<', NOW)
        .groupBy(['integration', 'outcome']);
      assert.ok(await uses(await plan(recentCalls), 'records_calls'));
    });

    it('serves freshness (newest event of a name) from records_events and failure samples from records_failed_calls', async () => {
      const fresh = store.db.selectFrom('records').select((eb) => eb.fn.max('ts').as('last')).where('integration', '=', 'x').where('ts', '<=', NOW).where('kind', '=', 'event').where('name', '=', 'order.received');
      assert.ok(await uses(await plan(fresh), 'records_events'));
      const failures = store.db.selectFrom('records').select(['id', 'ts']).where('integration', '=', 'x').where('outcome', '<>', 'ok').where('outcome', 'in', ['timeout']).where('ts', '>=', NOW - HOUR).where('ts', '<', NOW).orderBy('ts', 'desc').orderBy('id', 'desc').limit(50);
      assert.ok(await uses(await plan(failures), 'records_failed_calls'));
    });

    it(engine.name === 'sqlite' ? 'finds the records retention deletes by records_ts' : 'reads only the day partitions a window of records touches', async () => {
      if (engine.name === 'sqlite') {
        assert.ok(await uses(await plan(store.db.selectFrom('records').select('id').where('ts', '<', NOW - 30 * DAY).limit(5000)), 'records_ts'));
      } else {
        const text = await plan(store.db.selectFrom('records').select('id').where('correlation_id', '=', 'c').where('ts', '>=', NOW - HOUR).where('ts', '<', NOW));
        assert.match(text, new RegExp(partitionName('records', MIDNIGHT)));
        assert.doesNotMatch(text, new RegExp(partitionName('records', MIDNIGHT - DAY)));
      }
    });

    it('compacts rows without an index on id alone (PostgreSQL has none on rollups)', async () => {
      assert.ok((await compactAll(store.db)) > 0);
      const rows = await store.db.selectFrom('call_rollups').select(['resolution_ms', 'compacted']).execute();
      assert.ok(rows.every((r) => r.compacted === 1) && rows.some((r) => r.resolution_ms === TEN_MINUTES));
    });
  });
}
