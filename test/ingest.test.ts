import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createIngestKey, revokeIngestKey } from '../src/ingest/keys.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;

function call(server: TestServer, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'call',
    ts: server.clock.now - 5 * MINUTE,
    integration: 'dhl-carrier',
    direction: 'outbound',
    operation: 'label.create',
    status: 201,
    latency_ms: 120,
    ...overrides,
  };
}

async function storedCount(server: TestServer): Promise<number> {
  const row = await server.store.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const engine of ENGINES) {
  describe(`ingest contract (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { env: { SWITCHBOARD_INGEST_KEY: 'automation-key-123456' } });
    });
    after(async () => server.close());

    it('commits a JSON array of every record kind and answers with the count', async () => {
      const before = await storedCount(server);
      const ts = new Date(server.clock.now - MINUTE).toISOString();
      const response = await server.ingest([
        call(server),
        call(server, { ts, status: undefined, error: 'timeout', latency_ms: 30_000 }),
        { kind: 'run', ts, integration: 'retailer-feed', job: 'price-scrape', status: 'success', duration_ms: 5400, counts: { skus: 5120, promos: 310 } },
        { kind: 'event', ts, integration: 'shopify-connector', name: 'order.received', order_id: 'o-1' },
        { kind: 'gauge', ts, integration: 'salesforce-sync', name: 'queue.depth', value: 12 },
      ]);
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, { accepted: 5, rejected: [] });
      assert.equal((await storedCount(server)) - before, 5);
    });

    it('accepts NDJSON and rejects only the malformed lines, by line index', async () => {
      const before = await storedCount(server);
      const lines = [
        JSON.stringify(call(server, { operation: 'ndjson.good.1' })),
        '{"kind": "call", "ts": ',
        '',
        JSON.stringify(call(server, { operation: 'ndjson.good.2' })),
        'not json at all',
      ].join('\n');
      const response = await server.ingest(lines, { contentType: 'application/x-ndjson' });
      assert.equal(response.status, 200);
      assert.equal(response.body.accepted, 2);
      assert.deepEqual(
        response.body.rejected.map((r: { index: number }) => r.index),
        [1, 4],
      );
      assert.match(response.body.rejected[0].error, /line 2 is not valid JSON/);
      assert.equal((await storedCount(server)) - before, 2);
    });

    it('names each invalid record with its index and a specific reason, and keeps the good ones', async () => {
      const s = server;
      const cases: Array<[unknown, RegExp]> = [
        [{ ...call(s), kind: 'span' }, /unknown kind "span"/],
        [{ ...call(s), kind: undefined }, /missing required field "kind"/],
        [{ ...call(s), latency_ms: -1 }, /latency_ms must be >= 0/],
        [{ ...call(s), latency_ms: '120' }, /latency_ms must be number/],
        [{ ...call(s), status: 700 }, /status must be <= 599/],
        [{ ...call(s), status: undefined }, /needs "status".*or "error"/],
        [{ ...call(s), direction: 'sideways' }, /direction must be one of "outbound", "inbound"/],
        [{ ...call(s), operation: undefined }, /missing required field "operation"/],
        [{ ...call(s), integration: 'DHL Carrier' }, /integration must match/],
        [{ ...call(s), order_id: 'x'.repeat(129) }, /order_id must NOT have more than 128 characters/],
        [{ ...call(s), attrs: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])) }, /attrs has more than 32 keys/],
        [{ ...call(s), attrs: { nested: { a: 1 } } }, /attrs.nested must be a string, number or boolean, not an object \(attrs are flat/],
        [{ ...call(s), ts: 'yesterday' }, /not an RFC 3339 timestamp/],
        [{ ...call(s), ts: s.clock.now + 60 * MINUTE }, /in the future beyond the allowed clock skew/],
        [{ ...call(s), ts: s.clock.now - 31 * 24 * 60 * MINUTE }, /older than the raw retention/],
        [{ kind: 'run', ts: s.clock.now, integration: 'retailer-feed', job: 'scrape', status: 'ok' }, /status must be one of "success", "failed", "partial"/],
        [{ kind: 'run', ts: s.clock.now, integration: 'retailer-feed', job: 'scrape', status: 'success', counts: { skus: -3 } }, /counts.skus must be >= 0/],
        [{ kind: 'gauge', ts: s.clock.now, integration: 'salesforce-sync', name: 'queue.depth' }, /missing required field "value"/],
        [42, /must be a JSON object/],
      ];
      const good = call(s, { operation: 'among.bad.ones' });
      const before = await storedCount(s);
      const response = await s.ingest([good, ...cases.map(([record]) => record)]);
      assert.equal(response.status, 200);
      assert.equal(response.body.accepted, 1);
      assert.equal(response.body.rejected.length, cases.length);
      cases.forEach(([, reason], i) => {
        const rejection = response.body.rejected[i];
        assert.equal(rejection.index, i + 1);
        assert.match(rejection.error, reason, `record ${i + 1}: ${rejection.error}`);
      });
      assert.equal((await storedCount(s)) - before, 1);
    });

    it('answers 400 with the position for a body that does not parse, and stores nothing', async () => {
      const before = await storedCount(server);
      const broken = `[${JSON.stringify(call(server))},\n {"kind": }]`;
      const response = await server.ingest(broken);
      assert.equal(response.status, 400);
      assert.match(response.body.error, /not valid JSON.*line 2, column/);
      const notArray = await server.ingest(call(server));
      assert.equal(notArray.status, 400);
      assert.match(notArray.body.error, /must be a JSON array/);
      assert.equal(await storedCount(server), before);
    });

    it('answers 401 without a key, with a wrong key, and with a revoked key', async () => {
      assert.equal((await server.ingest([call(server)], { key: null })).status, 401);
      const wrong = await server.ingest([call(server)], { key: 'sbk_not-a-real-key' });
      assert.equal(wrong.status, 401);
      assert.match(wrong.body.error, /unknown or revoked ingest key/);
      const basic = await fetch(`${server.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: 'Basic Zm9vOmJhcg==', 'content-type': 'application/json' },
        body: '[]',
      });
      assert.equal(basic.status, 401);
      const doomed = await createIngestKey(server.store.db, 'doomed');
      assert.ok(await revokeIngestKey(server.store.db, doomed.id));
      const revoked = await server.ingest([call(server)], { key: doomed.key });
      assert.equal(revoked.status, 401);
      const stored = await server.store.db.selectFrom('tokens').selectAll().where('id', '=', doomed.id).executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(stored).includes(doomed.key.slice(12)), 'only a hash of the key is stored');
    });

    it('accepts SWITCHBOARD_INGEST_KEY for automation', async () => {
      const response = await server.ingest([call(server)], { key: 'automation-key-123456' });
      assert.equal(response.status, 200);
      assert.equal(response.body.accepted, 1);
    });

    it('answers 413 for too many records and 415 for another content type, storing nothing', async () => {
      const small = await startTestServer(engine, { env: { SWITCHBOARD_INGEST_MAX_RECORDS: '3', SWITCHBOARD_INGEST_MAX_BODY_BYTES: '2000' } });
      try {
        const tooMany = await small.ingest([call(small), call(small), call(small), call(small)]);
        assert.equal(tooMany.status, 413);
        assert.match(tooMany.body.error, /4 records, more than the limit of 3/);
        const tooBig = await small.ingest([call(small, { attrs: { note: 'x'.repeat(3000) } })]);
        assert.equal(tooBig.status, 413);
        const wrongType = await small.ingest('kind=call', { contentType: 'text/plain' });
        assert.equal(wrongType.status, 415);
        assert.match(wrongType.body.error, /application\/json.*application\/x-ndjson/);
        assert.equal(await storedCount(small), 0);
      } finally {
        await small.close();
      }
    });

    it('redacts secrets before they reach storage', async () => {
      const secrets = ['sk_live_SECRETVALUE0001', 'eyJhbGciOiJIUzI1NiJ9.SECRETVALUE0002', 'hunter2SECRETVALUE0003', 'SECRETVALUE0004', 'SECRETVALUE0005'];
      const response = await server.ingest([
        call(server, {
          integration: 'redaction-check',
          status: 401,
          error: `upstream said 401 for Authorization: Bearer ${secrets[1]}`,
          attrs: {
            authorization: `Bearer ${secrets[0]}`,
            refresh_token: secrets[1]!,
            db_password: secrets[2]!,
            endpoint: `https://svc:${secrets[3]}@partner.example/api`,
            query: `client_id=abc&client_secret=${secrets[4]}`,
            region: 'eu-west-1',
          },
        }),
      ]);
      assert.equal(response.status, 200);
      const row = await server.store.db.selectFrom('records').select(['error', 'attrs']).where('integration', '=', 'redaction-check').executeTakeFirstOrThrow();
      const stored = JSON.stringify(row);
      for (const secret of secrets) assert.ok(!stored.includes(secret), `${secret} reached storage: ${stored}`);
      assert.match(row.error!, /Bearer \[REDACTED\]/);
      assert.equal(JSON.parse(row.attrs!).region, 'eu-west-1');
    });
  });
}

describe('redaction reaches the disk (sqlite)', () => {
  it('leaves no secret bytes in the database file or its WAL', async () => {
    const server = await startTestServer(ENGINES[0]!);
    const secret = 'SECRETONDISK-5f2b9c';
    await server.ingest([call(server, { error: `Bearer ${secret}`, attrs: { api_key: secret } })]);
    const file = server.store.file!;
    const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]);
    assert.equal(bytes.includes(Buffer.from('SECRETONDISK')), false);
    assert.equal(bytes.includes(Buffer.from('dhl-carrier')), true, 'the record itself is on disk');
    await server.close();
  });
});
