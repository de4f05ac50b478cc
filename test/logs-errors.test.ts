/**
 * Error grouping: messages that differ only in what varies between occurrences (ids, numbers,
 * quoted values, hex, UUIDs) share a fingerprint, different messages do not (a table of cases);
 * GET …/logs/errors counts groups in a window with their trend, sample, first and last seen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fingerprintOf, patternOf } from '../src/logs/fingerprint.js';
import { trendOf } from '../src/logs/groups-read.js';
import { HOUR, MINUTE } from '../src/rollup/tiers.js';
import { ENGINES } from './support/engines.js';
import { postLogs } from './support/logs.js';
import { startTestServer, type TestServer } from './support/server.js';

const fingerprint = (message: string) => fingerprintOf(patternOf(message));

describe('error fingerprints', () => {
  const same: Array<[string, string, string]> = [
    ['numbers', 'Order 81723 not found', 'Order 90112 not found'],
    ['ids with letters and digits', 'Order ORD-2026-0042 not found', 'Order ORD-2026-7781 not found'],
    ['UUIDs', 'Task 3f2c1a9e-8b7d-4c6e-9f01-23456789abcd failed', 'Task 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d failed'],
    ['double-quoted values', 'Unknown SKU "blue-shirt-xl"', 'Unknown SKU "red hat"'],
    ['single-quoted values', "Field 'email' is required", "Field 'phone' is required"],
    ['hex', 'Checksum mismatch: 0x1f3a vs 0xbeef', 'Checksum mismatch: 0x00ff vs 0x1234'],
    ['long hex ids', 'Object 5f2b9c1e7a3d4f60 locked', 'Object 9a8b7c6d5e4f3a21 locked'],
    ['durations with units', 'Request timed out after 30s', 'Request timed out after 45s'],
    ['e-mail addresses', 'Mailbox anna@example.com is full', 'Mailbox bob.smith@partner.example.org is full'],
    ['whitespace', 'Rate   limit  exceeded', 'Rate limit exceeded'],
    ['a stack after the first line', 'TypeError: x is undefined\n    at a (file.js:1:2)', 'TypeError: x is undefined\n    at b (other.js:9:9)'],
  ];
  const different: Array<[string, string, string]> = [
    ['different errors', 'Invalid session token', 'Connection refused'],
    ['different words around an id', 'Order 12 not found', 'Order 12 cancelled'],
    ['different entities', 'Contact 12 not found', 'Account 12 not found'],
    ['different causes in the same frame', 'Sync failed: timeout', 'Sync failed: invalid credentials'],
  ];
  for (const [name, a, b] of same) it(`groups messages that differ only in ${name}`, () => assert.equal(fingerprint(a), fingerprint(b), `${patternOf(a)} | ${patternOf(b)}`));
  for (const [name, a, b] of different) it(`keeps ${name} apart`, () => assert.notEqual(fingerprint(a), fingerprint(b), `${patternOf(a)} | ${patternOf(b)}`));

  it('says what it replaced in the pattern it shows', () => {
    assert.equal(patternOf('Order ORD-81723 for "ACME" failed after 3 retries (request 3f2c1a9e-8b7d-4c6e-9f01-23456789abcd)'), 'Order <id> for <str> failed after <n> retries (request <uuid>)');
  });

  it('judges a trend against the window before', () => {
    assert.equal(trendOf(5, 0, 100, 50), 'new');
    assert.equal(trendOf(10, 4, 0, 50), 'rising');
    assert.equal(trendOf(2, 4, 0, 50), 'falling');
    assert.equal(trendOf(5, 4, 0, 50), 'steady');
    assert.equal(trendOf(0, 0, 0, 50), 'steady');
  });
});

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

for (const engine of ENGINES) {
  describe(`error groups (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { now: NOW });
    });
    after(async () => server.close());

    it('counts each error type in the window with its trend, newest sample, first and last seen', async () => {
      const line = (ts: number, level: string, message: string) => ({ timestamp: ts, level, integrationId: 'crm', operation: 'fetch.failed', message });
      const lines = [
        // Yesterday (the window before a 24-hour window): 4 timeouts.
        ...Array.from({ length: 4 }, (_, i) => line(NOW - 30 * HOUR + i * MINUTE, 'error', `Request ${i} timed out after ${30 + i}s`)),
        // Today: 9 timeouts (rising), 3 new "Order … not found", 1 warning, and info lines (not grouped).
        ...Array.from({ length: 9 }, (_, i) => line(NOW - 5 * HOUR + i * MINUTE, 'error', `Request ${100 + i} timed out after ${10 + i}s`)),
        ...Array.from({ length: 3 }, (_, i) => line(NOW - 2 * HOUR + i * MINUTE, i === 2 ? 'fatal' : 'error', `Order ORD-${500 + i} not found`)),
        line(NOW - HOUR, 'warn', 'Rate limit at 90%'),
        ...Array.from({ length: 5 }, (_, i) => line(NOW - HOUR + i, 'info', `Synced ${i} records`)),
      ];
      assert.equal((await postLogs(server, lines)).body.accepted, lines.length);
      const answer = await server.get('/api/v1/integrations/crm/logs/errors');
      assert.equal(answer.status, 200);
      const summary = answer.body.groups.map((g: any) => [g.pattern, g.level, g.lines, g.previous_lines, g.total_lines, g.trend, g.points.reduce((a: number, b: number) => a + b, 0)]);
      assert.deepEqual(summary, [
        ['Request <n> timed out after <n>', 'error', 9, 4, 13, 'rising', 9],
        ['Order <id> not found', 'fatal', 3, 0, 3, 'new', 3],
        ['Rate limit at <n>', 'warn', 1, 0, 1, 'new', 1],
      ]);
      const timeouts = answer.body.groups[0];
      assert.equal(timeouts.sample, 'Request 108 timed out after 18s', 'the newest line is the sample');
      assert.equal(timeouts.first_seen, NOW - 30 * HOUR);
      assert.equal(timeouts.last_seen, NOW - 5 * HOUR + 8 * MINUTE);
      assert.equal(answer.body.t.length, timeouts.points.length);
      const ofGroup = await server.get(`/api/v1/integrations/crm/logs?fingerprint=${timeouts.fingerprint}&from=${NOW - 2 * 86_400_000}`);
      assert.equal(ofGroup.body.logs.length, 13, 'the lines of one group');
      assert.equal((await server.get('/api/v1/integrations/crm/logs/errors?limit=1')).body.groups.length, 1);
      assert.equal((await server.get('/api/v1/integrations/crm/logs?fingerprint=xyz')).status, 400);
    });
  });
}
