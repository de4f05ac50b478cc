/**
 * The log_errors rule kind: a new error type, or one whose rate jumps against its baseline, fires
 * with a summary (the notification's text) that quotes the newest sample; the usual rate of a
 * known type stays quiet; a bad rule is refused with its reason.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listAlerts } from '../src/alerting/alerts.js';
import { AlertEngine } from '../src/alerting/engine.js';
import { AlertRules } from '../src/alerting/rules/index.js';
import { parseAlertingFile } from '../src/alerting/rules/parse.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { HOUR, MINUTE } from '../src/rollup/tiers.js';
import { ENGINES } from './support/engines.js';
import { postLogs } from './support/logs.js';
import { startTestServer } from './support/server.js';

const START = Date.UTC(2026, 10, 20, 0, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-log-alerts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const RULES = `rules:
  - { name: "crm:log-jump", kind: log_errors, integration: crm, window: 15m, for: 0s, jump: 3, minLines: 5, newTypes: false }
  - { name: "crm:log-new", kind: log_errors, integration: crm, window: 15m, for: 0s, jump: 1000 }
`;

describe('log_errors rules in the alerting file', () => {
  it('refuses fields the kind has no use for and values out of range', () => {
    const parsed = parseAlertingFile('rules:\n  - { name: a, kind: log_errors, integration: crm, operation: x }\n  - { name: b, kind: log_errors, integration: crm, jump: 0 }\n  - { name: c, kind: log_errors, integration: crm, level: warn, baselineWindow: 6h }\n', 'alerting.yaml');
    assert.equal(parsed.problems.length, 2, JSON.stringify(parsed.problems));
    assert.deepEqual(parsed.rules.map((r) => [r.name, r.logLevel, r.logBaselineMs]), [['c', 'warn', 6 * HOUR]]);
  });
});

for (const engine of ENGINES) {
  describe(`log_errors alerts (${engine.name})`, () => {
    it('fires on a jump of a known error type and on a new one, quoting the sample, and not on the usual rate', async () => {
      const server = await startTestServer(engine, { now: START });
      try {
        const file = join(dir, `alerting-${engine.name}.yaml`);
        writeFileSync(file, RULES);
        const catalogue = Catalogue.empty();
        const rules = new AlertRules(file, catalogue);
        rules.load();
        assert.deepEqual(rules.problems(), []);
        const alerts = new AlertEngine({ db: server.store.db, catalogue, rules, clock: server.clock.read, rollupRetentionMs: server.config.retention.rollupMs, consoleBase: 'https://switchboard.example' });
        const timeout = (ts: number, i: number) => ({ timestamp: ts, level: 'error', integrationId: 'crm', operation: 'fetch.failed', message: `Request ${i} timed out after ${20 + (i % 10)}s` });
        // The usual: a timeout every 30 minutes over the day before.
        const usual = Array.from({ length: 48 }, (_, i) => timeout(START - 24 * HOUR + i * 30 * MINUTE, i));
        assert.equal((await postLogs(server, usual)).body.accepted, usual.length);
        await alerts.evaluateOnce();
        const state = async (rule: string) => (await listAlerts(server.store.db)).find((alert) => alert.rule === rule);
        assert.equal((await state('crm:log-jump'))?.state ?? 'inactive', 'inactive', 'the usual rate is quiet');
        assert.equal((await state('crm:log-new'))?.state ?? 'inactive', 'inactive', 'a known type is not new');

        // Ten timeouts in the last quarter of an hour; the 24 hours before the window hold 47 of the
        // usual ones (the first is just outside), 0.49 a quarter of an hour: 20.4 times that.
        server.clock.advance(20 * MINUTE);
        const burst = Array.from({ length: 10 }, (_, i) => timeout(server.clock.now - 10 * MINUTE + i * MINUTE, 100 + i));
        assert.equal((await postLogs(server, burst)).body.accepted, 10);
        await alerts.evaluateOnce();
        const jump = await state('crm:log-jump');
        assert.equal(jump?.state, 'firing');
        assert.match(jump!.summary, /^error type "Request <n> timed out after <n>" jumped to 10 lines in 15 min, 20\.4× its usual 0\.5; latest: "Request 109 timed out after 29s"$/);
        assert.equal((await state('crm:log-new'))?.state ?? 'inactive', 'inactive', 'a jump alone is no new type');

        server.clock.advance(MINUTE);
        assert.equal((await postLogs(server, [{ timestamp: server.clock.now - 30_000, level: 'error', integrationId: 'crm', operation: 'fetch.failed', metadata: { error: 'Invalid session token' } }])).body.accepted, 1);
        await alerts.evaluateOnce();
        const fresh = await state('crm:log-new');
        assert.equal(fresh?.state, 'firing');
        assert.equal(fresh!.summary, 'new error type "Invalid session token": 1 line in 15 min; latest: "Invalid session token"');

        // Each alert names the error type it is about, and its console link goes to that type's lines.
        const groups = (await server.get(`/api/v1/integrations/crm/logs/errors?from=${START - 25 * HOUR}`)).body.groups as Array<{ fingerprint: string; pattern: string; sample: string }>;
        const typeOf = (pattern: string) => {
          const group = groups.find((g) => g.pattern === pattern);
          assert.ok(group, `no group ${pattern} in ${JSON.stringify(groups)}`);
          return { fingerprint: group.fingerprint, pattern: group.pattern, sample: group.sample };
        };
        const linked = (fingerprint: string) => `https://switchboard.example/integrations/crm?window=1h&tab=logs&fingerprint=${fingerprint}`;
        const timeouts = typeOf('Request <n> timed out after <n>');
        assert.deepEqual({ ...(await state('crm:log-jump'))!.context!.errorType }, { ...timeouts, sample: 'Request 109 timed out after 29s' });
        assert.equal((await state('crm:log-jump'))!.context!.links.console, linked(timeouts.fingerprint));
        const session = typeOf('Invalid session token');
        assert.notEqual(session.fingerprint, timeouts.fingerprint);
        assert.deepEqual({ ...fresh!.context!.errorType }, session);
        assert.equal(fresh!.context!.links.console, linked(session.fingerprint));

        // Resolved, each keeps the type it fired on: its link still leads to that type's lines.
        server.clock.advance(20 * MINUTE);
        await alerts.evaluateOnce();
        const resolved = await state('crm:log-new');
        assert.equal(resolved?.state, 'resolved');
        assert.equal(resolved!.context!.kind, 'resolved');
        assert.deepEqual({ ...resolved!.context!.errorType }, session);
        assert.equal(resolved!.context!.links.console, linked(session.fingerprint));
        const jumpResolved = await state('crm:log-jump');
        assert.equal(jumpResolved?.state, 'resolved');
        assert.equal(jumpResolved!.context!.errorType?.fingerprint, timeouts.fingerprint);
        assert.equal(jumpResolved!.context!.links.console, linked(timeouts.fingerprint));
        // Through the API too, and the next cycles leave it so.
        await alerts.evaluateOnce();
        const listed = (await server.get('/api/v1/alerts?integration=crm&state=resolved')).body.alerts as Array<{ rule: string; context: { errorType?: { fingerprint: string }; links: { console: string } } }>;
        const fromApi = listed.find((alert) => alert.rule === 'crm:log-new');
        assert.equal(fromApi?.context.errorType?.fingerprint, session.fingerprint, JSON.stringify(listed));
        assert.equal(fromApi?.context.links.console, linked(session.fingerprint));
      } finally {
        await server.close();
      }
    });
  });
}
