/**
 * POST /api/v1/logs: the document's lines and their snake_case twin are committed with their
 * rollups; bad lines get specific rejections and leave the good ones; secrets never reach the
 * store; the keys of /api/v1/ingest apply; raw lines have their own retention.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tokenWith } from './support/access.js';
import { ENGINES } from './support/engines.js';
import { AFTER_EXAMPLES, DOCUMENT_EXAMPLES, postLogs } from './support/logs.js';
import { startTestServer, type TestServer } from './support/server.js';
import { compactAll } from '../src/rollup/compact.js';
import { DAY, HOUR, MINUTE } from '../src/rollup/tiers.js';

for (const engine of ENGINES) {
  describe(`log ingest (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { now: AFTER_EXAMPLES });
    });
    after(async () => server.close());

    it('commits the document example lines verbatim as NDJSON, with the ids and error text they carry', async () => {
      const ndjson = DOCUMENT_EXAMPLES.map((line) => JSON.stringify(line, null, 0)).join('\n');
      const answer = await postLogs(server, ndjson, { contentType: 'application/x-ndjson' });
      assert.deepEqual(answer, { status: 200, body: { accepted: 2, rejected: [], derived: { runs: 0, calls: 1, skipped: 0 } } });
      const rows = await server.store.db.selectFrom('log_records').selectAll().where('integration', '=', 'salesforce-connection-1').orderBy('ts').execute();
      assert.deepEqual(
        rows.map((r) => [Number(r.ts), r.level, r.service, r.operation, r.tenant, r.message, r.fingerprint !== null]),
        [
          [Date.parse('2025-12-20T10:30:00Z'), 'info', 'sync-task-service', 'sync.started', 'tenant-123', null, false],
          [Date.parse('2025-12-20T10:30:05Z'), 'error', 'salesforce-adapter', 'fetch.failed', 'tenant-123', 'Invalid session token', true],
        ],
      );
      assert.deepEqual(JSON.parse(rows[0]!.metadata!), DOCUMENT_EXAMPLES[0]!.metadata);
    });

    it('takes the snake_case twin and epoch milliseconds, and reads order, shipment and correlation ids out of metadata', async () => {
      const ts = AFTER_EXAMPLES - 5 * MINUTE;
      const answer = await postLogs(server, [
        { timestamp: ts, level: 'WARN', service: 'shop-sync', operation: 'order.push', tenant_id: 'tenant-123', integration_id: 'shop-east', message: 'retrying order 5512', metadata: { orderId: 'o-5512', shipment_id: 's-9', correlationId: 'c-1', attempt: 2 } },
      ]);
      assert.deepEqual(answer.body, { accepted: 1, rejected: [], derived: { runs: 0, calls: 0, skipped: 0 } });
      const row = await server.store.db.selectFrom('log_records').selectAll().where('integration', '=', 'shop-east').executeTakeFirstOrThrow();
      assert.deepEqual([Number(row.ts), row.level, row.tenant, row.order_id, row.shipment_id, row.correlation_id], [ts, 'warn', 'tenant-123', 'o-5512', 's-9', 'c-1']);
    });

    it('rejects each bad line with its own reason and commits the good lines of the same batch', async () => {
      const good = { timestamp: '2025-12-20T10:59:00Z', level: 'info', integrationId: 'reject-batch', operation: 'sync.completed' };
      const cases: Array<[unknown, RegExp]> = [
        [{ ...good, timestamp: undefined }, /missing required field "timestamp"/],
        [{ ...good, level: 'loud' }, /level "loud" is not one of trace, debug, info, warn, error, fatal/],
        [{ ...good, color: 'red' }, /unknown field "color"/],
        [{ ...good, integration_id: 'reject-batch' }, /both "integrationId" and "integration_id"/],
        [{ ...good, integrationId: 'Not Valid' }, /integrationId must match/],
        [{ ...good, timestamp: '2025-12-20T12:00:00Z' }, /timestamp .* in the future beyond the allowed clock skew/],
        [{ ...good, timestamp: '2025-10-01T00:00:00Z' }, /timestamp .* older than the log retention/],
        [{ ...good, timestamp: '2025-02-31T00:00:00Z' }, /not a valid date/],
        [{ ...good, metadata: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, /nested deeper than 5 levels/],
        [{ ...good, metadata: 'text' }, /metadata must be an object/],
        [{ ...good, message: 'x'.repeat(4_001) }, /message is 4001 characters long; the limit is 4000/],
        [{ ...good, metadata: { orderId: { nested: true } } }, /metadata.orderId must be a string or a number/],
        [{ ...good, operation: 'a\u0000b' }, /operation contains a NUL character/],
        [[good], /a log line must be a JSON object/],
      ];
      const body = [good, ...cases.map(([line]) => line), good];
      const answer = await postLogs(server, body);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.accepted, 2);
      assert.deepEqual(answer.body.rejected.map((r: { index: number }) => r.index), cases.map((_, i) => i + 1));
      cases.forEach(([, reason], i) => assert.match(answer.body.rejected[i].error, reason, `case ${i + 1}`));
      const stored = await server.store.db.selectFrom('log_records').select('id').where('integration', '=', 'reject-batch').execute();
      assert.equal(stored.length, 2);
    });

    it('answers a body that does not parse, too many lines, another content type and a missing or wrong key as /api/v1/ingest does', async () => {
      assert.equal((await postLogs(server, '[{"timestamp":')).status, 400);
      assert.equal((await postLogs(server, { timestamp: 1 })).body.code, 'invalid_body');
      assert.equal((await postLogs(server, '[]', { contentType: 'text/plain' })).status, 415);
      assert.equal((await postLogs(server, '[]', { key: null })).status, 401);
      const reader = await tokenWith(server, 'reader', ['read']);
      assert.equal((await postLogs(server, '[]', { key: reader })).status, 403, 'a read token may not write logs');
      const many = Array.from({ length: server.config.ingest.maxRecords + 1 }, () => ({}));
      assert.equal((await postLogs(server, many)).status, 413);
    });

    it('keeps secrets out of the store: secret-named metadata, tokens in messages and nested values', async () => {
      const answer = await postLogs(server, [
        {
          timestamp: '2025-12-20T10:58:00Z',
          level: 'error',
          integrationId: 'secret-shop',
          operation: 'auth.refresh?api_key=abc123secret',
          message: 'refresh failed with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
          metadata: { apiKey: 'k-live-123', request: { headers: { authorization: 'Basic dXNlcjpwYXNzd29yZA==' }, url: 'https://bob:hunter2@partner.example/x' } },
        },
      ]);
      assert.equal(answer.body.accepted, 1);
      const row = await server.store.db.selectFrom('log_records').selectAll().where('integration', '=', 'secret-shop').executeTakeFirstOrThrow();
      const stored = JSON.stringify(row);
      for (const secret of ['abc123secret', 'eyJhbGciOiJIUzI1NiJ9', 'k-live-123', 'dXNlcjpwYXNzd29yZA', 'hunter2']) assert.ok(!stored.includes(secret), `${secret} reached the store: ${stored}`);
      assert.equal(row.operation, 'auth.refresh');
      const group = await server.store.db.selectFrom('log_error_groups').selectAll().where('integration', '=', 'secret-shop').executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(group).includes('eyJhbGciOiJIUzI1NiJ9'));
    });

    it('rolls the lines up per integration, level and operation, carried up to the day tier exactly', async () => {
      const lines = Array.from({ length: 30 }, (_, i) => ({
        timestamp: AFTER_EXAMPLES - (i + 1) * 3 * MINUTE,
        level: i % 3 === 0 ? 'error' : 'info',
        integrationId: 'rolled',
        operation: i % 2 === 0 ? 'fetch' : 'push',
        ...(i % 3 === 0 ? { message: `Order ${1000 + i} not found` } : {}),
      }));
      assert.equal((await postLogs(server, lines)).body.accepted, 30);
      await compactAll(server.store.db);
      const counts = async (resolution: number) => {
        const rows = await server.store.db
          .selectFrom('log_rollups')
          .select(['level', 'operation', (eb) => eb.fn.sum<number>('lines').as('lines')])
          .where('integration', '=', 'rolled')
          .where('resolution_ms', '=', resolution)
          .groupBy(['level', 'operation'])
          .orderBy('level')
          .orderBy('operation')
          .execute();
        return rows.map((r) => [r.level, r.operation, Number(r.lines)]);
      };
      const expected = [['error', 'fetch', 5], ['error', 'push', 5], ['info', 'fetch', 10], ['info', 'push', 10]];
      for (const resolution of [MINUTE, HOUR, DAY]) assert.deepEqual(await counts(resolution), expected, `tier ${resolution}`);
      const errorTypes = await server.store.db.selectFrom('log_error_rollups').select((eb) => eb.fn.sum<number>('lines').as('lines')).where('integration', '=', 'rolled').where('resolution_ms', '=', DAY).executeTakeFirstOrThrow();
      assert.equal(Number(errorTypes.lines), 10);
    });
  });
}
