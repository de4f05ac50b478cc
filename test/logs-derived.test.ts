/**
 * Derived signals: lines of the default operations (and of a catalogue record's rules) become runs
 * and calls, counted exactly in the run and call rollups; a failed call's outcome comes from its
 * error's words ("Invalid session token" is an auth error).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyError } from '../src/logs/classify.js';
import { compactAll } from '../src/rollup/compact.js';
import { DAY, MINUTE } from '../src/rollup/tiers.js';
import { ENGINES } from './support/engines.js';
import { AFTER_EXAMPLES, DOCUMENT_EXAMPLES, postLogs } from './support/logs.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('error classification of derived calls', () => {
  const cases: Array<[string, unknown, object]> = [
    ['Invalid session token', undefined, { status: 401 }],
    ['Token expired: expired session', undefined, { status: 401 }],
    ['403 Forbidden', undefined, { status: 401 }],
    ['Rate limit exceeded, retry in 30s', undefined, { status: 429 }],
    ['Too Many Requests', undefined, { status: 429 }],
    ['502 Bad Gateway', undefined, { status: 503 }],
    ['Request timed out after 30000ms', undefined, { error: 'timeout' }],
    ['connect ECONNREFUSED 10.0.0.1:443', undefined, { error: 'connection' }],
    ['Contact 123 not found', undefined, { status: 400 }],
    ['Something odd happened', undefined, { error: 'Something odd happened' }],
    ['Something odd happened', 418, { status: 418 }],
  ];
  for (const [text, status, expected] of cases) it(`classifies ${JSON.stringify(text)}${status ? ` with status ${status}` : ''}`, () => assert.deepEqual(classifyError(text, status), expected));
});

const CATALOGUE = `apiVersion: switchboard/v1
kind: Integration
metadata:
  name: feed-importer
spec:
  type: feed
  partner: Feeds Inc
  owner: team-feeds
  logSignals:
    - operation: import.finished
      signal: run
      job: nightly-import
    - operation: webhook.rejected
      signal: call
      callOperation: webhook.receive
      direction: inbound
`;

for (const engine of ENGINES) {
  describe(`derived signals (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'logs-catalogue-'));
      writeFileSync(join(dir, 'feed.yaml'), CATALOGUE);
      server = await startTestServer(engine, { now: AFTER_EXAMPLES, catalogue: dir });
    });
    after(async () => server.close());

    const totals = async (integration: string) => {
      await compactAll(server.store.db);
      const runs = await server.store.db
        .selectFrom('run_rollups')
        .select((eb) => [eb.fn.sum<number>('runs').as('runs'), eb.fn.sum<number>('success').as('success'), eb.fn.sum<number>('failed').as('failed'), eb.fn.sum<number>('records').as('records'), eb.fn.sum<number>('duration_ms').as('duration')])
        .where('integration', '=', integration)
        .where('resolution_ms', '=', DAY)
        .executeTakeFirstOrThrow();
      const calls = await server.store.db
        .selectFrom('call_rollups')
        .select(['operation', 'direction', (eb) => eb.fn.sum<number>('volume').as('volume'), (eb) => eb.fn.sum<number>('ok').as('ok'), (eb) => eb.fn.sum<number>('auth_error').as('auth'), (eb) => eb.fn.sum<number>('timeout').as('timeout')])
        .where('integration', '=', integration)
        .where('resolution_ms', '=', DAY)
        .groupBy(['operation', 'direction'])
        .orderBy('operation')
        .execute();
      return {
        runs: Object.values(runs).map((value) => Number(value ?? 0)),
        calls: calls.map((c) => [c.operation, c.direction, Number(c.volume), Number(c.ok), Number(c.auth), Number(c.timeout)]),
      };
    };

    it("turns the document's fetch.failed into an auth-error call, and sync.completed lines into runs", async () => {
      const at = (minutes: number) => new Date(AFTER_EXAMPLES - minutes * MINUTE).toISOString();
      const completed = (minutes: number, recordCount: number, duration: number) => ({ timestamp: at(minutes), level: 'info', operation: 'sync.completed', tenantId: 'tenant-123', integrationId: 'salesforce-connection-1', metadata: { entity: 'contact', recordCount, duration } });
      const lines = [
        ...DOCUMENT_EXAMPLES,
        completed(20, 1_500, 42_000),
        completed(10, 700, 18_000),
        { timestamp: at(9), level: 'error', operation: 'sync.failed', tenantId: 'tenant-123', integrationId: 'salesforce-connection-1', metadata: { entity: 'contact', error: 'Invalid session token' } },
        { timestamp: at(8), level: 'info', operation: 'fetch.completed', tenantId: 'tenant-123', integrationId: 'salesforce-connection-1', metadata: { entity: 'contact', duration: 350 } },
        { timestamp: at(7), level: 'error', operation: 'fetch.failed', tenantId: 'tenant-123', integrationId: 'salesforce-connection-1', metadata: { entity: 'contact', error: 'Request timed out after 30s', duration: 30_000 } },
        // Not mapped: a warning about a retry is no call of its own.
        { timestamp: at(6), level: 'warn', operation: 'fetch.retry', tenantId: 'tenant-123', integrationId: 'salesforce-connection-1', metadata: { entity: 'contact' } },
      ];
      const answer = await postLogs(server, lines);
      assert.deepEqual(answer.body, { accepted: lines.length, rejected: [], derived: { runs: 3, calls: 3, skipped: 0 } });
      assert.deepEqual(await totals('salesforce-connection-1'), {
        runs: [3, 2, 1, 2_200, 60_000],
        calls: [['fetch.contact', 'outbound', 3, 1, 1, 1]],
      });
      const failed = await server.store.db.selectFrom('records').select(['http_status', 'outcome', 'error', 'tenant', 'attrs']).where('integration', '=', 'salesforce-connection-1').where('kind', '=', 'call').where('outcome', '=', 'auth_error').executeTakeFirstOrThrow();
      assert.deepEqual([failed.http_status, failed.error, failed.tenant], [401, 'Invalid session token', 'tenant-123']);
      assert.deepEqual(JSON.parse(failed.attrs!), { derived_from: 'log', log_operation: 'fetch.failed' });
    });

    it("keeps a derived record to a record's bounds, and as redacted as its line", async () => {
      const short = await startTestServer(engine, { now: AFTER_EXAMPLES, env: { SWITCHBOARD_RETENTION_RAW_DAYS: '7' } });
      try {
        const at = (minutes: number) => AFTER_EXAMPLES - minutes * MINUTE;
        const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
        const line = (minutes: number, level: string, operation: string, metadata: Record<string, unknown>) => ({ timestamp: at(minutes), level, operation, tenantId: 'tenant-9', integrationId: 'erp-feed', metadata });
        const lines = [
          line(30, 'error', 'fetch.failed', { entity: 'invoice', error: `Invalid session token: Authorization: Bearer ${token}`, orderId: 'o-7', password: 'hunter2' }),
          // Each of these breaks a record's bound: its line is kept, its record skipped.
          line(25, 'info', 'fetch.completed', { entity: 'invoice', status: 999 }),
          line(24, 'info', 'sync.completed', { entity: 'x'.repeat(250), recordCount: 3 }),
          line(23, 'info', 'sync.completed', { entity: 'invoice', recordCount: 2 ** 60 }),
          line(22, 'info', 'sync.completed', { entity: 'invoice', duration: 8 * DAY }),
          // Inside the log retention (30 days), past the raw records' (7).
          line(10 * 24 * 60, 'info', 'sync.completed', { entity: 'invoice', recordCount: 5 }),
          line(20, 'info', 'sync.completed', { entity: 'invoice', recordCount: 5, duration: 1_000 }),
        ];
        const answer = await postLogs(short, lines);
        assert.deepEqual(answer.body, { accepted: lines.length, rejected: [], derived: { runs: 1, calls: 1, skipped: 5 } });
        const call = await short.store.db.selectFrom('records').selectAll().where('integration', '=', 'erp-feed').where('kind', '=', 'call').executeTakeFirstOrThrow();
        const stored = await short.store.db.selectFrom('log_records').select(['message', 'metadata']).where('integration', '=', 'erp-feed').where('operation', '=', 'fetch.failed').executeTakeFirstOrThrow();
        assert.ok(!JSON.stringify(call).includes(token.slice(20, 40)) && !JSON.stringify(stored).includes(token.slice(20, 40)), 'no part of the token is stored');
        assert.ok(!JSON.stringify(call).includes('hunter2'));
        assert.equal(call.error, stored.message, "the call's error is the line's redacted text");
        assert.equal(call.error, 'Invalid session token: [REDACTED] Bearer [REDACTED]');
        assert.deepEqual([call.operation, call.http_status, call.outcome, call.tenant, call.order_id, call.env], ['fetch.invoice', 401, 'auth_error', 'tenant-9', 'o-7', 'production']);
        const run = await short.store.db.selectFrom('records').selectAll().where('integration', '=', 'erp-feed').where('kind', '=', 'run').executeTakeFirstOrThrow();
        assert.deepEqual([run.job, run.run_status, Number(run.duration_ms), JSON.parse(run.counts!), Number(run.ts)], ['sync.invoice', 'success', 1_000, { records: 5 }, at(20)]);
      } finally {
        await short.close();
      }
    });

    it("follows a catalogue record's own rules", async () => {
      const at = (minutes: number) => AFTER_EXAMPLES - minutes * MINUTE;
      const lines = [
        { timestamp: at(30), level: 'info', operation: 'import.finished', integrationId: 'feed-importer', metadata: { recordCount: 40, duration: 9_000 } },
        { timestamp: at(20), level: 'error', operation: 'import.finished', integrationId: 'feed-importer', metadata: { error: 'Feed file missing' } },
        { timestamp: at(10), level: 'warn', operation: 'webhook.rejected', integrationId: 'feed-importer', message: 'signature mismatch', metadata: { status: 401 } },
        { timestamp: at(5), level: 'info', operation: 'sync.completed', integrationId: 'feed-importer', metadata: { recordCount: 3 } },
      ];
      const answer = await postLogs(server, lines);
      assert.deepEqual(answer.body.derived, { runs: 3, calls: 1, skipped: 0 });
      assert.deepEqual(await totals('feed-importer'), { runs: [3, 2, 1, 43, 9_000], calls: [['webhook.receive', 'inbound', 1, 0, 1, 0]] });
      const jobs = await server.store.db.selectFrom('records').select('job').distinct().where('integration', '=', 'feed-importer').where('kind', '=', 'run').orderBy('job').execute();
      assert.deepEqual(jobs.map((j) => j.job), ['nightly-import', 'sync.completed']);
    });
  });
}
