import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { streak } from '../src/alerting/evaluate/common.js';
import type { Evaluation } from '../src/alerting/evaluate/types.js';
import { decide } from '../src/alerting/lifecycle.js';
import type { AlertRule } from '../src/alerting/rules/types.js';
import type { CycleData } from '../src/alerting/evaluate/data.js';
import { verifyWebhookSignature } from '../src/alerting/notify/webhook/webhook.js';
import { AlertingFileError } from '../src/alerting/rules/rules.js';
import type { NotificationContext } from '../src/alerting/types.js';
import { startServer } from '../src/cli/server.js';
import { loadConfig } from '../src/config.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const SECRET = 'receiver-secret-7f3a';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-alerting-api-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A webhook receiver on loopback that checks signatures and can be told to fail. */
class Receiver {
  readonly received: Array<{ context: NotificationContext; signed: boolean }> = [];
  answer = 200;
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer(async (request: IncomingMessage, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      const signed = verifyWebhookSignature({
        secret: SECRET,
        body,
        timestamp: request.headers['x-switchboard-timestamp'] as string | undefined,
        signature: request.headers['x-switchboard-signature'] as string | undefined,
      });
      if (this.answer === 200) this.received.push({ context: JSON.parse(body) as NotificationContext, signed });
      response.writeHead(this.answer, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

function calls(ts: number, ok: number, failed: number) {
  return Array.from({ length: ok + failed }, (_, i) => ({
    kind: 'call',
    ts: ts - 20_000 + i * 100,
    integration: 'dhl-carrier',
    direction: 'outbound',
    operation: 'label.create',
    // Failures spread through the minute, as live traffic has them (not a burst at its start).
    status: Math.floor(((i + 1) * failed) / (ok + failed)) > Math.floor((i * failed) / (ok + failed)) ? 503 : 201,
    latency_ms: 120,
    correlation_id: `c-${ts}-${i}`,
  }));
}

async function send(server: TestServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined ? { headers: server.auth } : { body: JSON.stringify(body), headers: { ...server.auth, 'content-type': 'application/json' } }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

describe('held time proved by slices', () => {
  const data = { minutes: 6, start: START } as unknown as CycleData;
  it('counts neither edge slice, so no burst shorter than the span of whole interior slices is held for it', () => {
    const now = START + 5 * MINUTE + 5_000; // 5 s into the sixth minute
    const whole = [true, true, true, true, true];
    // From the end of the first crossing minute to the start of the newest one.
    assert.deepEqual(streak(data, (i) => [...whole, false][i]!, now), { alive: true, heldMs: 3 * MINUTE });
    assert.deepEqual(streak(data, (i) => [...whole, true][i]!, now), { alive: true, heldMs: 4 * MINUTE });
    // Two crossing minutes prove nothing held: a 2-second burst can straddle them.
    assert.deepEqual(streak(data, (i) => [false, false, false, true, true, false][i]!, now), { alive: true, heldMs: 0 });
    // A whole minute that does not cross ends the streak; the minute under way never does.
    assert.deepEqual(streak(data, (i) => [true, true, false, true, true, false][i]!, now), { alive: true, heldMs: 0 });
    assert.deepEqual(streak(data, (i) => [true, true, true, true, false, true][i]!, now), { alive: true, heldMs: 0 });
    assert.deepEqual(streak(data, (i) => [true, true, true, true, false, false][i]!, now), { alive: false, heldMs: 0 });
    // Empty minutes neither break nor start one.
    assert.deepEqual(streak(data, (i) => [null, true, null, true, true, null][i]!, now), { alive: true, heldMs: 2 * MINUTE });
  });
});

describe('sustained for', () => {
  const rule = { forMs: 5 * MINUTE, keepFiringForMs: 5 * MINUTE, repeatIntervalMs: 4 * 3_600_000 } as AlertRule;
  const breaching = (heldMs: number | null): Evaluation => ({
    judged: true, breaching: true, value: 0.2, threshold: 0.05, summary: '', trend: [], stepMs: MINUTE, windowMs: 5 * MINUTE, heldMs,
  });

  it('goes by what the data proves, not by the clock since it went pending', () => {
    const first = START + MINUTE;
    let state = decide(undefined, breaching(0), rule, first);
    assert.equal(state.next, 'pending');
    // A slow cycle long after: the clock says 10 min, the data only 4.
    state = decide(state.snapshot, breaching(4 * MINUTE), rule, first + 10 * MINUTE);
    assert.equal(state.next, 'pending');
    state = decide(state.snapshot, breaching(5 * MINUTE), rule, first + 10 * MINUTE + 15_000);
    assert.equal(state.next, 'firing');
    assert.equal(state.notify, 'firing');
  });

  it('fires at once when late data proves it held for `for`', () => {
    const now = START + 7 * MINUTE;
    assert.equal(decide(undefined, breaching(5 * MINUTE), rule, now).next, 'firing');
    assert.equal(decide(undefined, breaching(5 * MINUTE - 1), rule, now).next, 'pending');
  });

  it('uses the lifecycle clock only when the data cannot say', () => {
    const snapshot = { state: 'pending' as const, pending_since: START, fired_at: null, resolved_at: null, last_breach_at: START, last_notified_at: null };
    assert.equal(decide(snapshot, breaching(null), rule, START + 5 * MINUTE - 1).next, 'pending');
    assert.equal(decide(snapshot, breaching(null), rule, START + 5 * MINUTE).next, 'firing');
  });
});

for (const engine of ENGINES) {
  describe(`alerting through the server (${engine.name})`, () => {
    let server: TestServer;
    let receiver: Receiver;
    const alertingFile = join(dir, `alerting-${engine.name}.yaml`);

    before(async () => {
      receiver = new Receiver();
      await receiver.start();
      writeFileSync(
        alertingFile,
        [
          'channels:',
          `  - { name: ops, type: webhook, url: "${receiver.url}", secret: "\${OPS_SECRET}" }`,
          'routes:',
          '  - channels: [ops]',
        ].join('\n'),
      );
      server = await startTestServer(engine, { now: START, catalogue: 'examples/catalogue', alerting: alertingFile, env: { OPS_SECRET: SECRET } });
    });
    after(async () => {
      await server.close();
      await receiver.close();
    });

    /** A minute of traffic, then one evaluation cycle and the delivery of what it enqueued. */
    async function minute(ok: number, failed: number) {
      server.clock.advance(MINUTE);
      const answer = await server.ingest(calls(server.clock.now, ok, failed));
      assert.equal(answer.status, 200);
      await server.app.alerting.evaluate();
      await server.app.alerting.dispatch();
    }

    it('fires on partner 5xx, delivers a signed notification with context, shows it in the API and in health', async () => {
      server.clock.now = START + 30_000;
      for (let i = 0; i < 7; i++) await minute(80, 20);

      const { body: list } = await server.get('/api/v1/alerts?state=firing');
      const alert = list.alerts.find((a: { rule: string }) => a.rule === 'dhl-carrier:error_rate');
      assert.ok(alert, JSON.stringify(list));
      assert.equal(alert.state, 'firing');
      assert.match(alert.summary, /5xx share 20 % over 2 %/);

      assert.equal(receiver.received.length, 1);
      const [{ context, signed }] = receiver.received as [{ context: NotificationContext; signed: boolean }];
      assert.ok(signed, 'the signature verifies with the secret from the environment');
      assert.equal(context.kind, 'firing');
      assert.equal(context.integration.id, 'dhl-carrier');
      assert.equal(context.samples[0]?.status, 503);

      const { body: detail } = await server.get(`/api/v1/alerts/${alert.id}`);
      assert.deepEqual(
        detail.events.map((e: { from_state: string; to_state: string }) => `${e.from_state}>${e.to_state}`),
        ['inactive>pending', 'pending>firing'],
      );
      assert.equal(detail.deliveries.length, 1);
      assert.equal(detail.deliveries[0].status, 'delivered');
      assert.equal(detail.deliveries[0].channel, 'ops');

      const { body: health } = await server.get('/api/v1/integrations/dhl-carrier/health');
      assert.ok(
        health.reasons.some((reason: string) => reason.startsWith('alert dhl-carrier:error_rate firing')),
        JSON.stringify(health.reasons),
      );
      assert.equal(health.status, 'down', 'a firing critical error-rate alert puts the integration down');
    });

    it('resolves once after recovery, says how long it lasted, and records the episode in the history', async () => {
      for (let i = 0; i < 7; i++) await minute(100, 0);
      const { body } = await server.get('/api/v1/alerts?state=resolved');
      const alert = body.alerts.find((a: { rule: string }) => a.rule === 'dhl-carrier:error_rate');
      assert.equal(alert?.state, 'resolved');
      const resolutions = receiver.received.filter((r) => r.context.kind === 'resolved');
      assert.equal(resolutions.length, 1);
      assert.equal(resolutions[0]!.context.alert.durationMs, alert.resolved_at - alert.fired_at);

      const { body: history } = await server.get(`/api/v1/alerts/history?from=${START}&to=${server.clock.now + MINUTE}`);
      const episode = history.episodes.find((e: { rule: string }) => e.rule === 'dhl-carrier:error_rate');
      assert.equal(episode.fired_at, alert.fired_at);
      assert.equal(episode.resolved_at, alert.resolved_at);
      assert.equal(episode.duration_ms, alert.resolved_at - alert.fired_at);
      assert.match(episode.summary, /5xx share/);
    });

    it('lists the rules in force and the channels, never a secret', async () => {
      const { status, body } = await server.get('/api/v1/alerts/rules');
      assert.equal(status, 200);
      assert.ok(body.rules.some((r: { name: string }) => r.name === 'dhl-carrier:error_rate'));
      assert.deepEqual(body.channels, [{ name: 'ops', type: 'webhook' }]);
      assert.deepEqual(body.problems, []);
      assert.ok(!JSON.stringify(body).includes(SECRET));
      const alerts = await server.get('/api/v1/alerts');
      assert.ok(!JSON.stringify(alerts.body).includes(SECRET));
    });

    it('creates, lists and expires silences; refuses bad ones with a specific reason', async () => {
      const bad: Array<[unknown, RegExp]> = [
        [{ author: 'ana', reason: 'x', duration: '1h' }, /at least one matcher/],
        [{ matchers: [{ label: 'integration', value: 'dhl-carrier' }], reason: 'x', duration: '1h' }, /author/],
        [{ matchers: [{ label: 'integration', value: 'dhl-carrier' }], author: 'ana', reason: 'x' }, /ends_at or a duration/],
        [{ matchers: [{ label: 'integration', value: '(' , regex: true }], author: 'ana', reason: 'x', duration: '1h' }, /invalid regular expression/],
        [{ integration: 'dhl-carrier', author: 'ana', reason: 'x', starts_at: START + 2 * 3_600_000, ends_at: START + 3_600_000 }, /end after it starts/],
        [{ integration: 'dhl-carrier', author: 'ana', reason: 'x', duration: '1h', ends_at: START }, /either ends_at or duration/],
        [{ integration: 'dhl-carrier', author: 'ana', reason: 'x', ends_at: 'tomorrow' }, /ends_at=tomorrow is neither/],
        [{ integration: 'dhl-carrier', author: 'ana', reason: 'x', duration: '1h', colour: 'red' }, /must NOT have additional properties/],
        [{ kind: 'maintenance', matchers: [{ label: 'team', value: 'x' }], author: 'ana', reason: 'x', duration: '1h' }, /for one integration/],
      ];
      for (const [body, reason] of bad) {
        const answer = await send(server, 'POST', '/api/v1/silences', body);
        assert.equal(answer.status, 400, JSON.stringify(body));
        assert.match(answer.body.error, reason);
      }
      assert.equal((await server.get('/api/v1/silences')).body.silences.length, 0, 'nothing stored for a refused silence');

      const created = await send(server, 'POST', '/api/v1/silences', { kind: 'maintenance', integration: 'dhl-carrier', duration: '2h', author: ' ana ', reason: 'carrier maintenance' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.author, 'ana');
      assert.equal(created.body.ends_at, server.clock.now + 2 * 3_600_000);
      assert.deepEqual(created.body.matchers, [{ label: 'integration', value: 'dhl-carrier' }]);
      assert.equal((await server.get('/api/v1/silences?active=true')).body.silences.length, 1);

      const expired = await send(server, 'DELETE', `/api/v1/silences/${created.body.id}`);
      assert.equal(expired.status, 200);
      assert.equal(expired.body.active, false);
      assert.equal((await server.get('/api/v1/silences?active=true')).body.silences.length, 0);
      assert.equal((await send(server, 'DELETE', '/api/v1/silences/99999')).status, 404);
      assert.equal((await send(server, 'DELETE', '/api/v1/silences/abc')).status, 400);
      assert.equal((await server.get('/api/v1/alerts?state=burning')).status, 400);
      assert.equal((await server.get('/api/v1/alerts/0')).status, 400);
      assert.equal((await server.get('/api/v1/alerts/424242')).status, 404);
    });

    it('a silence holds back the notification of a new firing; the alert still fires', async () => {
      const silence = await send(server, 'POST', '/api/v1/silences', { matchers: [{ label: 'alertname', value: 'dhl-carrier:error_rate' }], duration: '1h', author: 'ana', reason: 'known incident' });
      assert.equal(silence.status, 201);
      const before = receiver.received.length;
      for (let i = 0; i < 7; i++) await minute(80, 20);
      const { body } = await server.get('/api/v1/alerts?state=firing');
      const alert = body.alerts.find((a: { rule: string }) => a.rule === 'dhl-carrier:error_rate');
      assert.equal(alert?.state, 'firing');
      assert.equal(receiver.received.length, before, 'no notification while silenced');
      const { body: detail } = await server.get(`/api/v1/alerts/${alert.id}`);
      assert.ok(detail.events.some((e: { note: string | null }) => /held back: silence #\d+ \(ana: known incident\)/.test(e.note ?? '')));

      // Expired: the held-back firing notification goes out on the next cycle.
      await send(server, 'DELETE', `/api/v1/silences/${silence.body.id}`);
      await minute(80, 20);
      assert.equal(receiver.received.length, before + 1);
      assert.equal(receiver.received.at(-1)!.context.kind, 'firing');
    });

    it('dead-letters what the receiver refuses, lists it, and delivers it once retried', async () => {
      receiver.answer = 400;
      for (let i = 0; i < 7; i++) await minute(100, 0); // recovery → a resolved notification, refused
      const { body: dead } = await server.get('/api/v1/notifications/dead');
      assert.equal(dead.notifications.length, 1, JSON.stringify(dead));
      assert.match(dead.notifications[0].lastError, /400/);
      const before = receiver.received.length;

      receiver.answer = 200;
      const retried = await send(server, 'POST', `/api/v1/notifications/${dead.notifications[0].id}/retry`);
      assert.equal(retried.status, 200);
      await server.app.alerting.dispatch();
      assert.equal(receiver.received.length, before + 1);
      assert.equal(receiver.received.at(-1)!.context.kind, 'resolved');
      assert.equal((await server.get('/api/v1/notifications/dead')).body.notifications.length, 0);
      assert.equal((await send(server, 'POST', `/api/v1/notifications/${dead.notifications[0].id}/retry`)).status, 404, 'only dead ones');
    });
  });
}

describe('starting with an alerting file', () => {
  it('refuses a broken file, naming each problem with its line', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, ['rules:', '  - name: x', '    kind: error_rate', '    integration: dhl-carrier', '    threshold: 7'].join('\n'));
    const config = loadConfig({ database: join(dir, 'broken.db'), port: 0, alerting: file }, {});
    await assert.rejects(startServer(config, 'silent'), (error: unknown) => {
      assert.ok(error instanceof AlertingFileError);
      assert.match(error.message, /broken\.yaml:5:\d+: .*threshold/);
      return true;
    });
  });
});

describe('evaluation held while history streams in (the demo backfill)', () => {
  it('judges nothing until the hold is released, then judges the data as usual', async () => {
    const server = await startTestServer(ENGINES[0]!, { now: START, catalogue: 'examples/catalogue' });
    try {
      let release = () => undefined as void;
      server.app.alerting.holdEvaluation(new Promise<void>((resolve) => (release = resolve)));
      const failingMinutes = async (count: number) => {
        for (let i = 0; i < count; i++) {
          server.clock.advance(MINUTE);
          assert.equal((await server.ingest(calls(server.clock.now, 80, 20))).status, 200);
          const report = await server.app.alerting.evaluate();
          if (i === 0) held.push(report.evaluated);
        }
      };
      const held: number[] = [];
      await failingMinutes(7);
      assert.deepEqual(held, [0], 'a held cycle judges nothing');
      assert.deepEqual((await server.get('/api/v1/alerts?state=firing')).body.alerts, [], 'nothing fires while held');
      release();
      await new Promise((resolve) => setImmediate(resolve));
      held.length = 0;
      await failingMinutes(7);
      assert.ok(held[0]! > 0, 'cycles judge again once released');
      const firing = (await server.get('/api/v1/alerts?state=firing')).body.alerts.map((a: { rule: string }) => a.rule);
      assert.ok(firing.includes('dhl-carrier:error_rate'), JSON.stringify(firing));
    } finally {
      await server.close();
    }
  });
});
