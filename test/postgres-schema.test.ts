/**
 * On PostgreSQL Switchboard lives in one schema of a database others may share. Opening the store
 * (its migrator asks which tables exist) must look at that schema only: another schema's tables
 * are none of its business, and one dropped there at the wrong moment must not fail the start.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openDatabase } from '../src/store/open.js';
import { ENGINES, POSTGRES_URL, type TestStore } from './support/engines.js';

const postgres = ENGINES.find((engine) => engine.name === 'postgres')!;

describe('PostgreSQL: the store looks at its own schema only', () => {
  let store: TestStore;
  const neighbour = `test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });

  before(async () => {
    store = await postgres.open();
    await client.connect();
    await client.query(`create schema ${neighbour}`);
    // A neighbour with a table named like Kysely's own: it must not be taken for Switchboard's.
    await client.query(`create table ${neighbour}.kysely_migration (name text primary key, timestamp text)`);
  });

  after(async () => {
    await client.query(`drop schema if exists ${neighbour} cascade`);
    await client.end();
    await store.dispose();
  });

  it("describes the current schema's tables and columns, and no other schema's", async () => {
    const tables = await store.db.introspection.getTables();
    const schemas = new Set(tables.map((table) => table.schema));
    assert.equal(schemas.size, 1, [...schemas].join(', '));
    assert.notEqual([...schemas][0], neighbour);
    const names = tables.map((table) => table.name);
    assert.ok(names.includes('records'), names.join(', '));
    assert.ok(!names.includes('kysely_migration'), 'internal tables are listed only when asked for');
    const records = tables.find((table) => table.name === 'records')!;
    const id = records.columns.find((column) => column.name === 'id');
    assert.ok(id, records.columns.map((column) => column.name).join(', '));
    assert.equal(id.isAutoIncrementing, true);
    assert.equal(id.isNullable, false);
    const withInternal = await store.db.introspection.getTables({ withInternalKyselyTables: true });
    assert.ok(withInternal.some((table) => table.name === 'kysely_migration' && table.schema === records.schema));
  });

  it('opens while tables come and go in another schema', async () => {
    let churning = true;
    const churn = (async () => {
      for (let i = 0; churning; i++) {
        await client.query(`create table ${neighbour}.churn_${i} (id serial primary key, a int, b text)`);
        await client.query(`drop table ${neighbour}.churn_${i}`);
      }
    })();
    try {
      for (let attempt = 0; attempt < 8; attempt++) {
        const opened = await openDatabase(POSTGRES_URL, { schema: schemaOf(store) });
        await opened.db.destroy();
      }
    } finally {
      churning = false;
      await churn;
    }
  });
});

function schemaOf(store: TestStore): string {
  return new URL(store.database).searchParams.get('options')!.replace('-c search_path=', '');
}
