import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { LogLevel } from '../server/logger.js';
import { createIngestKey } from '../ingest/keys.js';
import { ensureDemoUsers } from '../access/bootstrap.js';
import { createToken } from '../access/tokens.js';
import { createSimulator } from '../simulator/simulator.js';
import { backfill, startFeeder } from '../simulator/feeder.js';
import { INCIDENT_KINDS } from '../simulator/incidents.js';
import { startServer } from '../cli/server.js';
import { incidentRoutes } from './incident-routes.js';
import { notificationReceiver } from './receiver.js';
import { startPartnerSandbox } from './sandbox.js';
import { HOUR, MINUTE, floorTo } from '../rollup/tiers.js';
import { exampleOrder } from './example-order.js';
import { seedDemoHistory, type SeededHistory } from './history.js';

/** The catalogue of the six demo integrations, shipped in the package. */
export const DEMO_CATALOGUE = fileURLToPath(new URL('../../examples/catalogue', import.meta.url));
/** The demo's alerting file: a few rules besides the defaults, and its own webhook receiver. */
export const DEMO_ALERTING = fileURLToPath(new URL('../../examples/alerting/demo.yaml', import.meta.url));

export interface DemoOptions {
  config: Config;
  historyHours: number;
  scale: number;
  logLevel: LogLevel;
}

/**
 * The server on its usual store, fed by the simulator through the public ingest API, exactly as
 * a user's integrations would feed it.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const simulator = createSimulator({ scale: options.scale });
  // The demo catalogue's checks probe ${SWITCHBOARD_DEMO_SANDBOX}: set it before checks start.
  const sandbox = await startPartnerSandbox(simulator);
  process.env.SWITCHBOARD_DEMO_SANDBOX = sandbox.url;
  // The demo catalogue's DHL check sends a token from the environment, as a real one would; the
  // sandbox takes any.
  process.env.DHL_API_TOKEN ??= 'demo-token';
  // The Salesforce recovery action's credential for the sandbox's connection service.
  process.env.SALESFORCE_CONNECTIONS_TOKEN ??= randomBytes(16).toString('hex');
  // The demo alerting file's webhook channel reads these when it sends.
  process.env.SWITCHBOARD_DEMO_WEBHOOK_SECRET ??= randomBytes(24).toString('hex');
  const receiver = notificationReceiver(process.env.SWITCHBOARD_DEMO_WEBHOOK_SECRET);
  const now = Date.now();
  // The seeded history ends where the simulator's backfill begins, on a whole minute.
  const liveFrom = floorTo(now - options.historyHours * HOUR, MINUTE);
  let history: SeededHistory | undefined;
  const running = await startServer(options.config, options.logLevel, [incidentRoutes(simulator), receiver], {
    bootstrapAdmin: false,
    // A month of history before the live simulator's hours, so the monthly report has one to show.
    beforeServe: async (database, catalogue, rules) => {
      history = await seedDemoHistory(database.db, { catalogue, rules, now, until: liveFrom, scale: options.scale });
    },
  });
  const people = await ensureDemoUsers(running.database.db);
  const operator = await createToken(running.database.db, { name: `demo operator ${new Date().toISOString()}`, scopes: ['read', 'respond'], createdBy: 'demo' });
  process.env.SWITCHBOARD_DEMO_RECEIVER_URL = `${running.url.replace('://localhost', '://127.0.0.1')}/api/v1/demo/receiver`;
  const { key } = await createIngestKey(running.database.db, `demo ${new Date().toISOString()}`);
  const log = running.server.app.log;
  if (history?.seeded) log.info({ operation: 'demo.history', from: new Date(history.from).toISOString(), to: new Date(history.to).toISOString(), incidents: history.incidents }, 'seeded the demo history');
  // The simulator is deterministic: a demo restarted on the same store resumes after the newest
  // record it already holds instead of sending the same history twice.
  const newest = await running.database.db
    .selectFrom('integrations_seen')
    .select((eb) => eb.fn.max('last_seen').as('last'))
    .executeTakeFirst();
  const from = Math.max(liveFrom, Number(newest?.last ?? 0) + 1);
  if (from < now) {
    log.info({ operation: 'demo.backfill', minutes: Math.round((now - from) / 60_000) }, 'backfilling simulated history');
    const backfilled = backfill({ simulator, url: running.url, ingestKey: key, fromMs: from, toMs: now });
    running.server.alerting.holdEvaluation(backfilled);
    await backfilled;
  }
  const feeder = startFeeder({
    simulator,
    url: running.url,
    ingestKey: key,
    intervalMs: 2_000,
    startMs: now,
    onError: (error) => log.warn({ operation: 'demo.feed', err: error }, 'simulator batch not accepted yet; it will be retried'),
  });
  running.beforeStop(() => feeder.stop());
  running.beforeStop(() => sandbox.close());
  const carriers = simulator.integrations.filter((i) => (i.shipmentShare ?? 0) > 0).map((i) => i.id);
  const order = await exampleOrder({ db: running.database.db, config: options.config, clock: Date.now }, carriers);

  console.error(
    [
      '',
      `  Switchboard demo is running: open ${running.url}`,
      `  Sign in as ${people.map((person) => `${person.username} / ${person.password}`).join(',  ')}`,
      `  Ingest key for this demo: ${key}`,
      `  A read + respond token for the API: ${operator.token}`,
      ...(order ? [`  Trace an order end to end: ${running.url}/trace?order_id=${order}`] : []),
      `  Play an incident: curl -X POST ${running.url}/api/v1/demo/incidents -H 'authorization: Bearer ${operator.token}' -H 'content-type: application/json' -d '{"kind":"server-errors"}'`,
      `  Incident kinds: ${INCIDENT_KINDS.map((k) => k.kind).join(', ')}`,
      `  Fix one with a click: play auth-expired, then "Re-authorize the Salesforce connection" on ${running.url}/integrations/salesforce-sync`,
      `  Last month's report (seeded history with scripted incidents): ${running.url}/reports`,
      `  Alerts: ${running.url}/alerts (notifications go to the demo's own receiver: ${running.url}/api/v1/demo/notifications)`,
      '  Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
}
