/**
 * Records derived from log lines (runs and calls, docs/logs.md "Derived signals") count in
 * /metrics as records sent to /api/v1/ingest do: the integration families (adapter_*, sync_*)
 * and Switchboard's own ingest counters (route "logs"), from both log routes, exactly; a derived
 * record that does not validate counts as rejected, its line kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MINUTE } from '../src/rollup/tiers.js';
import { ENGINES } from './support/engines.js';
import { parseExposition, type Sample } from './support/exposition.js';
import { postLogs } from './support/logs.js';
import { startTestServer, type TestServer } from './support/server.js';

const ID = 'crm-sync';
const DAY = 24 * 60 * MINUTE;

for (const engine of ENGINES) {
  describe(`log-derived records in /metrics (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => server?.close());

    const scrape = async () => {
      const answer = await fetch(`${server.url}/metrics`, { headers: server.auth });
      assert.equal(answer.status, 200);
      return parseExposition(await answer.text());
    };
    const total = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value)).reduce((sum, s) => sum + s.value, 0);

    it('counts every derived run and call, by outcome and status, and the skipped ones as rejected', async () => {
      const before = await scrape();
      assert.equal(total(before, 'switchboard_records_accepted_total', { route: 'logs' }), 0, 'the series is there from the start, at zero');
      const ts = (i: number) => new Date(server.clock.now - 30 * MINUTE + i * 1000).toISOString();
      const line = (i: number, level: string, operation: string, metadata: Record<string, unknown>) => ({ timestamp: ts(i), level, service: 'salesforce-adapter', operation, tenantId: 'tenant-123', integrationId: ID, metadata });
      const lines = [
        ...Array.from({ length: 7 }, (_, i) => line(i, 'info', 'fetch.completed', { entity: 'contact', duration: 120 })),
        ...Array.from({ length: 5 }, (_, i) => line(10 + i, 'error', 'fetch.failed', { entity: 'contact', error: 'Invalid session token' })),
        ...Array.from({ length: 3 }, (_, i) => line(20 + i, 'error', 'fetch.failed', { entity: 'contact', error: `Request ${i} timed out after 30s` })),
        ...Array.from({ length: 2 }, (_, i) => line(30 + i, 'warn', 'push.failed', { entity: 'order', error: 'Too Many Requests' })),
        ...Array.from({ length: 4 }, (_, i) => line(40 + i, 'info', 'sync.completed', { entity: 'contact', recordCount: 100 + i, duration: 48_000 })),
        line(50, 'error', 'sync.failed', { entity: 'contact', error: 'Bulk API job aborted' }),
        // Eight days for one run is past a run's bound: the run is skipped, the line kept.
        line(51, 'info', 'sync.completed', { entity: 'contact', recordCount: 1, duration: 8 * DAY }),
        ...Array.from({ length: 6 }, (_, i) => line(60 + i, 'info', 'sync.started', { entity: 'contact' })),
      ];
      const answer = await postLogs(server, lines);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { accepted: lines.length, rejected: [], derived: { runs: 5, calls: 17, skipped: 1 } });

      // The OTLP logs route feeds the same counters.
      const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
      const otlp = {
        resourceLogs: [{
          resource: { attributes: [attribute('service.name', 'salesforce-adapter'), attribute('switchboard.integration', ID)] },
          scopeLogs: [{
            logRecords: [0, 1].map((i) => ({
              timeUnixNano: String((server.clock.now - 5 * MINUTE + i * 1000) * 1e6),
              severityNumber: 17,
              body: { stringValue: 'connect ECONNREFUSED 10.0.0.1:443' },
              attributes: [attribute('operation', 'fetch.failed'), attribute('entity', 'contact')],
            })),
          }],
        }],
      };
      const sent = await fetch(`${server.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.key}` }, body: JSON.stringify(otlp) });
      assert.equal(sent.status, 200, await sent.clone().text());
      assert.match(sent.headers.get('switchboard-logs') ?? '', /accepted=2, rejected=0, derived_runs=0, derived_calls=2/);

      const samples = await scrape();
      const of = { integration_id: ID };
      assert.equal(total(samples, 'adapter_requests_total', of), 19);
      assert.deepEqual(
        Object.fromEntries(['ok', 'auth_error', 'timeout', 'rate_limited', 'network_error', 'server_error', 'client_error'].map((status) => [status, total(samples, 'adapter_requests_total', { ...of, status })])),
        { ok: 7, auth_error: 5, timeout: 3, rate_limited: 2, network_error: 2, server_error: 0, client_error: 0 },
      );
      assert.equal(total(samples, 'adapter_rate_limit_hits_total', of), 2);
      assert.equal(total(samples, 'adapter_connection_failures_total', of), 5);
      assert.equal(total(samples, 'adapter_request_duration_seconds_count', of), 19);
      assert.equal(total(samples, 'sync_jobs_total', of), 5);
      assert.equal(total(samples, 'sync_jobs_total', { ...of, status: 'success' }), 4);
      assert.equal(total(samples, 'sync_jobs_failed_total', of), 1);
      assert.equal(total(samples, 'sync_latency_ms_count', of), 4, 'the failed run names no duration');
      assert.equal(total(samples, 'switchboard_records_accepted_total', { route: 'logs' }), 24);
      assert.equal(total(samples, 'switchboard_records_rejected_total', { route: 'logs', reason: 'invalid' }), 1);
      assert.equal(total(samples, 'switchboard_records_rejected_total', { route: 'logs', reason: 'over_limit' }), 0);
      assert.equal(total(samples, 'switchboard_ingest_request_duration_seconds_count', { route: 'logs' }), 2, 'one per batch');
      assert.equal(total(samples, 'switchboard_records_accepted_total', { route: 'ingest' }), 0, 'lines are not records sent to /api/v1/ingest');

      // The same calls the golden signals count.
      const summary = await server.get(`/api/v1/integrations/${ID}/summary?from=${server.clock.now - 60 * MINUTE}&to=${server.clock.now + MINUTE}`);
      assert.equal(summary.status, 200);
      assert.equal(summary.body.volume, total(samples, 'adapter_requests_total', of));
      assert.equal(summary.body.auth_error, 5);
    });
  });
}
