/**
 * The log commit's store work on both engines: multi-row inserts of any size cut into statements
 * of a few fixed sizes store every row in order; the error-group limit moves only the new error
 * types of an integration past it into its "other" group, read in one query for the batch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOG_COLUMNS, writeLogs } from '../src/logs/commit.js';
import { MAX_GROUPS_PER_INTEGRATION, OTHER_FINGERPRINT } from '../src/logs/groups-write.js';
import { normalizeLog, type NormalizedLog } from '../src/logs/record.js';
import { MINUTE } from '../src/rollup/tiers.js';
import { bulkInsert, statementSizes } from '../src/store/bulk-insert.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('statement sizes of a multi-row insert', () => {
  const cases: Array<[number, number, number[]]> = [
    [0, 1_000, []],
    [1, 1_000, [1]],
    [540, 1_000, [512, 16, 8, 4]],
    [1_000, 1_000, [1_000]],
    [2_537, 1_000, [1_000, 1_000, 512, 16, 8, 1]],
    [7, 3, [3, 3, 1]],
  ];
  for (const [rows, cap, sizes] of cases) it(`cuts ${rows} rows (at most ${cap} a statement) into ${JSON.stringify(sizes)}`, () => assert.deepEqual(statementSizes(rows, cap), sizes));

  it('takes the rest in one statement where statements are not kept prepared (PostgreSQL)', () => {
    assert.deepEqual(statementSizes(2_537, 1_000, false), [1_000, 1_000, 537]);
    assert.deepEqual(statementSizes(540, 1_000, false), [540]);
    assert.deepEqual(statementSizes(0, 1_000, false), []);
  });

  it('covers every row count exactly, each piece within the cap, with a bounded number of distinct sizes', () => {
    const seen = new Set<number>();
    for (let rows = 0; rows <= 3_000; rows++) {
      const sizes = statementSizes(rows, 1_000);
      assert.equal(sizes.reduce((sum, size) => sum + size, 0), rows);
      assert.ok(sizes.every((size) => size >= 1 && size <= 1_000));
      for (const size of sizes) seen.add(size);
    }
    assert.ok(seen.size <= 11, `distinct statement sizes: ${[...seen].join(', ')}`);
  });
});

function line(integration: string, message: string, ts = NOW - MINUTE): NormalizedLog {
  const result = normalizeLog({ timestamp: ts, level: 'error', integrationId: integration, operation: 'fetch.failed', message }, { notBefore: NOW - 86_400_000, notAfter: NOW + MINUTE });
  if (!result.ok) throw new Error(result.error);
  return result.log;
}

for (const engine of ENGINES) {
  describe(`log commit store work (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
    });
    after(async () => {
      await store.dispose();
    });

    it('stores every row of inserts of odd sizes, in order', async () => {
      const template = line('bulk-odd', 'Order 1 not found');
      for (const count of [1, 3, 540, 1_037]) {
        const rows = Array.from({ length: count }, (_, i) => [NOW, ...LOG_COLUMNS.slice(1).map((column) => (column === 'ts' ? i : column === 'integration' ? `bulk-${count}` : template[column as keyof NormalizedLog]))]);
        await store.db.transaction().execute((tx) => bulkInsert(tx, 'log_records', LOG_COLUMNS, rows));
        const stored = await store.db.selectFrom('log_records').select('ts').where('integration', '=', `bulk-${count}`).orderBy('id').execute();
        assert.deepEqual(stored.map((row) => Number(row.ts)), rows.map((_, i) => i), `${count} rows`);
      }
    });

    it('moves only the new error types of an integration at the group limit into "other"', async () => {
      // crowded-crm holds MAX - 1 groups: room for one more; quiet-crm holds one.
      const seeded = Array.from({ length: MAX_GROUPS_PER_INTEGRATION - 1 }, (_, i) => line('crowded-crm', `Seeded error kind ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} failed`));
      assert.equal(new Set(seeded.map((log) => log.fingerprint)).size, MAX_GROUPS_PER_INTEGRATION - 1, 'the seeded messages are distinct error types');
      await store.db.transaction().execute((tx) => writeLogs(tx, [...seeded, line('quiet-crm', 'Invalid session token')], NOW));

      const batch = [
        line('crowded-crm', seeded[0]!.message!),
        line('crowded-crm', 'Brand new failure one'),
        line('crowded-crm', 'Brand new failure two'),
        line('crowded-crm', 'Brand new failure three'),
        line('crowded-crm', 'Brand new failure two'),
        line('quiet-crm', 'Invalid session token'),
        line('quiet-crm', 'Connection reset by peer'),
      ];
      const before = batch.map((log) => log.fingerprint);
      await store.db.transaction().execute((tx) => writeLogs(tx, batch, NOW));

      const expected = [before[0], before[1], OTHER_FINGERPRINT, OTHER_FINGERPRINT, OTHER_FINGERPRINT, before[5], before[6]];
      assert.deepEqual(batch.map((log) => log.fingerprint), expected, 'the first new type fits, the later ones go to "other"; known types and other integrations keep theirs');
      const groups = async (integration: string) =>
        (await store.db.selectFrom('log_error_groups').select(['fingerprint', 'lines']).where('integration', '=', integration).execute()).map((row) => ({ fingerprint: row.fingerprint, lines: Number(row.lines) }));
      const crowded = await groups('crowded-crm');
      assert.equal(crowded.length, MAX_GROUPS_PER_INTEGRATION + 1, 'the limit plus the "other" group');
      assert.equal(crowded.find((group) => group.fingerprint === OTHER_FINGERPRINT)?.lines, 3);
      assert.equal(crowded.find((group) => group.fingerprint === before[0])?.lines, 2);
      assert.deepEqual((await groups('quiet-crm')).map((group) => group.lines).sort(), [1, 2]);
      const stored = await store.db.selectFrom('log_records').select('fingerprint').where('integration', '=', 'crowded-crm').where('message', 'like', 'Brand new%').orderBy('id').execute();
      assert.deepEqual(stored.map((row) => row.fingerprint), expected.slice(1, 5), 'the stored lines carry the group they were counted in');
    });
  });
}
