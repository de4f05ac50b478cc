/**
 * A server whose one rule (a 5 % error rate on dhl-carrier over 2 min, no wait) fires within a
 * minute of failing calls, with an on-call (read, respond) and a viewer (read) token: what the
 * tests of responding to an alert (acknowledging, assigning) start from.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { NotificationContext } from '../../src/alerting/types.js';
import { tokenWith } from './access.js';
import type { EngineHarness } from './engines.js';
import { startTestServer, type TestServer } from './server.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
export const FIRING_RULE = 'dhl-carrier:error_rate';

export interface FiringAlertServer {
  server: TestServer;
  oncall: string;
  viewer: string;
  /** `n` minutes of 120 label calls each, one in `failedEvery` failing (null: none), each evaluated. */
  minutes: (n: number, failedEvery: number | null) => Promise<void>;
  /** The notifications of this kind stored so far, oldest first. */
  sent: (kind: string) => Promise<NotificationContext[]>;
  /** The rule's alert as GET /api/v1/alerts lists it. */
  alertNow: () => Promise<any>;
  /** A request as `token`, with `body` as JSON. */
  call: (method: string, path: string, token: string, body?: unknown) => Promise<{ status: number; body: any }>;
}

function calls(ts: number, failedEvery: number | null) {
  return Array.from({ length: 120 }, (_, i) => ({
    kind: 'call',
    ts: ts - 30_000 + i * 250,
    integration: 'dhl-carrier',
    direction: 'outbound',
    operation: 'label.create',
    status: failedEvery !== null && i % failedEvery === 0 ? 503 : 201,
    latency_ms: 120,
  }));
}

/**
 * Starts the server before the tests of the enclosing describe and stops it after them; the
 * fields are there once they run.
 */
export function firingAlertServer(engine: EngineHarness): FiringAlertServer {
  const harness = {} as FiringAlertServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-firing-'));
    Object.assign(harness, await start(engine, dir));
  });
  after(async () => {
    await harness.server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return harness;
}

async function start(engine: EngineHarness, dir: string): Promise<FiringAlertServer> {
  const file = join(dir, 'alerting.yaml');
  writeFileSync(
    file,
    [
      'rules:',
      `  - { name: "${FIRING_RULE}", kind: error_rate, integration: dhl-carrier, threshold: 0.05, for: 0s, keepFiringFor: 2m, window: 2m, repeatInterval: 2m }`,
      'channels:',
      '  - { name: ops, type: webhook, url: "http://127.0.0.1:9/hook", secret: "${OPS_SECRET}" }',
    ].join('\n'),
  );
  const server = await startTestServer(engine, { now: START, catalogue: 'examples/catalogue', alerting: file, env: { OPS_SECRET: 'x'.repeat(32), SWITCHBOARD_PUBLIC_URL: 'https://switchboard.example' } });
  return {
    server,
    oncall: await tokenWith(server, 'oncall', ['read', 'respond']),
    viewer: await tokenWith(server, 'viewer', ['read']),
    minutes: async (n, failedEvery) => {
      for (let i = 0; i < n; i++) {
        server.clock.advance(MINUTE);
        assert.equal((await server.ingest(calls(server.clock.now, failedEvery))).status, 200);
        await server.app.alerting.evaluate();
      }
    },
    sent: async (kind) =>
      (await server.store.db.selectFrom('notifications').select(['payload']).where('kind', '=', kind).orderBy('id').execute()).map((row) => JSON.parse(row.payload) as NotificationContext),
    alertNow: async () => (await server.get('/api/v1/alerts')).body.alerts.find((alert: { rule: string }) => alert.rule === FIRING_RULE),
    call: async (method, path, token, body) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as any };
    },
  };
}
