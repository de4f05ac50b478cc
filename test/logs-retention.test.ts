/**
 * Raw log lines are kept for their own retention (SWITCHBOARD_RETENTION_LOGS_DAYS): SQLite deletes
 * the older lines row by row; PostgreSQL keeps them in one partition per day (migration 019) and
 * drops a day once the whole of it is past the retention (a line stays up to a day longer), like
 * raw records. An older store's lines are moved into day partitions by the migration, none lost.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { searchLogs } from '../src/logs/search.js';
import { DAY, HOUR, MINUTE } from '../src/rollup/tiers.js';
import { DAILY_PARENTS, ensureDays } from '../src/store/partitions.js';
import { enforceRetention } from '../src/store/retention.js';
import type { TestStore } from './support/engines.js';
import { ENGINES } from './support/engines.js';
import { postLogs } from './support/logs.js';
import { startTestServer } from './support/server.js';

/** Midday, so the lines below fall on different days. */
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

/** The day partitions of log_records (PostgreSQL), by name. */
async function logPartitions(store: TestStore): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'log_records' and p.relnamespace = current_schema()::regnamespace order by c.relname`.execute(store.db);
  return rows.map((row) => row.relname);
}

for (const engine of ENGINES) {
  describe(`log retention (${engine.name})`, () => {
    it('drops lines past the log retention: whole days on PostgreSQL, row by row on SQLite', async () => {
      const server = await startTestServer(engine, { now: NOW });
      try {
        const line = (ts: number, message: string) => ({ timestamp: ts, level: 'error', integrationId: 'crm', operation: 'fetch.failed', message });
        const lines = [line(NOW - 50 * HOUR, 'Old failure 1'), line(NOW - 40 * HOUR, 'Old failure 2'), line(NOW - 25 * HOUR - 30 * MINUTE, 'Yesterday morning'), line(NOW - HOUR, 'Recent failure')];
        assert.equal((await postLogs(server, lines)).body.accepted, lines.length);
        if (engine.name === 'postgres') {
          const days = await logPartitions(server.store);
          for (const day of ['20261118', '20261119', '20261120']) assert.ok(days.includes(`log_records_p${day}`), `${day} in ${days}`);
        }

        // A day of log retention: the lines before Nov 19 12:00 are past it.
        const result = await enforceRetention(server.store.db, { ...server.config.retention, logsMs: DAY }, NOW);
        const kept = (await server.store.db.selectFrom('log_records').select('message').orderBy('ts').execute()).map((row) => row.message);
        if (engine.name === 'postgres') {
          // Nov 18 ended more than a day and the hour's margin ago: dropped whole. Nov 19 still
          // holds a line of 10:30, past the retention: it stays until the whole day is.
          assert.deepEqual(kept, ['Yesterday morning', 'Recent failure']);
          assert.equal(result.logs, 0, 'no line deleted one by one');
          assert.ok(result.partitions >= 1, `partitions dropped: ${result.partitions}`);
          const days = await logPartitions(server.store);
          assert.ok(!days.includes('log_records_p20261118'), `${days}`);
          assert.ok(['20261119', '20261120', '20261122'].every((day) => days.includes(`log_records_p${day}`)), `the day still holding a kept line, today's and the coming days': ${days}`);
        } else {
          assert.deepEqual(kept, ['Recent failure']);
          assert.equal(result.logs, 3);
        }
        // An error type whose last line is past the retention goes too (searches reach no further back).
        const groups = (await server.store.db.selectFrom('log_error_groups').select('pattern').orderBy('pattern').execute()).map((row) => row.pattern);
        assert.deepEqual(groups, ['Recent failure']);
      } finally {
        await server.close();
      }
    });

    it('keeps every line of an older store through migration 019, then adds lines after them', async () => {
      const store = await engine.open({ migrateTo: '017_alert_assignment' });
      try {
        await ensureDays(store.db, DAILY_PARENTS, [NOW - 2 * DAY, NOW]);
        const row = (ts: number, level: string, message: string) => ({ received_at: NOW, ts, integration: 'crm', tenant: null, level, service: null, operation: 'fetch.failed', message, fingerprint: null, correlation_id: null, order_id: 'o-1', shipment_id: null, trace_id: null, span_id: null, metadata: '{"entity":"contact"}' });
        await store.db.insertInto('log_records').values([row(NOW - 2 * DAY, 'error', 'two days ago'), row(NOW - DAY - HOUR, 'warn', 'yesterday'), row(NOW - MINUTE, 'error', 'just now')]).execute();
        const before = await store.db.selectFrom('log_records').selectAll().orderBy('id').execute();

        const upgraded = await store.openAnother();
        try {
          const after = await upgraded.db.selectFrom('log_records').selectAll().orderBy('id').execute();
          assert.deepEqual(after.map((r) => ({ ...r, id: Number(r.id) })), before.map((r) => ({ ...r, id: Number(r.id) })));
          if (engine.name === 'postgres') {
            const partitioned = await sql<{ relname: string }>`select c.relname from pg_partitioned_table p join pg_class c on c.oid = p.partrelid where c.relname = 'log_records' and c.relnamespace = current_schema()::regnamespace`.execute(upgraded.db);
            assert.equal(partitioned.rows.length, 1, 'log_records is partitioned');
            const days = await logPartitions(store);
            for (const day of ['20261118', '20261119', '20261120']) assert.ok(days.includes(`log_records_p${day}`), `${day} in ${days}`);
            const indexes = (await sql<{ indexname: string }>`select indexname from pg_indexes where schemaname = current_schema() and tablename = 'log_records' order by indexname`.execute(upgraded.db)).rows.map((r) => r.indexname);
            assert.deepEqual(indexes, ['log_records_correlation_id', 'log_records_fingerprint', 'log_records_integration_level_ts', 'log_records_integration_ts', 'log_records_order_id', 'log_records_shipment_id']);
          }
          // The id sequence goes on after the copied lines.
          await ensureDays(upgraded.db, DAILY_PARENTS, [NOW]);
          await upgraded.db.insertInto('log_records').values(row(NOW, 'info', 'after the upgrade')).execute();
          const newest = await upgraded.db.selectFrom('log_records').select(['id', 'message']).orderBy('id', 'desc').executeTakeFirstOrThrow();
          assert.equal(newest.message, 'after the upgrade');
          assert.ok(Number(newest.id) > Math.max(...before.map((r) => Number(r.id))));
          const found = await searchLogs(upgraded.db, 'crm', { from: NOW - 3 * DAY, to: NOW + MINUTE }, { levels: ['error'] }, 10);
          assert.deepEqual(found.map((line) => line.message), ['just now', 'two days ago']);
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await store.dispose();
      }
    });
  });
}
