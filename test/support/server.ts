import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.js';
import { createIngestKey } from '../../src/ingest/keys.js';
import { createApp, type SwitchboardApp } from '../../src/server/app.js';
import { Catalogue } from '../../src/catalogue/catalogue.js';
import { AlertRules } from '../../src/alerting/rules/rules.js';
import type { EngineHarness, TestStore } from './engines.js';
import { checkAnswers } from './answer-schemas.js';

export interface TestServer {
  url: string;
  key: string;
  /** SWITCHBOARD_ADMIN_TOKEN of this server: every scope, every tenant. */
  adminToken: string;
  /** `Authorization` with the admin token, for requests a test makes by hand. */
  auth: { authorization: string };
  store: TestStore;
  app: SwitchboardApp;
  clock: ManualClock;
  config: Config;
  ingest: (body: unknown, options?: { contentType?: string; key?: string | null }) => Promise<{ status: number; body: any }>;
  /** A GET as the admin token, or as `token` (null: with no credentials). */
  get: (path: string, token?: string | null) => Promise<{ status: number; body: any }>;
  close: () => Promise<void>;
}

/** A clock the test moves by hand, so windows and time bounds are exact. */
export class ManualClock {
  constructor(public now: number) {}
  read = (): number => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

/** A real HTTP server on a loopback port over a real store, with jobs off unless asked for. */
export async function startTestServer(
  engine: EngineHarness,
  options: {
    now?: number;
    env?: Record<string, string>;
    runJobs?: boolean;
    /** SQLite: commit ingest on the writer thread, as a real server does (off with jobs off: it costs a worker's start). */
    ingestWriter?: boolean;
    catalogue?: string;
    /** An alerting file to load; its channels read `${ENV}` secrets from `env`. */
    alerting?: string;
    /** Another instance on this server's store (a connection of its own), as behind a load balancer. */
    besides?: TestServer;
  } = {},
): Promise<TestServer> {
  const store = options.besides ? await anotherConnection(options.besides.store) : await engine.open();
  const clock = new ManualClock(options.now ?? Date.UTC(2026, 10, 20, 12, 0, 0));
  const adminToken = `sbt_test_admin_${randomBytes(16).toString('hex')}`;
  const config = loadConfig({ database: store.database, port: 0 }, { SWITCHBOARD_ADMIN_TOKEN: adminToken, ...options.env });
  const catalogue = new Catalogue(options.catalogue);
  catalogue.load();
  const alertRules = new AlertRules(options.alerting, catalogue);
  alertRules.load();
  const app = await createApp({
    config,
    db: store.db,
    logLevel: 'silent',
    clock: clock.read,
    runJobs: options.runJobs ?? false,
    ...(options.ingestWriter !== undefined ? { ingestWriter: options.ingestWriter } : {}),
    catalogue,
    alertRules,
    channelOptions: { env: { ...options.env } },
  });
  const violations = checkAnswers(app.app);
  const address = await app.app.listen({ host: '127.0.0.1', port: 0 });
  const { key } = await createIngestKey(store.db, 'tests');

  const ingest: TestServer['ingest'] = async (body, opts = {}) => {
    const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
    const presented = opts.key === undefined ? key : opts.key;
    if (presented !== null) headers.authorization = `Bearer ${presented}`;
    const response = await fetch(`${address}/api/v1/ingest`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
  const get: TestServer['get'] = async (path, token = adminToken) => {
    const response = await fetch(`${address}${path}`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
  return {
    url: address,
    key,
    adminToken,
    auth: { authorization: `Bearer ${adminToken}` },
    store,
    app,
    clock,
    config,
    ingest,
    get,
    close: async () => {
      await app.close();
      await store.dispose();
      assert.deepEqual(violations, [], 'answers that do not match their schema in docs/openapi.json (fix the answer or the schema, then npm run openapi)');
    },
  };
}

/** The same store through a connection of its own, which disposing closes (the store stays its first server's). */
async function anotherConnection(store: TestStore): Promise<TestStore> {
  const opened = await store.openAnother();
  return { ...store, ...opened, dispose: () => opened.db.destroy() };
}

/** Sends `records` in batches of 5,000 (the ingest maximum) and asserts every one was accepted. */
export async function ingestAll(server: Pick<TestServer, 'ingest'>, records: readonly unknown[]): Promise<void> {
  for (let i = 0; i < records.length; i += 5_000) {
    const batch = records.slice(i, i + 5_000);
    const answer = await server.ingest(batch);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, batch.length, JSON.stringify(answer.body.rejected?.slice(0, 3)));
  }
}
