import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailMessage, slackMessage } from '../src/alerting/notify/index.js';
import { ENGINES } from './support/engines.js';
import { FIRING_RULE as RULE, firingAlertServer } from './support/firing-alert.js';

/** Assigning an alert to a person (issue 12): API, role checks, audit, history, and the notifications that follow. */
for (const engine of ENGINES) {
  describe(`assigning an alert (${engine.name})`, () => {
    const harness = firingAlertServer(engine);

    it('assigns with the respond permission, audited and in the history; repeats and the resolution say who has it; resolving ends it', async () => {
      await harness.minutes(1, 5);
      const alert = await harness.alertNow();
      assert.equal(alert.state, 'firing');
      assert.equal(alert.assignment, null);
      const path = `/api/v1/alerts/${alert.id}/assignee`;

      assert.equal((await harness.call('PUT', path, harness.viewer, { assignee: 'Dana Okafor' })).status, 403, 'assigning needs the respond permission');
      for (const bad of [{}, { assignee: '' }, { assignee: '   ' }, { assignee: 'x'.repeat(101) }, { assignee: 'Dana\nOkafor' }]) {
        const refused = await harness.call('PUT', path, harness.oncall, bad);
        assert.equal(refused.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(refused.body)}`);
      }
      const assigned = await harness.call('PUT', path, harness.oncall, { assignee: '  Dana Okafor ' });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.equal(assigned.body.assignment.to, 'Dana Okafor');
      assert.match(assigned.body.assignment.by, /^token:oncall#\d+$/);
      assert.equal(assigned.body.assignment.at, harness.server.clock.now);
      assert.equal((await harness.alertNow()).assignment.to, 'Dana Okafor', 'the alerts list shows it');
      const audit = await harness.server.store.db.selectFrom('audit_log').select(['outcome', 'target', 'integration']).where('action', '=', 'alert.assign').orderBy('id').execute();
      assert.deepEqual(audit.map((row) => row.outcome), ['refused', 'failed', 'failed', 'failed', 'failed', 'failed', 'ok'], 'the viewer refused, five bad bodies failed, then the assignment');
      assert.deepEqual([audit.at(-1)!.target, audit.at(-1)!.integration], [`alerts:${alert.id}`, 'dhl-carrier']);

      await harness.minutes(2, 5);
      const [repeat] = await harness.sent('repeat');
      assert.equal(repeat?.alert.assignee, 'Dana Okafor', 'the repeat says who has it');
      assert.ok(emailMessage(repeat!, harness.server.clock.now).text.includes('Assigned to: Dana Okafor'));
      assert.ok(JSON.stringify(slackMessage(repeat!, harness.server.clock.now)).includes('*Assigned to*\\nDana Okafor'));
      const history = (await harness.server.get(`/api/v1/alerts/${alert.id}`)).body.events as Array<{ note: string | null }>;
      assert.ok(history.some((event) => /^assigned to Dana Okafor by token:oncall#\d+$/.test(event.note ?? '')), JSON.stringify(history));

      // Reassigned, then taken away, then given again.
      assert.equal((await harness.call('PUT', path, harness.oncall, { assignee: 'Sam Lee' })).body.assignment.to, 'Sam Lee');
      const unassigned = await harness.call('DELETE', path, harness.oncall);
      assert.equal(unassigned.status, 200);
      assert.equal(unassigned.body.assignment, null);
      assert.equal((await harness.call('DELETE', path, harness.oncall)).status, 409, 'nothing to take back');
      assert.equal((await harness.call('PUT', path, harness.oncall, { assignee: 'Sam Lee' })).status, 200);

      await harness.minutes(5, null);
      const resolved = await harness.alertNow();
      assert.equal(resolved.state, 'resolved');
      assert.equal(resolved.assignment, null, 'resolving ends the assignment');
      const [resolution] = await harness.sent('resolved');
      assert.equal(resolution?.alert.assignee, 'Sam Lee', 'the resolution says who had it');
      const late = await harness.call('PUT', path, harness.oncall, { assignee: 'Dana Okafor' });
      assert.equal(late.status, 409);
      assert.match(JSON.stringify(late.body), /resolved: only a firing or pending alert can be assigned/);
      assert.equal((await harness.call('PUT', '/api/v1/alerts/999999/assignee', harness.oncall, { assignee: 'Dana' })).status, 404);
    });
  });
}
