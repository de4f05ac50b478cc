import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listAlerts } from '../src/alerting/alerts.js';
import { AlertEngine } from '../src/alerting/engine.js';
import { SILENCE_FLOOR_MS } from '../src/alerting/evaluate/volume-drop.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { AlertRules } from '../src/alerting/rules/index.js';
import { ENGINES } from './support/engines.js';
import { startTestServer } from './support/server.js';

/** Silence of a webhook stream, sent live through the ingest API every 5 s, judged every 15 s. */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const EVERY_MS = 15 * SECOND;

const dir = mkdtempSync(join(tmpdir(), 'switchboard-silence-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function setUp(engine: (typeof ENGINES)[number]) {
  const server = await startTestServer(engine, { now: START, catalogue: 'examples/catalogue' });
  const catalogue = new Catalogue('examples/catalogue');
  catalogue.load();
  const file = join(dir, `alerting-${engine.name}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, 'rules:\n  - { name: hooks-silent, kind: volume_drop, integration: shopify-connector, event: webhook.received, fraction: 0, window: 2m, for: 0s }\n');
  const rules = new AlertRules(file, catalogue);
  rules.load();
  const alerts = new AlertEngine({ db: server.store.db, catalogue, rules, clock: server.clock.read, consoleBase: 'https://switchboard.example' });
  let sent = START;
  /** Webhooks at the times `at` says (within each 5-s batch) up to `until`. */
  const run = async (until: number, at: (from: number, to: number) => number[]) => {
    while (sent < until) {
      const to = sent + 5 * SECOND;
      const batch = at(sent, to).map((ts) => ({ kind: 'event', ts, integration: 'shopify-connector', name: 'webhook.received' }));
      sent = to;
      server.clock.now = to;
      if (batch.length > 0) assert.equal((await server.ingest(batch)).status, 200);
      if (to % EVERY_MS === 0) await alerts.evaluateOnce();
    }
  };
  const firedAt = async () => {
    const alert = (await listAlerts(server.store.db)).find((a) => a.rule === 'hooks-silent');
    return alert?.state === 'firing' ? { at: alert.fired_at!, summary: alert.summary } : null;
  };
  return { server, run, firedAt };
}

const every = (gap: number) => (from: number, to: number) => {
  const out: number[] = [];
  for (let ts = from; ts < to; ts += gap) out.push(ts);
  return out;
};

for (const engine of ENGINES) {
  describe(`silence of a stream (${engine.name})`, () => {
    it('a steady stream that stops is noticed within the floor and one evaluation period', async () => {
      const { server, run, firedAt } = await setUp(engine);
      try {
        await run(START + 15 * MINUTE, every(250));
        assert.equal(await firedAt(), null);
        const stopped = START + 15 * MINUTE;
        await run(stopped + 2 * MINUTE, () => []);
        const fired = await firedAt();
        assert.ok(fired, 'the silence was noticed');
        assert.ok(fired.at - stopped <= SILENCE_FLOOR_MS + EVERY_MS, `noticed ${(fired.at - stopped) / SECOND}s after the last webhook`);
        assert.match(fired.summary, /^no webhook.received events for [^(]+ \(usually one every 0.3 s; silent after 30 s\)$/);
      } finally {
        await server.close();
      }
    });

    it('a bursty stream (a night: a burst every 45 s) stays quiet between its bursts', async () => {
      const { server, run, firedAt } = await setUp(engine);
      try {
        await run(START + 30 * MINUTE, (from, to) => (from % (45 * SECOND) === 0 ? every(200)(from, to) : []));
        assert.equal(await firedAt(), null);
      } finally {
        await server.close();
      }
    });
  });
}
