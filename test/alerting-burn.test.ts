import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listAlerts } from '../src/alerting/alerts.js';
import { AlertEngine } from '../src/alerting/engine.js';
import { AlertRules } from '../src/alerting/rules/index.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { compactAll } from '../src/rollup/compact.js';
import { acmePostCatalogue } from './support/acme-catalogue.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * Error budgets and burn rates from the catalogue's SLO, judged by the default burn-rate rules:
 * calls every 5 s through the ingest API on a moved clock, days of history carried up the rollup
 * tiers by the compactor, the evaluator on the data as it comes.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const START = Date.UTC(2026, 10, 20, 0, 0, 0);
const CALL_EVERY = 5 * SECOND;
const OBJECTIVE = 0.999;
const SLOW_MS = 900;
const PAGE = 'acme-post:burn_rate:page';
const TICKET = 'acme-post:burn_rate:ticket';

const dir = acmePostCatalogue(['criticality: high', `slo: { successRate: ${OBJECTIVE}, latencyP95: 500ms, period: 7d }`, 'runbooks: [partner-timeouts-5xx]']);

/** Whether call number `n` (at `ts`) fails; a failing call is also slow. */
type Failing = (ts: number, n: number) => boolean;
/** One call in 4,000 fails: a quarter of what a 99.9 % objective allows. */
const background: Failing = (_ts, n) => n % 4000 === 3999;

class Traffic {
  private sent = START;
  private n = 0;
  /** Every call sent (ts, failed), to compute the expected budget independently of the store. */
  readonly calls: Array<{ ts: number; failed: boolean }> = [];

  constructor(
    private readonly server: TestServer,
    private readonly engine: AlertEngine,
  ) {}

  /** Calls every 5 s up to `until`, ingested every `ingestEvery`, with an evaluation after each ingest; compacted every hour of data. */
  async run(until: number, failing: Failing, ingestEvery: number): Promise<void> {
    while (this.sent < until) {
      const to = Math.min(until, this.sent + ingestEvery);
      const batch = [];
      for (let ts = this.sent; ts < to; ts += CALL_EVERY) {
        const n = this.n++;
        const failed = failing(ts, n) || background(ts, n);
        this.calls.push({ ts, failed });
        batch.push({ kind: 'call', ts, integration: 'acme-post', direction: 'outbound', operation: 'label.create', status: failed ? 503 : 201, latency_ms: failed ? SLOW_MS : 180 });
      }
      this.server.clock.now = to;
      const answer = await this.server.ingest(batch);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.accepted, batch.length);
      if (Math.floor(to / HOUR) !== Math.floor(this.sent / HOUR)) await compactAll(this.server.store.db);
      this.sent = to;
      await this.engine.evaluateOnce();
    }
  }
}

async function setUp(engine: (typeof ENGINES)[number]) {
  const server = await startTestServer(engine, { now: START, catalogue: dir });
  const catalogue = new Catalogue(dir);
  catalogue.load();
  // No alerting file: the default rules of the catalogue record, burn-rate rules among them.
  const rules = new AlertRules(undefined, catalogue);
  rules.load();
  const alertEngine = new AlertEngine({ db: server.store.db, catalogue, rules, clock: server.clock.read, rollupRetentionMs: server.config.retention.rollupMs, consoleBase: 'https://switchboard.example' });
  const traffic = new Traffic(server, alertEngine);
  /** When the rule's alert went to `state`, oldest first. */
  const changes = async (rule: string, state: 'firing' | 'resolved') => {
    const alert = (await listAlerts(server.store.db)).find((a) => a.rule === rule);
    if (!alert) return [];
    const rows = await server.store.db.selectFrom('alert_events').select(['ts']).where('alert_id', '=', alert.id).where('to_state', '=', state).orderBy('ts').execute();
    return rows.map((row) => Number(row.ts));
  };
  return { server, traffic, changes };
}

