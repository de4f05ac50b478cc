import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listAlerts } from '../src/alerting/alerts.js';
import { AlertEngine } from '../src/alerting/engine.js';
import { AlertRules } from '../src/alerting/rules/index.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { compactAll } from '../src/rollup/compact.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * Spikes against the usual: a shop whose exception rate is 20 % every night from 02:00 to 03:00
 * (a batch that needs manual work) and 2 % by day. A week of it goes through the ingest API, then
 * the eighth day is judged minute by minute on a moved clock by two rules with the same 5 % floor:
 * one fixed, one in baseline mode (`usual: 3`).
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 10, 12, 0, 0, 0);
const JUDGED = START + 7 * DAY;
const SPIKE = 'acme-shop:exceptions-spike';
const FIXED = 'acme-shop:exceptions-fixed';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-usual-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every `every`-th order raises an exception, by time of day. */
type Pattern = (ts: number) => number;
const usualDay: Pattern = (ts) => (ts % DAY >= 2 * HOUR && ts % DAY < 3 * HOUR ? 5 : 50);

class Shop {
  private sent = START;
  private order = 0;

  constructor(
    private readonly server: TestServer,
    private readonly engine: AlertEngine,
  ) {}

  /**
   * An order every 10 s up to `until` (so every minute of a 20 % hour shows an exception: event
   * rules prove "held for" on whole minutes), ingested every `ingestEvery`; judged after each ingest when `judge`. */
  async run(until: number, pattern: Pattern, ingestEvery: number, judge: boolean): Promise<void> {
    while (this.sent < until) {
      const to = Math.min(until, this.sent + ingestEvery);
      const batch = [];
      for (let ts = this.sent; ts < to; ts += 10 * SECOND) {
        const order = this.order++;
        const order_id = `order-${order}`;
        batch.push({ kind: 'event', name: 'order.received', ts, integration: 'acme-shop', order_id });
        if (order % pattern(ts) === 0) batch.push({ kind: 'event', name: 'exception.raised', ts, integration: 'acme-shop', order_id });
      }
      this.server.clock.now = to;
      const answer = await this.server.ingest(batch);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.accepted, batch.length);
      if (Math.floor(to / DAY) !== Math.floor(this.sent / DAY)) await compactAll(this.server.store.db);
      this.sent = to;
      if (judge) await this.engine.evaluateOnce();
    }
  }
}

async function setUp(engine: (typeof ENGINES)[number]) {
  // An empty catalogue: the demo's would add its default rules for six integrations this test
  // never feeds, a cycle's reads five times over.
  const catalogueDir = mkdtempSync(join(dir, 'catalogue-'));
  const server = await startTestServer(engine, { now: START, catalogue: catalogueDir });
  const catalogue = new Catalogue(catalogueDir);
  catalogue.load();
  const file = join(dir, `alerting-${engine.name}.yaml`);
  const common = 'kind: business_exception_rate, integration: acme-shop, threshold: 0.05, for: 5m, keepFiringFor: 5m, window: 15m, minVolume: 10';
  writeFileSync(file, `rules:\n  - { name: "${SPIKE}", ${common}, usual: 3 }\n  - { name: "${FIXED}", ${common} }\n`);
  const rules = new AlertRules(file, catalogue);
  rules.load();
  const alertEngine = new AlertEngine({ db: server.store.db, catalogue, rules, clock: server.clock.read, rollupRetentionMs: server.config.retention.rollupMs, consoleBase: 'https://switchboard.example' });
  const shop = new Shop(server, alertEngine);
  /** When the rule's alert fired (whatever its state now: one that resolved and went pending again may be back to inactive). */
  const firings = async (rule: string) => {
    const rows = await server.store.db
      .selectFrom('alert_events')
      .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
      .select(['alert_events.ts'])
      .where('alerts.rule_id', '=', rule)
      .where('alert_events.to_state', '=', 'firing')
      .orderBy('alert_events.ts')
      .execute();
    return rows.map((row) => Number(row.ts));
  };
  return { server, shop, firings };
}

for (const engine of ENGINES) {
  describe(`spikes against the usual (${engine.name})`, () => {
    it('the usual 20 % of the night hour stays quiet in baseline mode (the fixed floor cries wolf); the same 20 % at 10:00 fires', async () => {
      const { server, shop, firings } = await setUp(engine);
      try {
        await shop.run(JUDGED + HOUR, usualDay, HOUR, false);
        // The night, judged every minute: 20 % is what this hour always does.
        await shop.run(JUDGED + 3 * HOUR + 30 * MINUTE, usualDay, MINUTE, true);
        assert.deepEqual(await firings(SPIKE), [], 'baseline mode paged for the usual night');
        assert.equal((await firings(FIXED)).length, 1, 'the fixed 5 % floor alone fires every night');

        await shop.run(JUDGED + 9 * HOUR + 30 * MINUTE, usualDay, HOUR, false);
        await shop.run(JUDGED + 10 * HOUR, usualDay, MINUTE, true);
        assert.deepEqual(await firings(SPIKE), [], 'baseline mode fired on a usual morning');
        // 10:00: every fifth order raises an exception, ten times this time's usual 2 %.
        const spike = JUDGED + 10 * HOUR;
        await shop.run(spike + 21 * MINUTE, (ts) => (ts >= spike ? 5 : 50), MINUTE, true);
        const fired = await firings(SPIKE);
        assert.equal(fired.length, 1, 'the spike fired');
        // Within for (5 min) + window (15 min) + one evaluation (1 min here).
        assert.ok(fired[0]! - spike <= 21 * MINUTE, `fired ${(fired[0]! - spike) / MINUTE} min after the spike began`);
        const alert = (await listAlerts(server.store.db)).find((a) => a.rule === SPIKE)!;
        assert.match(alert.summary, /exception rate [\d.]+ % of orders over [\d.]+ % in 15 min \(floor 5 %; 3× its usual [\d.]+ %, same time last week\)/);
      } finally {
        await server.close();
      }
    });
  });
}
