import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { alertHistory, listAlerts } from '../src/alerting/alerts.js';
import { AlertEngine } from '../src/alerting/engine.js';
import { createSilence } from '../src/alerting/silences.js';
import { compactAll } from '../src/rollup/compact.js';
import { enforceRetention } from '../src/store/retention.js';
import { sparkline } from '../src/alerting/context.js';
import { AlertRules, listRules, parseAlertingFile } from '../src/alerting/rules/index.js';
import type { NotificationContext } from '../src/alerting/types.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const PUBLIC_URL = 'https://switchboard.example';

const CHANNELS = `
channels:
  - { name: ops, type: webhook, url: "http://127.0.0.1:9/hook", secret: "\${OPS_SECRET}" }
routes:
  - channels: [ops]
`;

const dir = mkdtempSync(join(tmpdir(), 'switchboard-alerting-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function alertingFile(text: string): string {
  const file = join(dir, `alerting-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
}

interface Harness {
  server: TestServer;
  engine: AlertEngine;
  rules: AlertRules;
  /** Moves to the middle of the next minute, ingests that minute's records, evaluates. */
  minute: (records?: (ts: number) => unknown[]) => Promise<void>;
  notifications: () => Promise<Array<{ alert_id: number; channel: string; kind: string; context: NotificationContext }>>;
  events: (rule: string) => Promise<Array<{ from_state: string; to_state: string; note: string | null }>>;
  alert: (rule: string) => Promise<Awaited<ReturnType<typeof listAlerts>>[number] | undefined>;
}

function calls(integration: string, ts: number, spec: { ok?: number; status?: number; failed?: number; latency?: number; direction?: 'inbound' | 'outbound'; operation?: string }) {
  const records: unknown[] = [];
  const total = (spec.ok ?? 0) + (spec.failed ?? 0);
  for (let i = 0; i < total; i++) {
    // Failures spread through the minute, as live traffic has them (not a burst at its start).
    const failed = Math.floor(((i + 1) * (spec.failed ?? 0)) / total) > Math.floor((i * (spec.failed ?? 0)) / total);
    records.push({
      kind: 'call',
      ts: ts - 20_000 + Math.floor((i * 20_000) / Math.max(1, total)),
      integration,
      direction: spec.direction ?? 'outbound',
      operation: spec.operation ?? 'label.create',
      status: failed ? (spec.status ?? 503) : 200,
      latency_ms: spec.latency ?? 150,
      correlation_id: `corr-${ts}-${i}`,
      order_id: `order-${i}`,
    });
  }
  return records;
}

async function harness(engineHarness: (typeof ENGINES)[number], fileText = CHANNELS): Promise<Harness> {
  const server = await startTestServer(engineHarness, { now: START, catalogue: 'examples/catalogue' });
  const catalogue = new Catalogue('examples/catalogue');
  catalogue.load();
  const rules = new AlertRules(alertingFile(fileText), catalogue);
  rules.load();
  const db = server.store.db;
  const engine = new AlertEngine({ db, catalogue, rules, clock: server.clock.read, consoleBase: PUBLIC_URL });
  let first = true;
  return {
    server,
    engine,
    rules,
    minute: async (records) => {
      server.clock.now = first ? START + 30_000 : server.clock.now + MINUTE;
      first = false;
      const batch = records?.(server.clock.now) ?? [];
      if (batch.length) {
        const answer = await server.ingest(batch);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.accepted, batch.length, JSON.stringify(answer.body.rejected));
      }
      await engine.evaluateOnce();
    },
    notifications: async () =>
      (await db.selectFrom('notifications').selectAll().orderBy('id').execute()).map((row) => ({
        alert_id: Number(row.alert_id),
        channel: row.channel,
        kind: row.kind,
        context: JSON.parse(row.payload) as NotificationContext,
      })),
    events: async (rule) => {
      const alert = (await listAlerts(db)).find((a) => a.rule === rule);
      if (!alert) return [];
      return (await alertHistory(db, alert.id)).events.map(({ from_state, to_state, note }) => ({ from_state, to_state, note }));
    },
    alert: async (rule) => (await listAlerts(db)).find((a) => a.rule === rule),
  };
}

describe('alert rules file', () => {
  it('gives every catalogued integration its default rules, and a rule of the same name replaces one', () => {
    const catalogue = new Catalogue('examples/catalogue');
    catalogue.load();
    const rules = new AlertRules(
      alertingFile(`rules:\n  - { name: "dhl-carrier:error_rate", kind: error_rate, integration: dhl-carrier, threshold: 0.1, for: 2m }\n`),
      catalogue,
    );
    rules.load();
    const all = listRules(rules);
    for (const entry of catalogue.all()) {
      const names = all.filter((r) => r.integration === entry.id).map((r) => r.name);
      assert.ok(names.includes(`${entry.id}:error_rate`), entry.id);
      assert.ok(names.includes(`${entry.id}:rate_limit`), entry.id);
      assert.ok(names.includes(`${entry.id}:auth_errors`), entry.id);
      if (entry.slo.latencyP95Ms !== undefined) assert.ok(names.includes(`${entry.id}:latency_p95`), entry.id);
      for (const target of entry.slo.freshness) assert.ok(names.includes(`${entry.id}:freshness:${target.event ?? target.job}`), entry.id);
    }
    const sync = all.filter((r) => r.integration === 'salesforce-sync').map((r) => r.name);
    assert.ok(sync.includes('salesforce-sync:run_failures:contacts-sync'));
    assert.ok(sync.includes('salesforce-sync:count_drop:contacts-sync'));
    const ups = all.find((r) => r.name === 'ups-carrier:error_rate')!;
    assert.equal(ups.threshold, 0.03, '1 − its 97 % success SLO');
    assert.equal(ups.severity, 'critical', 'high criticality');
    const replaced = all.filter((r) => r.name === 'dhl-carrier:error_rate');
    assert.equal(replaced.length, 1);
    assert.equal(replaced[0]!.threshold, 0.1);
    assert.equal(replaced[0]!.forMs, 2 * MINUTE);
    assert.equal(replaced[0]!.source.origin, 'file');
  });

  it('reports each problem with its line', () => {
    const text = [
      'rules:', // 1
      '  - name: good', // 2
      '    kind: error_rate', // 3
      '    integration: dhl-carrier', // 4
      '    threshold: 0.05', // 5
      '  - name: bad-kind', // 6
      '    kind: errors', // 7
      '    integration: dhl-carrier', // 8
      '  - name: bad-duration', // 9
      '    kind: latency', // 10
      '    integration: dhl-carrier', // 11
      '    threshold: fast', // 12
      '  - name: good', // 13
      '    kind: gauge', // 14
      '    integration: dhl-carrier', // 15
      '    gauge: queue.depth', // 16
      '    above: 100', // 17
      '  - name: missing', // 18
      '    kind: freshness', // 19
      '    integration: dhl-carrier', // 20
      '    maxAge: 10m', // 21
      'channels:', // 22
      '  - { name: ops, type: pager }', // 23
      'routes:', // 24
      '  - channels: [nowhere]', // 25
      '',
    ].join('\n');
    const { rules, problems } = parseAlertingFile(text, 'alerting.yaml');
    assert.deepEqual(rules.map((r) => r.name), ['good']);
    const at = (line: number) => problems.filter((p) => p.line === line).map((p) => p.message);
    assert.match(at(7).join(), /kind must be one of/);
    assert.match(at(12).join(), /threshold must be a duration/);
    assert.match(at(13).join(), /rule name "good" is already used at line 2/);
    assert.ok(problems.some((p) => p.line >= 18 && p.line <= 21 && /event|job/.test(p.message)), JSON.stringify(problems));
    assert.match(at(23).join(), /type must be one of/);
    assert.match(at(25).join(), /no channel named "nowhere"/);
    assert.ok(problems.every((p) => p.file === 'alerting.yaml'));
  });

  it("refuses a channel whose type names a property every object has, as any unknown type", () => {
    const text = ['channels:', '  - { name: a, type: constructor }', '  - { name: b, type: toString }', ''].join('\n');
    const { channels, problems } = parseAlertingFile(text, 'alerting.yaml');
    assert.deepEqual(channels, []);
    assert.deepEqual(
      problems.map((p) => [p.line, /type must be one of/.test(p.message)]),
      [
        [2, true],
        [3, true],
      ],
    );
  });

  it('parses lead_time rules and reports their problems', () => {
    const text = [
      'rules:',
      '  - { name: slow, kind: lead_time, integration: dhl-carrier, threshold: 45m, window: 1h, start: order.paid, end: carrier.confirmed }',
      '  - { name: p50, kind: lead_time, integration: "*", threshold: 2h, quantile: 0.5 }',
      '  - { name: no-threshold, kind: lead_time, integration: dhl-carrier }',
      '  - { name: bad-field, kind: lead_time, integration: dhl-carrier, threshold: 1h, event: carrier.confirmed }',
      '  - { name: bad-duration, kind: lead_time, integration: dhl-carrier, threshold: soon }',
      '',
    ].join('\n');
    const { rules, problems } = parseAlertingFile(text, 'alerting.yaml');
    assert.deepEqual(
      rules.map((r) => [r.name, r.quantile, r.thresholdMs, r.startEvent, r.endEvent, r.windowMs]),
      [
        ['slow', 0.95, 45 * MINUTE, 'order.paid', 'carrier.confirmed', 60 * MINUTE],
        ['p50', 0.5, 120 * MINUTE, undefined, undefined, 5 * MINUTE],
      ],
    );
    const at = (line: number) => problems.filter((p) => p.line === line).map((p) => p.message).join();
    assert.match(at(4), /missing "threshold"/);
    assert.match(at(5), /event/);
    assert.match(at(6), /threshold must be a duration/);
  });

  it('keeps the last good rules when a reload finds problems', () => {
    const file = alertingFile(`rules:\n  - { name: q, kind: gauge, integration: dhl-carrier, gauge: queue.depth, above: 100 }\n`);
    const rules = new AlertRules(file);
    rules.load();
    writeFileSync(file, `rules:\n  - { name: q, kind: gauge, integration: dhl-carrier, gauge: queue.depth }\n`);
    const outcome = rules.reload();
    assert.equal(outcome.ok, false);
    assert.match(!outcome.ok ? outcome.error.message : '', /:2:\d+: .*missing "above"/);
    assert.equal(rules.get('q')?.above, 100);
    writeFileSync(file, `rules:\n  - { name: q, kind: gauge, integration: dhl-carrier, gauge: queue.depth, above: 5 }\n`);
    assert.deepEqual(rules.reload(), { ok: true, count: 1 });
    assert.equal(rules.get('q')?.above, 5);
  });

  it('draws sparklines', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([null, 5, 5]), ' ▄▄');
  });
});

for (const engine of ENGINES) {
  describe(`alert evaluation (${engine.name})`, () => {
    const open: Harness[] = [];
    const make = async (text?: string) => {
      const h = await harness(engine, text);
      open.push(h);
      return h;
    };
    after(async () => {
      for (const h of open) await h.server.close();
    });

    it('partner 5xx: pending, then firing after `for`, with full context; recovery resolves once', async () => {
      const h = await make();
      await h.minute((ts) => calls('dhl-carrier', ts, { ok: 80, failed: 20 }));
      assert.equal((await h.alert('dhl-carrier:error_rate'))?.state, 'pending');
      for (let i = 1; i <= 4; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 80, failed: 20 }));
      assert.equal((await h.alert('dhl-carrier:error_rate'))?.state, 'pending', 'held 4.5 min < 5 min');
      assert.equal((await h.notifications()).length, 0);
      await h.minute((ts) => calls('dhl-carrier', ts, { ok: 80, failed: 20 }));
      const alert = (await h.alert('dhl-carrier:error_rate'))!;
      assert.equal(alert.state, 'firing');
      assert.equal(alert.severity, 'critical');
      assert.deepEqual((await h.events('dhl-carrier:error_rate')).map((e) => `${e.from_state}>${e.to_state}`), ['inactive>pending', 'pending>firing']);

      const sent = await h.notifications();
      assert.equal(sent.length, 1);
      const { context, channel, kind } = sent[0]!;
      assert.equal(channel, 'ops');
      assert.equal(kind, 'firing');
      assert.equal(context.integration.partner, 'DHL');
      assert.equal(context.integration.title, 'DHL Parcel API');
      assert.equal(context.integration.owner, 'team-shipping');
      assert.match(context.integration.escalation ?? '', /Dana Okafor/);
      assert.equal(context.alert.windowMs, 5 * MINUTE);
      assert.equal(context.alert.value, 0.2);
      assert.equal(context.alert.threshold, 0.02);
      assert.match(context.alert.summary, /5xx share 20 % over 2 % in 5 min/);
      assert.equal(context.trend.values.length, 12);
      assert.deepEqual(context.trend.values.slice(-6), [0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
      assert.equal([...context.trend.sparkline].length, 12);
      assert.equal(context.links.console, `${PUBLIC_URL}/integrations/dhl-carrier?window=1h`);
      assert.equal(context.links.runbook, `${PUBLIC_URL}/runbooks/partner-timeouts-5xx?integration=dhl-carrier`);
      assert.ok(context.firstSteps.length >= 2, JSON.stringify(context.firstSteps));
      assert.equal(context.samples.length, 5);
      for (const sample of context.samples) {
        assert.equal(sample.status, 503);
        assert.match(sample.correlation_id ?? '', /^corr-/);
      }

      // Recovery: healthy again; it keeps firing through keepFiringFor (5 min), then resolves once.
      for (let i = 0; i < 4; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 100 }));
      assert.equal((await h.alert('dhl-carrier:error_rate'))?.state, 'firing');
      for (let i = 0; i < 4; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 100 }));
      const resolved = (await h.alert('dhl-carrier:error_rate'))!;
      assert.equal(resolved.state, 'resolved');
      const transitions = (await h.events('dhl-carrier:error_rate')).map((e) => `${e.from_state}>${e.to_state}`);
      assert.deepEqual(transitions, ['inactive>pending', 'pending>firing', 'firing>resolved']);
      const resolutions = (await h.notifications()).filter((n) => n.kind === 'resolved');
      assert.equal(resolutions.length, 1);
      assert.equal(resolutions[0]!.context.alert.durationMs, resolved.resolved_at! - resolved.fired_at!);
      assert.ok(resolutions[0]!.context.alert.durationMs! >= 5 * MINUTE);
    });

    it('a short blip does not fire, and a low-volume night is not judged', async () => {
      const h = await make();
      await h.minute((ts) => calls('dhl-carrier', ts, { ok: 100 }));
      await h.minute((ts) => calls('dhl-carrier', ts, { ok: 50, failed: 50 }));
      await h.minute((ts) => calls('dhl-carrier', ts, { ok: 50, failed: 50 }));
      for (let i = 0; i < 10; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 100 }));
      const blip = await h.alert('dhl-carrier:error_rate');
      assert.notEqual(blip?.state, 'firing');
      assert.ok(!(await h.events('dhl-carrier:error_rate')).some((e) => e.to_state === 'firing'));
      // Night: 3 calls a minute, all failing: below minVolume (20 in 5 min), so never judged.
      for (let i = 0; i < 12; i++) await h.minute((ts) => calls('ups-carrier', ts, { failed: 3 }));
      assert.equal(await h.alert('ups-carrier:error_rate'), undefined);
      assert.equal((await h.notifications()).length, 0);
    });

    it('high latency fires and links the dashboard', async () => {
      const h = await make();
      // Latency is proved on whole minutes: `for` (5 min) of them between the first and the newest.
      for (let i = 0; i < 7; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 60, latency: 2_000 }));
      const alert = (await h.alert('dhl-carrier:latency_p95'))!;
      assert.equal(alert.state, 'firing');
      const [sent] = await h.notifications();
      assert.equal(sent!.context.alert.rule, 'dhl-carrier:latency_p95');
      assert.match(sent!.context.alert.summary, /^p95 2 s over 800 ms in 5 min$/);
      assert.equal(sent!.context.links.console, `${PUBLIC_URL}/integrations/dhl-carrier?window=1h`);
    });

    it('missing webhooks: silence alert fires, then freshness', async () => {
      const h = await make(
        `rules:\n  - { name: shop-webhooks-silent, kind: volume_drop, integration: shopify-connector, direction: inbound, fraction: 0, window: 10m, for: 0m, severity: critical }\n${CHANNELS}`,
      );
      // An hour of webhooks (10 a minute), with webhook.received events.
      const history: unknown[] = [];
      for (let m = 70; m >= 1; m--) {
        const ts = START - m * MINUTE;
        history.push(...calls('shopify-connector', ts, { ok: 10, direction: 'inbound', operation: 'orders.create' }));
        history.push({ kind: 'event', ts, integration: 'shopify-connector', name: 'webhook.received' });
      }
      assert.equal((await h.server.ingest(history)).body.accepted, history.length);
      // A steady stream (every minute had webhooks): its silence is known from its last record,
      // well before the 10-minute window is empty.
      await h.minute();
      const early = (await h.alert('shop-webhooks-silent'))!;
      assert.equal(early?.state, 'firing', 'noticed after 90 s, not a window later');
      // Its minutes came in 20-s bursts 40 s apart: twice that pause is its limit, not 5 × 6 s.
      assert.equal(early.summary, 'no inbound calls for 1.5 min (usually one every 6 s; silent after 1.4 min)');
      for (let i = 0; i < 10; i++) await h.minute();
      const silent = (await h.alert('shop-webhooks-silent'))!;
      assert.equal(silent.state, 'firing');
      assert.equal(silent.summary, 'no inbound calls for over 10 min (usually one every 6 s; silent after 30 s)');
      // webhook.received freshness: 15 min limit.
      for (let i = 0; i < 5; i++) await h.minute();
      const stale = (await h.alert('shopify-connector:freshness:webhook.received'))!;
      assert.equal(stale.state, 'firing');
      assert.match(stale.summary, /no webhook.received for 1[67] min \(limit 15 min\)/);
      assert.equal(stale.context?.links.runbook, `${PUBLIC_URL}/runbooks/webhook-gaps?integration=shopify-connector`);
    });

    it('a fresh series is judged against its own usual volume, not an hour diluted by the time before it existed', async () => {
      const h = await make(
        [
          'rules:',
          '  - { name: hooks-down, kind: volume_drop, integration: shopify-connector, event: webhook.received, fraction: 0.2, window: 2m, for: 0m, minVolume: 20 }',
          '  - { name: calls-halved, kind: volume_drop, integration: ups-carrier, fraction: 0.5, window: 2m, for: 0m, minVolume: 20 }',
          CHANNELS,
        ].join('\n'),
      );
      // Both streams start with the test: 10 minutes of 120 webhooks and 120 calls a minute.
      const stream = (ts: number, perMinute: number) => [
        ...Array.from({ length: perMinute }, (_, k) => ({ kind: 'event', ts: ts - k * 100, integration: 'shopify-connector', name: 'webhook.received' })),
        ...calls('ups-carrier', ts, { ok: perMinute }),
      ];
      for (let i = 0; i < 10; i++) await h.minute((ts) => stream(ts, 120));
      // Then webhooks fall to a sixth and calls to a third: far below their usual 240 per 2 min.
      for (let i = 0; i < 3; i++) await h.minute((ts) => [...stream(ts, 20).slice(0, 20), ...calls('ups-carrier', ts, { ok: 40 })]);
      const down = (await h.alert('hooks-down'))!;
      assert.equal(down?.state, 'firing', 'an hour averaged over 10 minutes of data would call 40 per 2 min usual');
      assert.match(down.summary, /^40 webhook.received events in 2 min, 16.7 % of the usual 240 per 2 min, median of \d+ windows in the previous hour; below 20 %$/);
      const halved = (await h.alert('calls-halved'))!;
      assert.equal(halved?.state, 'firing', 'an hour averaged over 10 minutes of data would call 80 per 2 min "half of usual"');
      assert.match(halved.summary, /^80 calls in 2 min, 33.3 % of the usual 240 per 2 min, median of \d+ windows in the previous hour; below 50 %$/);
      const [sent] = (await h.notifications()).filter((n) => n.context.alert.rule === 'hooks-down');
      assert.match(sent!.context.alert.summary, /of the usual 240 per 2 min/);
    });

    it('two consecutive failed runs fire; a count drop of more than 30 % fires', async () => {
      const h = await make();
      const run = (ts: number, status: string, skus?: number) => ({
        kind: 'run',
        ts,
        integration: 'retailer-feed',
        job: 'price-scrape',
        status,
        ...(skus !== undefined ? { counts: { skus, errors: 3 } } : {}),
      });
      const runs = [1000, 1010, 990, 1005, 995].map((skus, i) => run(START - (10 - i) * MINUTE, 'success', skus));
      assert.equal((await h.server.ingest(runs)).body.accepted, 5);
      await h.minute((ts) => [run(ts, 'failed')]);
      assert.equal(await h.alert('retailer-feed:run_failures:price-scrape'), undefined);
      await h.minute((ts) => [run(ts, 'failed')]);
      const failing = (await h.alert('retailer-feed:run_failures:price-scrape'))!;
      assert.equal(failing.state, 'firing');
      assert.equal(failing.summary, '2 consecutive failed runs of price-scrape (limit 2)');
      assert.equal(await h.alert('retailer-feed:count_drop:price-scrape'), undefined);

      await h.minute((ts) => [run(ts, 'success', 640)]);
      const drop = (await h.alert('retailer-feed:count_drop:price-scrape'))!;
      assert.equal(drop.state, 'firing');
      assert.match(drop.summary, /price-scrape skus 640 is 36 % below the median of the last 5 runs \(1000\); limit 30 %/);
      assert.equal(drop.context?.links.runbook, `${PUBLIC_URL}/runbooks/count-drop?integration=retailer-feed`);
      assert.match(drop.context?.firstSteps[0] ?? '', /Open Feeds and jobs: which count dropped/);
    });

    it('a silence suppresses the notification; the alert still fires and the silence is recorded', async () => {
      const h = await make();
      const silence = await createSilence(h.server.store.db, {
        matchers: [{ label: 'integration', value: 'dhl-carrier' }],
        endsAt: START + 60 * MINUTE,
        author: 'dana',
        reason: 'partner maintenance',
        now: START,
      });
      for (let i = 0; i < 6; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 80, failed: 20 }));
      assert.equal((await h.alert('dhl-carrier:error_rate'))?.state, 'firing');
      assert.equal((await h.notifications()).length, 0);
      const events = await h.events('dhl-carrier:error_rate');
      const fired = events.find((e) => e.to_state === 'firing')!;
      assert.match(fired.note ?? '', new RegExp(`notification held back: silence #${silence.id} \\(dana: partner maintenance\\)`));
    });

    it('inhibition: a firing critical error_rate alert holds back the latency alert of the same integration', async () => {
      const h = await make();
      for (let i = 0; i < 7; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 70, failed: 30, latency: 2_000 }));
      assert.equal((await h.alert('dhl-carrier:error_rate'))?.state, 'firing');
      assert.equal((await h.alert('dhl-carrier:latency_p95'))?.state, 'firing');
      const sent = await h.notifications();
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.context.alert.rule, 'dhl-carrier:error_rate');
      assert.deepEqual(sent[0]!.context.grouped, []);
      const latency = await h.events('dhl-carrier:latency_p95');
      assert.match(latency.find((e) => e.to_state === 'firing')!.note ?? '', /held back: inhibited by the firing alert dhl-carrier:error_rate/);
    });

    it('expired credentials: most calls answered 401 fire the default auth_errors rule, not the 5xx one, and a few bad keys do not', async () => {
      const h = await make();
      // Another integration's few 403s (10 %) stay under the 20 % the default allows.
      const traffic = (ts: number) => [...calls('dhl-carrier', ts, { ok: 10, failed: 50, status: 401 }), ...calls('ups-carrier', ts, { ok: 54, failed: 6, status: 403 })];
      for (let i = 0; i < 6; i++) await h.minute(traffic);
      const alert = (await h.alert('dhl-carrier:auth_errors'))!;
      assert.equal(alert.state, 'firing');
      assert.match(alert.summary, /auth error \(401\/403\) share 83.3 % over 20 % in 5 min/);
      assert.equal((await h.alert('dhl-carrier:error_rate'))?.state ?? 'inactive', 'inactive', '401s are not 5xx');
      assert.equal((await h.alert('ups-carrier:auth_errors'))?.state ?? 'inactive', 'inactive');
      const sent = await h.notifications();
      assert.deepEqual(sent.map((n) => n.context.alert.rule), ['dhl-carrier:auth_errors']);
      assert.match(sent[0]!.context.links.runbook ?? '', /credential-expiry/, 'the catalogue lists that runbook for DHL');
    });

    it('inhibition: an integration whose health is down does not also notify for its latency', async () => {
      const h = await make();
      await h.server.store.db
        .insertInto('health_changes')
        .values({ integration: 'dhl-carrier', ts: START, status: 'down', previous_status: 'healthy', reason: 'check api-health failing' })
        .execute();
      // Latency is proved on whole minutes: `for` (5 min) of them between the first and the newest.
      for (let i = 0; i < 7; i++) await h.minute((ts) => calls('dhl-carrier', ts, { ok: 60, latency: 2_000 }));
      assert.equal((await h.alert('dhl-carrier:latency_p95'))?.state, 'firing');
      assert.equal((await h.notifications()).length, 0);
      assert.match((await h.events('dhl-carrier:latency_p95')).at(-1)!.note ?? '', /held back: the integration is down/);
    });

    it('groups alerts of one integration that fire in the same cycle into one notification', async () => {
      const h = await make();
      const mixed = (ts: number) => [...calls('amazon-marketplace', ts, { ok: 60, failed: 20 }), ...calls('amazon-marketplace', ts, { failed: 20, status: 429 })];
      for (let i = 0; i < 6; i++) await h.minute(mixed);
      assert.equal((await h.alert('amazon-marketplace:error_rate'))?.state, 'firing');
      assert.equal((await h.alert('amazon-marketplace:rate_limit'))?.state, 'firing');
      const sent = await h.notifications();
      assert.equal(sent.length, 1);
      const { context } = sent[0]!;
      assert.equal(context.alert.rule, 'amazon-marketplace:error_rate');
      assert.deepEqual(context.grouped.map((g) => g.rule), ['amazon-marketplace:rate_limit']);
      assert.match(context.grouped[0]!.summary, /429 share 20 % over 10 % in 5 min/);
    });

    it('order lead time, per-carrier tracking freshness and event rules scoped by env, from the flow rollups', async () => {
      const h = await make(
        [
          'rules:',
          '  - { name: slow-shipping, kind: lead_time, integration: dhl-carrier, threshold: 45m, window: 30m, for: 0m, minVolume: 5 }',
          '  - { name: slow-orders, kind: lead_time, integration: shopify-connector, threshold: 45m, window: 30m, for: 0m, minVolume: 5 }',
          '  - { name: very-slow, kind: lead_time, integration: dhl-carrier, threshold: 2h, window: 30m, for: 0m, minVolume: 5 }',
          '  - { name: other-pair, kind: lead_time, integration: dhl-carrier, threshold: 1m, window: 30m, for: 0m, minVolume: 5, end: tracking.updated }',
          '  - { name: tracking-stale, kind: freshness, integration: "*", event: tracking.updated, maxAge: 10m, for: 0m }',
          '  - { name: staging-exceptions, kind: business_exception_rate, integration: shopify-connector, env: staging, threshold: 0.1, window: 2h, for: 0m, minVolume: 1 }',
          '  - { name: exceptions, kind: business_exception_rate, integration: shopify-connector, env: production, threshold: 0.1, window: 2h, for: 0m, minVolume: 1 }',
          CHANNELS,
        ].join('\n'),
      );
      // UPS last sent tracking 3 hours ago (minute tier); DHL 10 days ago, kept only in the day tier.
      const old = [
        { kind: 'event', ts: START - 3 * 60 * MINUTE, integration: 'ups-carrier', name: 'tracking.updated', shipment_id: 'old-ups' },
        { kind: 'event', ts: START - 10 * 24 * 60 * MINUTE, integration: 'dhl-carrier', name: 'tracking.updated', shipment_id: 'old-dhl' },
      ];
      assert.equal((await h.server.ingest(old)).body.accepted, 2);
      await compactAll(h.server.store.db);
      await enforceRetention(h.server.store.db, h.server.config.retention, START);
      let order = 0;
      for (let i = 0; i < 3; i++) {
        await h.minute((ts) =>
          Array.from({ length: 4 }, () => {
            const id = `lead-${++order}`;
            return [
              { kind: 'event', ts: ts - 60 * MINUTE, integration: 'shopify-connector', name: 'order.received', order_id: id },
              { kind: 'event', ts: ts - 50 * MINUTE, integration: 'dhl-carrier', name: 'shipment.created', order_id: id, shipment_id: `${id}-s` },
              { kind: 'event', ts: ts - 60 * MINUTE + 1_000, integration: 'shopify-connector', name: 'exception.raised', order_id: id, env: order % 2 ? 'production' : 'staging' },
              { kind: 'event', ts, integration: 'dhl-carrier', name: 'carrier.confirmed', shipment_id: `${id}-s` },
            ];
          }).flat(),
        );
      }
      const slow = (await h.alert('slow-shipping'))!;
      assert.equal(slow.state, 'firing');
      assert.ok(Math.abs(slow.value! - 60 * MINUTE) <= 0.01 * 60 * MINUTE, `p95 ${slow.value} ms within the sketch's 1 % of 60 min`);
      assert.equal(slow.summary, 'lead time p95 1 h over 45 min in 30 min');
      assert.equal((await h.alert('slow-orders'))?.state, 'firing', 'the origin judged on the lead times of the orders it received');
      assert.equal(await h.alert('very-slow'), undefined, 'below its threshold');
      assert.equal(await h.alert('other-pair'), undefined, 'no lead times of that pair were recorded: not judged');
      const byIntegration = async (integration: string) => (await listAlerts(h.server.store.db)).find((a) => a.rule === 'tracking-stale' && a.integration === integration);
      assert.match((await byIntegration('ups-carrier'))!.summary, /^no tracking.updated for 3 h \(limit 10 min\)$/);
      assert.match((await byIntegration('dhl-carrier'))!.summary, /^no tracking.updated for 10 d \(limit 10 min\)$/);
      assert.equal(await byIntegration('shopify-connector'), undefined, 'an integration that never tracks anything is not judged');
      // Every order was received in production, and half of them raised an exception there; staging received none.
      const exceptions = (await h.alert('exceptions'))!;
      assert.equal(exceptions.state, 'firing');
      assert.match(exceptions.summary, /^exception rate 50 % of orders over 10 % in 2 h$/);
      assert.equal(exceptions.context?.links.console, `${PUBLIC_URL}/flow?window=24h&env=production`, 'flow signals link to the flow page');
      assert.equal(slow.context?.links.console, `${PUBLIC_URL}/flow?window=1h`);
      assert.equal(await h.alert('staging-exceptions'), undefined);
    });

    it('gauges, business rates, event silence, maintenance windows and repeat notifications', async () => {
      const h = await make(
        [
          'rules:',
          '  - { name: dlq, kind: gauge, integration: shopify-connector, gauge: dead_letter.depth, above: 0, for: 2m, repeatInterval: 10m }',
          '  - { name: exceptions, kind: business_exception_rate, integration: shopify-connector, threshold: 0.1, for: 0m }',
          '  - { name: labels, kind: label_success_rate, integration: dhl-carrier, threshold: 0.9, for: 0m }',
          '  - { name: no-tracking, kind: volume_drop, integration: ups-carrier, event: tracking.updated, fraction: 0, window: 10m, for: 0m }',
          CHANNELS,
        ].join('\n'),
      );
      await createSilence(h.server.store.db, { kind: 'maintenance', integration: 'ups-carrier', endsAt: START + 90 * MINUTE, author: 'ops', reason: 'UPS API migration', now: START });
      const history: unknown[] = [];
      for (let m = 60; m >= 1; m--) history.push({ kind: 'event', ts: START - m * MINUTE, integration: 'ups-carrier', name: 'tracking.updated' }, { kind: 'event', ts: START - m * MINUTE + 1, integration: 'ups-carrier', name: 'tracking.updated' });
      assert.equal((await h.server.ingest(history)).body.accepted, history.length);
      for (let i = 0; i < 13; i++) {
        await h.minute((ts) => [
          { kind: 'gauge', ts, integration: 'shopify-connector', name: 'dead_letter.depth', value: 3 },
          ...Array.from({ length: 10 }, (_, k) => ({ kind: 'event', ts: ts - k, integration: 'shopify-connector', name: 'order.received', order_id: `o-${ts}-${k}` })),
          ...Array.from({ length: 3 }, (_, k) => ({ kind: 'event', ts: ts - k, integration: 'shopify-connector', name: 'exception.raised', order_id: `o-${ts}-${k}` })),
          ...Array.from({ length: 8 }, (_, k) => ({ kind: 'event', ts: ts - k, integration: 'dhl-carrier', name: 'label.created' })),
          ...Array.from({ length: 2 }, (_, k) => ({ kind: 'event', ts: ts - k, integration: 'dhl-carrier', name: 'label.failed' })),
        ]);
      }
      const dlq = (await h.alert('dlq'))!;
      assert.equal(dlq.state, 'firing');
      assert.equal(dlq.summary, 'dead_letter.depth 3 over 0');
      assert.equal((await h.alert('exceptions'))?.state, 'firing');
      assert.match((await h.alert('exceptions'))!.summary, /exception rate 30 % of orders over 10 % in 5 min/);
      assert.equal((await h.alert('labels'))?.state, 'firing');
      assert.match((await h.alert('labels'))!.summary, /label success 80 % below 90 % in 5 min/);
      const quiet = (await h.alert('no-tracking'))!;
      assert.equal(quiet.state, 'firing');
      // Two a minute for an hour is a steady stream: judged from its last record.
      assert.equal(quiet.summary, 'no tracking.updated events for over 10 min (usually one every 30 s; silent after 2.5 min)');
      const sent = await h.notifications();
      assert.ok(!sent.some((n) => n.context.integration.id === 'ups-carrier'), 'held back by the maintenance window');
      assert.match((await h.events('no-tracking')).at(-1)!.note ?? '', /held back: maintenance window #\d+ \(ops: UPS API migration\)/);
      // The exception rule fired in the first cycle, the gauge rule two minutes later (for: 2m); ten
      // minutes after that, its repeatInterval, it notifies again.
      const shop = sent.filter((n) => n.context.integration.id === 'shopify-connector');
      assert.deepEqual(shop.map((n) => n.kind), ['firing', 'firing', 'repeat']);
    });
  });
}