for (const engine of ENGINES) {
  describe(`error budgets and burn rates (${engine.name})`, () => {
    it('a total outage pages once the hour has burnt 14.4× its budget (about 52 s at 99.9 %), and resolves; a 30-second one never pages', async () => {
      const { server, traffic, changes } = await setUp(engine);
      try {
        await traffic.run(START + 24 * HOUR, () => false, HOUR);
        // 30 s of nothing but failures: 6 of ~720 calls in the hour, 8.3× the budget's pace over it.
        const burst = START + 24 * HOUR + 7 * MINUTE + 20 * SECOND;
        await traffic.run(burst + 20 * MINUTE, (ts) => ts >= burst && ts < burst + 30 * SECOND, 15 * SECOND);
        await traffic.run(burst + 70 * MINUTE, () => false, 10 * MINUTE);
        assert.deepEqual(await changes(PAGE, 'firing'), [], 'the 30-second burst paged');
        assert.deepEqual(await changes(TICKET, 'firing'), [], 'the 30-second burst opened a ticket');

        const outage = burst + 70 * MINUTE + 40 * SECOND;
        const outageEnd = outage + 3 * MINUTE;
        const failing: Failing = (ts) => ts >= outage && ts < outageEnd;
        await traffic.run(outage + 40 * SECOND, failing, 15 * SECOND);
        assert.deepEqual(await changes(PAGE, 'firing'), [], 'paged before the hour had burnt 14.4× its budget');
        // The hour's ~720 calls allow 0.72 failures; 14.4× that is 10.4: the 11th failed call, 50 s in.
        await traffic.run(outage + 52 * SECOND + 15 * SECOND + CALL_EVERY, failing, 15 * SECOND);
        const fired = await changes(PAGE, 'firing');
        assert.equal(fired.length, 1, 'the outage paged once');
        assert.ok(fired[0]! - outage >= 50 * SECOND, `paged ${(fired[0]! - outage) / SECOND} s in`);
        // The first pair's short window (5 min) is clear 5 min after the outage, but the second
        // pair's (6 h at 10×, 30 min at 100×) holds the page until its 30 minutes burn below 6×:
        // at most 2 of the outage's failures left in them (2 of 360 calls), 28 min after it;
        // then keepFiringFor (5 min).
        await traffic.run(outageEnd + 12 * MINUTE, failing, MINUTE);
        assert.deepEqual(await changes(PAGE, 'resolved'), [], 'resolved while the six hours still burnt 6× and the last 30 minutes too');
        await traffic.run(outageEnd + 37 * MINUTE, failing, MINUTE);
        const resolved = await changes(PAGE, 'resolved');
        assert.equal(resolved.length, 1, 'resolved once the burning stopped');
        assert.ok(resolved[0]! >= outageEnd + 32 * MINUTE && resolved[0]! <= outageEnd + 34 * MINUTE, `resolved ${(resolved[0]! - outageEnd) / SECOND} s after the outage`);
        assert.deepEqual(await changes(PAGE, 'firing'), fired, 'paged exactly once');
        const alert = (await listAlerts(server.store.db)).find((a) => a.rule === PAGE)!;
        assert.equal(alert.severity, 'critical');
      } finally {
        await server.close();
      }
    });

    it('a slow burn at 5× opens a ticket once three days have spent a tenth of the budget, never a page; the API counts the budget exactly', async () => {
      const { server, traffic, changes } = await setUp(engine);
      try {
        await traffic.run(START + 24 * HOUR, () => false, HOUR);
        const step = START + 24 * HOUR;
        // One call in 200 fails from now: 5× the budget's pace.
        const slow: Failing = (ts, n) => ts >= step && n % 200 === 0;
        // A day at 0.25× (4 failures in 17,280 calls), then t hours at 5× (3.6 failures an hour).
        // The three days hold only 24 + t hours of history; the rest counts as calls at the same
        // rate, all good (51,840 calls in all), so 3 days at 1× is 51.8 failures: 4 + 2 background
        // + 3.6 t > 51.8 at t ≈ 12.7 h. (Without filling in, 4.5 h: a day-old integration would
        // open tickets for a tenth of what a tenth of its budget is.)
        await traffic.run(step + 12 * HOUR, slow, 10 * MINUTE);
        assert.deepEqual(await changes(TICKET, 'firing'), [], 'the ticket opened before three days\' share of the budget was spent');
        await traffic.run(step + 13.5 * HOUR, slow, 10 * MINUTE);
        const ticket = await changes(TICKET, 'firing');
        assert.equal(ticket.length, 1, 'a ticket after 13.5 hours at 5×');
        assert.deepEqual(await changes(PAGE, 'firing'), [], 'a slow burn paged');
        assert.equal((await listAlerts(server.store.db)).find((a) => a.rule === TICKET)!.severity, 'warning');

        await compactAll(server.store.db);
        const now = server.clock.now;
        const answer = await server.get('/api/v1/integrations/acme-post/budget');
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        const [success, latency] = answer.body.objectives;
        const end = Math.floor(now / MINUTE) * MINUTE + MINUTE;
        const inLast = (ms: number) => traffic.calls.filter((call) => call.ts >= end - ms);
        const covered = (ms: number) => Math.min(1, (end - START) / ms);
        const period = inLast(7 * 24 * HOUR);
        const bad = period.filter((call) => call.failed).length;
        assert.equal(success.kind, 'success');
        assert.equal(success.period_ms, 7 * 24 * HOUR);
        assert.equal(success.volume, period.length);
        assert.equal(success.bad, bad);
        // Seven days' budget at the rate seen so far: 0.1 % of (calls ÷ the share of 7 days they span).
        const allowed = ((1 - OBJECTIVE) * period.length) / covered(7 * 24 * HOUR);
        assert.ok(Math.abs(success.allowed_bad - allowed) < 1e-3, `allowed ${success.allowed_bad}, expected ${allowed}`);
        assert.ok(Math.abs(success.budget_left - (1 - bad / allowed)) < 1e-6, `budget left ${success.budget_left}`);
        assert.ok(success.budget_left > 0 && success.budget_left < 0.75, `a quarter of the week's budget spent in 37.5 h: ${success.budget_left}`);
        for (const reading of success.burn_rates as Array<{ window_ms: number; volume: number; bad: number; burn_rate: number }>) {
          const calls = inLast(reading.window_ms);
          const failed = calls.filter((call) => call.failed).length;
          assert.equal(reading.volume, calls.length, `calls over ${reading.window_ms} ms`);
          assert.equal(reading.bad, failed, `failures over ${reading.window_ms} ms`);
          assert.ok(Math.abs(reading.burn_rate - (failed * covered(reading.window_ms)) / calls.length / (1 - OBJECTIVE)) < 1e-5, `burn over ${reading.window_ms} ms`);
        }
        // Every failed call is slow (900 ms over a 500 ms target): as many bad calls for latency.
        assert.equal(latency.kind, 'latency');
        assert.equal(latency.threshold_ms, 500);
        assert.equal(latency.target, 0.95);
        assert.equal(latency.volume, period.length);
        assert.equal(latency.bad, bad);

        assert.equal((await server.get('/api/v1/integrations/no-such-thing/budget')).status, 404);
        assert.equal((await server.get('/api/v1/integrations/acme-post/budget', null)).status, 401);
      } finally {
        await server.close();
      }
    });
  });
}
