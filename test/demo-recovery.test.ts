/** The demo's scripted auth-expired incident, fixed by the one-click re-authorization against its sandbox partner. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPartnerSandbox } from '../src/demo/sandbox.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { ENGINES } from './support/engines.js';
import { tokenWith } from './support/access.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('demo: one-click re-authorization ends the auth-expired incident', () => {
  const simulator = createSimulator({ scale: 1 });
  let sandbox: Awaited<ReturnType<typeof startPartnerSandbox>>;
  let server: TestServer;
  const credential = 'sandbox-connections-credential-51c2';

  before(async () => {
    sandbox = await startPartnerSandbox(simulator);
    process.env.SWITCHBOARD_DEMO_SANDBOX = sandbox.url;
    process.env.SALESFORCE_CONNECTIONS_TOKEN = credential;
    server = await startTestServer(ENGINES[0]!, { now: Date.now(), catalogue: 'examples/catalogue' });
  });
  after(async () => {
    await server.close();
    await sandbox.close();
  });

  it('re-authorizes through the catalogue action and the simulated partner recovers', async () => {
    const incident = simulator.startIncident('auth-expired', { startMs: Date.now() - 1_000 });
    assert.deepEqual(simulator.activeIncidents(Date.now()).map((i) => i.id), [incident.id]);
    const offer = (await server.get('/api/v1/integrations/salesforce-sync/recovery')).body;
    assert.deepEqual(offer.actions.map((a: { name: string; title: string }) => [a.name, a.title]), [['reauthorize', 'Re-authorize the Salesforce connection']]);
    const responder = await tokenWith(server, 'oncall', ['read', 'respond']);
    const response = await fetch(`${server.url}/api/v1/integrations/salesforce-sync/recovery/reauthorize/run`, { method: 'POST', headers: { authorization: `Bearer ${responder}` } });
    const text = await response.text();
    assert.equal(response.status, 201, text);
    const run = JSON.parse(text);
    assert.deepEqual([run.outcome, run.http_status], ['succeeded', 200]);
    assert.match(run.excerpt, new RegExp(`"ended_incidents":\\["${incident.id}"\\]`));
    assert.ok(!text.includes(credential));
    assert.deepEqual(simulator.activeIncidents(Date.now()), [], 'the incident is over');
  });
});
