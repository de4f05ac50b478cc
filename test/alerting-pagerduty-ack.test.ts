import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * PagerDuty's acknowledgement mirrored (issue 12): a loopback sender posts PagerDuty v3 webhook
 * events signed as PagerDuty signs them (X-PagerDuty-Signature: v1=<HMAC-SHA256 of the raw body>).
 */
const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const RULE = 'dhl-carrier:error_rate';
const SECRET = 'pd-webhook-secret-0123456789abcdef';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-pd-ack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function calls(ts: number) {
  return Array.from({ length: 120 }, (_, i) => ({ kind: 'call', ts: ts - 30_000 + i * 250, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: i % 5 === 0 ? 503 : 201, latency_ms: 120 }));
}

/** A v3 webhook event as PagerDuty sends it (trimmed to what matters, plus the usual noise). */
function pagerDutyEvent(eventType: string, incidentKey: string | null, agent = 'Dana Okafor'): string {
  return JSON.stringify({
    event: {
      id: '01DEN8ZQ5VZ7ZR2NXVGYKPRWZC',
      event_type: eventType,
      resource_type: 'incident',
      occurred_at: '2026-11-20T12:03:00.000Z',
      agent: { html_url: 'https://acme.pagerduty.com/users/PLH1HKV', id: 'PLH1HKV', self: 'https://api.pagerduty.com/users/PLH1HKV', summary: agent, type: 'user_reference' },
      client: null,
      data: { id: 'PGR0VU2', type: 'incident', number: 2, status: 'acknowledged', incident_key: incidentKey, title: '[FIRING warning] DHL Parcel API: 5xx share 20 %', urgency: 'high' },
    },
  });
}

function sign(body: string, secret = SECRET): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

for (const engine of ENGINES) {
  describe(`PagerDuty acknowledgements mirrored (${engine.name})`, () => {
    let server: TestServer;

    before(async () => {
      const file = join(dir, `alerting-${engine.name}.yaml`);
      writeFileSync(
        file,
        `rules:\n  - { name: "${RULE}", kind: error_rate, integration: dhl-carrier, threshold: 0.05, for: 0s, window: 2m, repeatInterval: 2m }\n` +
          'channels:\n  - { name: ops, type: webhook, url: "http://127.0.0.1:9/hook", secret: "${OPS_SECRET}" }\n',
      );
      server = await startTestServer(engine, { now: START, catalogue: 'examples/catalogue', alerting: file, env: { SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET: SECRET, OPS_SECRET: 'x'.repeat(32) } });
      server.clock.advance(MINUTE);
      assert.equal((await server.ingest(calls(server.clock.now))).status, 200);
      await server.app.alerting.evaluate();
    });
    after(() => server.close());

    const send = async (body: string, signature: string | null, contentType = 'application/json') => {
      const response = await fetch(`${server.url}/api/v1/alerts/pagerduty`, {
        method: 'POST',
        headers: { 'content-type': contentType, 'user-agent': 'PagerDuty-Webhook/V3.0', ...(signature === null ? {} : { 'x-pagerduty-signature': signature }) },
        body,
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as any };
    };
    const alertNow = async () => (await server.get('/api/v1/alerts')).body.alerts.find((a: { rule: string }) => a.rule === RULE);

    it('refuses an unsigned, wrongly signed, altered or oversized body, and acknowledges nothing', async () => {
      const alert = await alertNow();
      assert.equal(alert.state, 'firing');
      const body = pagerDutyEvent('incident.acknowledged', alert.fingerprint);
      assert.equal((await send(body, null)).status, 401);
      assert.equal((await send(body, sign(body, 'another-secret'))).status, 401);
      const refused = await send(body.replace('Dana Okafor', 'Mallory'), sign(body));
      assert.equal(refused.status, 401);
      assert.equal(refused.body.code, 'bad_signature');
      const huge = JSON.stringify({ event: { event_type: 'incident.acknowledged', pad: 'x'.repeat(70 * 1024) } });
      assert.equal((await send(huge, sign(huge))).status, 413);
      assert.equal((await alertNow()).acknowledgement, null);
    });

    it('answers 200 to events it does not mirror, and 400 to a signed body that is not an event', async () => {
      const alert = await alertNow();
      for (const body of [pagerDutyEvent('incident.triggered', alert.fingerprint), pagerDutyEvent('incident.acknowledged', 'not-an-alert'), pagerDutyEvent('incident.acknowledged', null)]) {
        const answer = await send(body, sign(body));
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.equal(answer.body.mirrored, false);
      }
      const notJson = '{"event":';
      assert.equal((await send(notJson, sign(notJson))).status, 400);
      assert.equal((await alertNow()).acknowledgement, null);
    });

    it('acknowledges the firing alert whose fingerprint is the incident key, as pagerduty:<who>, audited; a rotated secret still verifies', async () => {
      const alert = await alertNow();
      const body = pagerDutyEvent('incident.acknowledged', alert.fingerprint);
      // While a secret is rotated PagerDuty sends one signature per secret.
      const answer = await send(body, `${sign(body, 'the-old-secret')},${sign(body)}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body, { mirrored: true, alert: alert.id });
      const acked = await alertNow();
      assert.equal(acked.acknowledgement.by, 'pagerduty:Dana Okafor');
      assert.equal(acked.acknowledgement.note, 'acknowledged in PagerDuty (incident PGR0VU2)');
      const audit = await server.store.db.selectFrom('audit_log').select(['actor', 'action', 'outcome', 'target', 'integration']).where('action', '=', 'alert.acknowledge').execute();
      assert.deepEqual(audit.map((row) => [row.actor, row.outcome, row.target, row.integration]), [['pagerduty:Dana Okafor', 'ok', `alerts:${alert.id}`, 'dhl-carrier']]);
      // Acknowledged: no repeat while it keeps firing past its repeat interval.
      for (let i = 0; i < 4; i++) {
        server.clock.advance(MINUTE);
        assert.equal((await server.ingest(calls(server.clock.now))).status, 200);
        await server.app.alerting.evaluate();
      }
      const kinds = (await server.store.db.selectFrom('notifications').select('kind').execute()).map((row) => row.kind);
      assert.deepEqual(kinds, ['firing'], 'the firing went out; no repeat since the acknowledgement');
    });
  });
}

describe('PagerDuty webhook without a secret', () => {
  it('answers 404, saying which setting turns it on', async () => {
    const server = await startTestServer(ENGINES[0]!, { now: START });
    try {
      const body = pagerDutyEvent('incident.acknowledged', 'x');
      const response = await fetch(`${server.url}/api/v1/alerts/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pagerduty-signature': sign(body) }, body });
      assert.equal(response.status, 404);
      assert.match(JSON.stringify(await response.json()), /SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET/);
    } finally {
      await server.close();
    }
  });
});
