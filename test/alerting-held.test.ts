import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listAlerts } from '../src/alerting/alerts.js';
import { AlertEngine } from '../src/alerting/engine.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { AlertRules } from '../src/alerting/rules/index.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * "Held for" as on-call scores it: live-shaped traffic (4 calls a second, 1 failure in ~120,
 * sent every 5 s through the ingest API), the evaluator every 15 s on a moved clock, and the
 * rule of the scoring run: `for: 60s`, `keepFiringFor: 60s`, `window: 2m`.
 */
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const FOR_MS = MINUTE;
const WINDOW_MS = 2 * MINUTE;
const EVERY_MS = 15 * SECOND;
const RULE = 'dhl-carrier:error_rate';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-held-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Whether the call at `ts` (its index `n`) fails. */
type Failing = (ts: number, n: number) => boolean;

class Traffic {
  private sent = START;
  private n = 0;
  constructor(
    private readonly server: TestServer,
    private readonly engine: AlertEngine,
  ) {}

  private backlog: Array<{ at: number; record: unknown }> = [];

  /**
   * Calls every 250 ms up to `until`, ingested every 5 s (or at `deliveredAt(ts)`, a stalled
   * exporter's backlog); an evaluation at every 15 s mark.
   */
  async run(until: number, failing: Failing, deliveredAt: (ts: number) => number = (ts) => ts): Promise<void> {
    while (this.sent < until) {
      const to = this.sent + 5 * SECOND;
      for (let ts = this.sent; ts < to; ts += 250) {
        const n = this.n++;
        const failed = failing(ts, n) || n % 120 === 119;
        this.backlog.push({ at: deliveredAt(ts), record: { kind: 'call', ts, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: failed ? 503 : 201, latency_ms: 180 } });
      }
      const batch = this.backlog.filter((item) => item.at < to).map((item) => item.record);
      this.backlog = this.backlog.filter((item) => item.at >= to);
      this.sent = to;
      this.server.clock.now = to;
      const answer = await this.server.ingest(batch);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      if (to % EVERY_MS === 0) await this.engine.evaluateOnce();
    }
  }
}

async function setUp(engine: (typeof ENGINES)[number]) {
  const server = await startTestServer(engine, { now: START, catalogue: 'examples/catalogue' });
  const catalogue = new Catalogue('examples/catalogue');
  catalogue.load();
  const file = join(dir, `alerting-${engine.name}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `rules:\n  - { name: "${RULE}", kind: error_rate, integration: dhl-carrier, threshold: 0.05, for: 60s, keepFiringFor: 60s, window: 2m, minVolume: 20 }\n`,
  );
  const rules = new AlertRules(file, catalogue);
  rules.load();
  const engineUnderTest = new AlertEngine({ db: server.store.db, catalogue, rules, clock: server.clock.read, consoleBase: 'https://switchboard.example' });
  const traffic = new Traffic(server, engineUnderTest);
  const firings = async () => {
    const alert = (await listAlerts(server.store.db)).find((a) => a.rule === RULE);
    if (!alert) return [];
    const rows = await server.store.db.selectFrom('alert_events').select(['ts', 'to_state']).where('alert_id', '=', alert.id).where('to_state', '=', 'firing').execute();
    return rows.map((row) => Number(row.ts));
  };
  return { server, traffic, firings };
}

/**
 * Every burst length on SQLite; on PostgreSQL the longest only (the one nearest `for`), beside the
 * stall: the evaluator's decisions do not depend on the engine, only the rollups it reads do, and
 * those are compared between the engines by the query and read-your-writes tests.
 */
const BURSTS_S: Record<(typeof ENGINES)[number]['name'], number[]> = { sqlite: [10, 15, 30, 45], postgres: [45] };

for (const engine of ENGINES) {
  describe(`held for means held (${engine.name})`, () => {
    for (const burstS of BURSTS_S[engine.name]) {
      it(`a ${burstS}-second burst of 100 % 5xx never fires with for: 60s, at any offset in its minute`, async () => {
        const { server, traffic, firings } = await setUp(engine);
        try {
          // Three healthy minutes first, so the window is judged (minVolume) before each burst.
          let at = START + 3 * MINUTE;
          await traffic.run(at, () => false);
          for (const offsetS of [0, 5, 20, 35, 50, 55]) {
            const burstStart = at + offsetS * SECOND;
            const burstEnd = burstStart + burstS * SECOND;
            // Then long enough for the burst to leave the window and any `for` to pass.
            at += 4 * MINUTE;
            await traffic.run(at, (ts) => ts >= burstStart && ts < burstEnd);
            assert.deepEqual(await firings(), [], `the burst at +${offsetS}s of its minute fired`);
          }
        } finally {
          await server.close();
        }
      });
    }

    it('a sustained 30 % error rate fires within for + one window + one evaluation period, on the data\'s time when the exporter stalls', async () => {
      const { server, traffic, firings } = await setUp(engine);
      try {
        await traffic.run(START + 3 * MINUTE, () => false);
        const incident = START + 3 * MINUTE + 37 * SECOND;
        // The exporter stalls 30 s into the incident and sends its 70-s backlog at once: until
        // then the data proves only 30 s, however long the clock has seen it pending.
        const stall = [incident + 30 * SECOND, incident + 100 * SECOND] as const;
        await traffic.run(
          incident + FOR_MS + WINDOW_MS + EVERY_MS,
          (ts, n) => ts >= incident && n % 10 < 3,
          (ts) => (ts >= stall[0] && ts < stall[1] ? stall[1] : ts),
        );
        const fired = await firings();
        assert.equal(fired.length, 1, 'fires exactly once');
        assert.ok(fired[0]! >= stall[1], `fired ${(stall[1] - fired[0]!) / SECOND}s before the data proved 60 s of failures`);
        const after = fired[0]! - incident;
        assert.ok(after <= FOR_MS + WINDOW_MS + EVERY_MS, `fired ${after / SECOND}s after the incident began`);
      } finally {
        await server.close();
      }
    });
  });
}
