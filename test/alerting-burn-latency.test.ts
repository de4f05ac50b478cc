import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listAlerts } from '../src/alerting/alerts.js';
import { AlertEngine } from '../src/alerting/engine.js';
import { AlertRules, parseAlertingFile } from '../src/alerting/rules/index.js';
import { defaultRules } from '../src/alerting/rules/defaults.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { compactAll } from '../src/rollup/compact.js';
import { acmePostCatalogue } from './support/acme-catalogue.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * Burn-rate rules over the latency SLO's budget (issue 12): a p95 target of 500 ms promises 95 %
 * of calls within it, so 5 % may be slower. Calls every 10 s through the ingest API on a moved
 * clock, the default rules of the catalogue record, the evaluator after every ingest.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 10, 20, 0, 0, 0);
const CALL_EVERY = 10 * SECOND;
const PAGE = 'acme-post:burn_rate:latency:page';

const dir = acmePostCatalogue(['slo: { successRate: 0.99, latencyP95: 500ms }']);
const catalogue = new Catalogue(dir);
catalogue.load();

describe('latency burn-rate rules', () => {
  it('are default rules of an integration with a p95 target: page and ticket pairs over 95 % within the target', () => {
    const rules = defaultRules(catalogue.get('acme-post')!).filter((rule) => rule.kind === 'burn_rate' && rule.slo === 'latency');
    assert.deepEqual(rules.map((rule) => [rule.name, rule.severity, rule.objective, rule.thresholdMs, rule.burnPairs?.map((pair) => pair.factor)]), [
      ['acme-post:burn_rate:latency:page', 'critical', 0.95, 500, [14.4, 6]],
      ['acme-post:burn_rate:latency:ticket', 'warning', 0.95, 500, [3, 1]],
    ]);
  });

  it('are written with slo: latency and an optional threshold; a success rule refuses a threshold', () => {
    const { rules, problems } = parseAlertingFile(
      `rules:
  - { name: slow-budget, kind: burn_rate, integration: "*", slo: latency, threshold: 1s, objective: 0.9 }
  - { name: slow-default, kind: burn_rate, integration: acme-post, slo: latency }
  - { name: wrong, kind: burn_rate, integration: acme-post, threshold: 1s }
  - { name: wrong-slo, kind: burn_rate, integration: acme-post, slo: speed }
`,
      'alerting.yaml',
    );
    assert.deepEqual(rules.map((rule) => [rule.name, rule.slo, rule.thresholdMs, rule.objective]), [
      ['slow-budget', 'latency', 1_000, 0.9],
      ['slow-default', 'latency', undefined, undefined],
    ]);
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assert.match(problems[0]!.message, /rules\.2\.threshold: only a latency burn-rate rule \(slo: latency\) takes a threshold/);
    assert.equal(problems[0]!.line, 4);
    assert.match(problems[1]!.message, /slo/);
  });
});

/** Calls every 10 s up to `until`, each slow when `slow(ts)`; evaluated after every ingest, compacted every hour of data. */
async function run(server: TestServer, engine: AlertEngine, from: number, until: number, slow: (ts: number) => boolean, ingestEvery: number): Promise<number> {
  let sent = from;
  while (sent < until) {
    const to = Math.min(until, sent + ingestEvery);
    const batch = [];
    for (let ts = sent; ts < to; ts += CALL_EVERY) batch.push({ kind: 'call', ts, integration: 'acme-post', direction: 'outbound', operation: 'label.create', status: 201, latency_ms: slow(ts) ? 2_000 : 120 });
    server.clock.now = to;
    const answer = await server.ingest(batch);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    if (Math.floor(to / HOUR) !== Math.floor(sent / HOUR)) await compactAll(server.store.db);
    sent = to;
    await engine.evaluateOnce();
  }
  return sent;
}

for (const engine of ENGINES) {
  describe(`latency budget burning (${engine.name})`, () => {
    it('pages once the hour has burnt 14.4× the latency budget (43.2 min of slow calls), not for 30 slow minutes, and resolves', async () => {
      const server = await startTestServer(engine, { now: START, catalogue: dir });
      try {
        const rules = new AlertRules(undefined, catalogue);
        rules.load();
        const alertEngine = new AlertEngine({ db: server.store.db, catalogue, rules, clock: server.clock.read, rollupRetentionMs: server.config.retention.rollupMs, consoleBase: 'https://switchboard.example' });
        const changes = async (rule: string, state: 'firing' | 'resolved') => {
          const alert = (await listAlerts(server.store.db)).find((a) => a.rule === rule);
          if (!alert) return [];
          const rows = await server.store.db.selectFrom('alert_events').select(['ts']).where('alert_id', '=', alert.id).where('to_state', '=', state).orderBy('ts').execute();
          return rows.map((row) => Number(row.ts));
        };
        let t = await run(server, alertEngine, START, START + 3 * HOUR, () => false, HOUR);
        // Half an hour of nothing but slow calls: half the hour's calls, 10× the budget's pace, under 14.4×.
        const episode = t;
        t = await run(server, alertEngine, t, t + 30 * MINUTE, () => true, 5 * MINUTE);
        t = await run(server, alertEngine, t, t + 2 * HOUR, () => false, 10 * MINUTE);
        assert.deepEqual(await changes(PAGE, 'firing'), [], `30 slow minutes from ${new Date(episode).toISOString()} paged`);

        const slowFrom = t;
        t = await run(server, alertEngine, t, t + 50 * MINUTE, () => true, MINUTE);
        const fired = await changes(PAGE, 'firing');
        assert.equal(fired.length, 1, 'paged once');
        const after = (fired[0]! - slowFrom) / MINUTE;
        // 43.2 min of slow calls make 72 % of the hour's: 14.4 × the 5 % allowed (+ a minute of ingest steps).
        assert.ok(after >= 43 && after <= 45, `paged ${after} min into the slow calls`);
        const alert = (await listAlerts(server.store.db)).find((a) => a.rule === PAGE)!;
        assert.match(alert.summary, /^latency budget burning [\d.]+× over 1 h and 20× over 5 min \(above 14\.4× on both\): [\d.]+ % of calls slower than 500 ms against 95 % within 500 ms$/);
        // Every call succeeded: the success budget's rules stay quiet.
        assert.deepEqual(await changes('acme-post:burn_rate:page', 'firing'), []);

        const fastFrom = t;
        await run(server, alertEngine, t, t + 20 * MINUTE, () => false, MINUTE);
        const resolved = await changes(PAGE, 'resolved');
        assert.equal(resolved.length, 1, 'resolved once the burning stopped');
        assert.ok(resolved[0]! - fastFrom <= 12 * MINUTE, `resolved ${(resolved[0]! - fastFrom) / MINUTE} min after`);
      } finally {
        await server.close();
      }
    });
  });
}
