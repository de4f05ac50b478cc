import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from './support/engines.js';
import { FIRING_RULE as RULE, firingAlertServer } from './support/firing-alert.js';

for (const engine of ENGINES) {
  describe(`acknowledging an alert (${engine.name})`, () => {
    const harness = firingAlertServer(engine);

    it('stops repeats while acknowledged, audited; unacknowledging brings them back; resolving clears it', async () => {
      await harness.minutes(1, 5);
      const alert = await harness.alertNow();
      assert.equal(alert.state, 'firing');
      assert.equal(alert.acknowledgement, null);
      const [firing] = await harness.sent('firing');
      assert.match(firing!.links.acknowledge ?? '', new RegExp(`/alerts/${alert.id}\\?acknowledge=1$`));

      const pending = await harness.call('POST', `/api/v1/alerts/${alert.id}/ack`, harness.viewer, {});
      assert.equal(pending.status, 403, 'acknowledging needs the respond permission');

      const acked = await harness.call('POST', `/api/v1/alerts/${alert.id}/ack`, harness.oncall, { note: 'on it, DHL ticket 4711' });
      assert.equal(acked.status, 200, JSON.stringify(acked.body));
      assert.match(acked.body.acknowledgement.by, /^token:oncall#\d+$/);
      assert.equal(acked.body.acknowledgement.note, 'on it, DHL ticket 4711');
      assert.equal(acked.body.acknowledgement.at, harness.server.clock.now);
      const audit = await harness.server.store.db.selectFrom('audit_log').select(['action', 'outcome', 'target', 'integration']).where('action', '=', 'alert.acknowledge').execute();
      assert.deepEqual(audit.map((row) => row.outcome), ['refused', 'ok'], 'the viewer\'s attempt and the acknowledgement');
      assert.deepEqual([audit[1]!.target, audit[1]!.integration], [`alerts:${alert.id}`, 'dhl-carrier']);

      // Six more minutes of failures, three times the repeat interval: no repeat while acknowledged.
      await harness.minutes(6, 5);
      assert.equal((await harness.alertNow()).state, 'firing');
      assert.equal((await harness.sent('repeat')).length, 0);
      const history = (await harness.server.get(`/api/v1/alerts/${alert.id}`)).body.events as Array<{ note: string | null }>;
      assert.ok(history.some((event) => /acknowledged by token:oncall#\d+: on it, DHL ticket 4711/.test(event.note ?? '')), JSON.stringify(history));

      const unacked = await harness.call('DELETE', `/api/v1/alerts/${alert.id}/ack`, harness.oncall);
      assert.equal(unacked.status, 200, JSON.stringify(unacked.body));
      assert.equal(unacked.body.acknowledgement, null);
      await harness.minutes(1, 5);
      assert.equal((await harness.sent('repeat')).length, 1, 'the repeat comes back once unacknowledged');
      const again = await harness.call('DELETE', `/api/v1/alerts/${alert.id}/ack`, harness.oncall);
      assert.equal(again.status, 409);
      assert.match(JSON.stringify(again.body), /not acknowledged/);

      // Acknowledged again, then it recovers: the resolution still goes out and ends the acknowledgement.
      assert.equal((await harness.call('POST', `/api/v1/alerts/${alert.id}/ack`, harness.oncall, {})).status, 200);
      await harness.minutes(5, null);
      const resolved = await harness.alertNow();
      assert.equal(resolved.state, 'resolved');
      assert.equal(resolved.acknowledgement, null);
      assert.equal((await harness.sent('resolved')).length, 1);
      const refused = await harness.call('POST', `/api/v1/alerts/${alert.id}/ack`, harness.oncall, {});
      assert.equal(refused.status, 409);
      assert.match(JSON.stringify(refused.body), /resolved, not firing/);

      // The next firing pages again.
      await harness.minutes(1, 5);
      assert.equal((await harness.sent('firing')).length, 2);
    });

    it('answers 404 for an alert that does not exist', async () => {
      assert.equal((await harness.call('POST', '/api/v1/alerts/999999/ack', harness.oncall, {})).status, 404);
    });
  });
}
