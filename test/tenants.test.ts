/**
 * Tenant isolation, on both engines: a token bound to one tenant sees and touches only that
 * tenant's integrations on every read and write path, and another tenant's integration, order or
 * alert answers exactly as an unknown one; an unbound (admin) token sees both.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { createUser, updateUser } from '../src/access/users.js';
import { listAlerts } from '../src/alerting/alerts.js';
import { trace } from '../src/query/trace.js';
import { compactAll } from '../src/rollup/compact.js';
import { searchTraceIds } from '../src/trace/search.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);

const dir = mkdtempSync(join(tmpdir(), 'switchboard-tenants-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Tenant acme: a-shop and a-carrier (by `tenant:`); tenant globex: b-shop (by `tenant:`) and b-carrier (by its owner team). */
function integration(name: string, type: string, owner: string, tenant?: string): string {
  return `apiVersion: switchboard/v1
kind: Integration
metadata:
  name: ${name}
spec:
  type: ${type}
  partner: ${name}
  owner: ${owner}
${tenant ? `  tenant: ${tenant}\n` : ''}  slo:
    successRate: 0.99
  checks:
    - name: ping
      type: heartbeat
      period: 1d
`;
}
const CATALOGUE = join(dir, 'catalogue.yaml');
/** Routes naming one tenant's integration each: a caller bound to the other must not see them. */
const ALERTING = join(dir, 'alerting.yaml');
writeFileSync(
  ALERTING,
  [
    'channels:',
    '  - { name: hook, type: webhook, url: "http://127.0.0.1:9/hook", secret: "${TENANTS_HOOK_SECRET}" }',
    'routes:',
    '  - { match: { integration: a-shop }, channels: [hook] }',
    '  - { match: { integration: b-shop }, channels: [hook] }',
    '  - { channels: [hook] }',
  ].join('\n'),
);
writeFileSync(
  CATALOGUE,
  [
    integration('a-shop', 'shop', 'team-shop', 'acme'),
    integration('a-carrier', 'carrier', 'team-shipping', 'acme'),
    integration('b-shop', 'shop', 'team-shop', 'globex'),
    integration('b-carrier', 'carrier', 'globex'),
  ].join('---\n'),
);

const A = ['a-carrier', 'a-feed', 'a-shop'];
const B = ['b-carrier', 'b-feed', 'b-shop'];

function call(integration: string, ts: number, env: string, links: Record<string, string> = {}) {
  return { kind: 'call', ts, integration, env, direction: 'outbound', operation: 'order.sync', status: 500, latency_ms: 120, ...links };
}
function event(integration: string, name: string, ts: number, env: string, links: Record<string, string>) {
  return { kind: 'event', name, ts, integration, env, ...links };
}
/** One order through a shop and a carrier: order received, shipment, label, confirmation. */
function order(shop: string, carrier: string, n: string, ts: number, env: string) {
  const ids = { order_id: `ord-${n}`, shipment_id: `shp-${n}` };
  return [
    event(shop, 'order.received', ts, env, { order_id: ids.order_id }),
    event(carrier, 'shipment.created', ts + MINUTE, env, ids),
    event(carrier, 'label.created', ts + 2 * MINUTE, env, { shipment_id: ids.shipment_id }),
    event(carrier, 'carrier.confirmed', ts + 3 * MINUTE, env, { shipment_id: ids.shipment_id }),
  ];
}

const T = START - 30 * MINUTE;
const RECORDS = [
  // acme: one order; its shop call shares a correlation id with a globex call.
  ...order('a-shop', 'a-carrier', 'a1', T, 'prod-a'),
  call('a-shop', T, 'prod-a', { order_id: 'ord-a1', correlation_id: 'cor-mixed' }),
  call('a-shop', T + MINUTE, 'prod-a', { order_id: 'ord-shared' }),
  { kind: 'run', ts: T, integration: 'a-feed', tenant: 'acme', job: 'a-export', status: 'success', counts: { items: 10 } },
  // globex: two orders, its own ids, and the other half of the shared ones.
  ...order('b-shop', 'b-carrier', 'b1', T, 'prod-b'),
  ...order('b-shop', 'b-carrier', 'b2', T + 5 * MINUTE, 'prod-b'),
  call('b-shop', T, 'prod-b', { order_id: 'ord-b1', shipment_id: 'shp-b1', correlation_id: 'cor-b1' }),
  call('b-shop', T + MINUTE, 'prod-b', { correlation_id: 'cor-mixed' }),
  call('b-shop', T + 2 * MINUTE, 'prod-b', { order_id: 'ord-shared' }),
  { kind: 'run', ts: T, integration: 'b-feed', tenant: 'globex', job: 'b-export', status: 'failed', error: 'boom' },
];

async function request(server: TestServer, method: string, path: string, token: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // CSV
  }
  return { status: response.status, body: parsed };
}

/** Seeds a firing alert with its firing event and a dead notification; returns their ids. */
async function seedAlert(server: TestServer, integration: string): Promise<{ alert: number; notification: number }> {
  const db = server.store.db;
  const labels = { alertname: `${integration}:error_rate`, integration, severity: 'critical', kind: 'error_rate' };
  const alert = await db
    .insertInto('alerts')
    .values({
      fingerprint: `fp-${integration}`,
      rule_id: `${integration}:error_rate`,
      integration,
      labels: JSON.stringify(labels),
      severity: 'critical',
      state: 'firing',
      value: 0.5,
      threshold: 0.01,
      summary: `5xx share of ${integration} over 1 %`,
      pending_since: T,
      fired_at: T + MINUTE,
      resolved_at: null,
      last_breach_at: T + MINUTE,
      last_evaluated_at: T + MINUTE,
      last_notified_at: null,
      context: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(alert.id);
  await db.insertInto('alert_events').values({ alert_id: id, ts: T + MINUTE, from_state: 'pending', to_state: 'firing', value: 0.5, note: `${integration} fired` }).execute();
  const notification = await db
    .insertInto('notifications')
    .values({ alert_id: id, channel: 'ops', kind: 'firing', payload: '{}', status: 'dead', attempts: 5, next_attempt_at: T, last_error: 'receiver down', created_at: T + MINUTE, delivered_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { alert: id, notification: Number(notification.id) };
}

/** The live stream as the console reads it: server-sent events, one at a time. */
async function openStream(server: TestServer, token: string) {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (name: string, timeoutMs = 5_000): Promise<any> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        if (lines.includes(`event: ${name}`)) return JSON.parse(lines.find((line) => line.startsWith('data: '))!.slice('data: '.length));
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${name}" event within ${timeoutMs} ms`);
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no "${name}" event within ${timeoutMs} ms`)), left))]);
      if (chunk.done) throw new Error('the stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return { next, close: () => abort.abort() };
}

/** The integrations a list is about: each item's `integration`, or its `id` (a tile, a catalogue entry). */
const ids = (items: Array<{ id?: unknown; integration?: string }>) => [...new Set(items.map((item) => item.integration ?? String(item.id)))].sort();
const sameAnswer = (answer: { status: number; body: any }, asked: string) => ({ status: answer.status, code: answer.body?.code, error: String(answer.body?.error).replaceAll(asked, '<id>') });

for (const engine of ENGINES) {
  describe(`tenant isolation (${engine.name})`, { timeout: 120_000 }, () => {
    let server: TestServer;
    let acme: string;
    let admin: string;
    let alerts: Record<'a' | 'b', { alert: number; notification: number }>;

    before(async () => {
      server = await startTestServer(engine, { now: START, catalogue: CATALOGUE, alerting: ALERTING, env: { TENANTS_HOOK_SECRET: 'not-a-real-secret' } });
      admin = server.adminToken;
      acme = (await createToken(server.store.db, { name: 'acme-oncall', scopes: ['read', 'respond'], tenants: ['acme'] }, START)).token;
      const ingested = await server.ingest(RECORDS);
      assert.deepEqual(ingested.body, { accepted: RECORDS.length, rejected: [] });
      await compactAll(server.store.db);
      alerts = { a: await seedAlert(server, 'a-shop'), b: await seedAlert(server, 'b-shop') };
    });
    after(() => server.close());

    const get = (path: string, token: string) => request(server, 'GET', path, token);

    it('shows a bound token only its tenant on the board, health, checks and jobs; the admin everything', async () => {
      assert.deepEqual(ids((await get('/api/v1/integrations', acme)).body.integrations), A);
      assert.deepEqual(ids((await get('/api/v1/integrations', admin)).body.integrations), [...A, ...B].sort());
      assert.deepEqual(ids((await get('/api/v1/health', acme)).body.integrations), A);
      assert.deepEqual(ids((await get('/api/v1/health', admin)).body.integrations), [...A, ...B].sort());
      assert.deepEqual(ids((await get('/api/v1/checks', acme)).body.checks), ['a-carrier', 'a-shop']);
      assert.deepEqual(ids((await get('/api/v1/checks', admin)).body.checks), ['a-carrier', 'a-shop', 'b-carrier', 'b-shop']);
      const window = `from=${START - 7 * 24 * 60 * MINUTE}&to=${START}`;
      assert.deepEqual(ids((await get(`/api/v1/jobs?${window}`, acme)).body.jobs), ['a-feed']);
      assert.deepEqual((await get(`/api/v1/jobs?${window}&integration=b-feed`, acme)).body.jobs, []);
      assert.deepEqual(ids((await get(`/api/v1/jobs?${window}`, admin)).body.jobs), ['a-feed', 'b-feed']);
    });

    it('offers only the visible integrations’ values in the filter drop-downs', async () => {
      assert.deepEqual((await get('/api/v1/dimensions', acme)).body.envs, ['prod-a']);
      assert.deepEqual((await get('/api/v1/dimensions?integration=b-shop', acme)).body.envs, []);
      assert.deepEqual((await get('/api/v1/dimensions', admin)).body.envs, ['prod-a', 'prod-b']);
    });

    it('lists only the visible catalogue, uncatalogued ids and CSV rows', async () => {
      const mine = (await get('/api/v1/catalogue', acme)).body;
      assert.deepEqual(ids(mine.integrations), ['a-carrier', 'a-shop']);
      assert.deepEqual(mine.uncatalogued, ['a-feed']);
      const all = (await get('/api/v1/catalogue', admin)).body;
      assert.deepEqual(ids(all.integrations), ['a-carrier', 'a-shop', 'b-carrier', 'b-shop']);
      assert.deepEqual(all.uncatalogued, ['a-feed', 'b-feed']);
      const csvIds = (csv: string) => csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]).sort();
      assert.deepEqual(csvIds((await get('/api/v1/catalogue.csv', acme)).body), ['a-carrier', 'a-shop']);
      assert.deepEqual(csvIds((await get('/api/v1/catalogue.csv', admin)).body), ['a-carrier', 'a-shop', 'b-carrier', 'b-shop']);
    });

    it('answers another tenant’s integration pages exactly as an unknown integration’s', async () => {
      const runbook = (await get('/api/v1/runbooks', acme)).body.runbooks[0].name as string;
      const pages = [
        (id: string) => `/api/v1/integrations/${id}`,
        (id: string) => `/api/v1/integrations/${id}/summary`,
        (id: string) => `/api/v1/integrations/${id}/timeseries`,
        (id: string) => `/api/v1/integrations/${id}/operations`,
        (id: string) => `/api/v1/integrations/${id}/failures`,
        (id: string) => `/api/v1/integrations/${id}/health`,
        (id: string) => `/api/v1/integrations/${id}/checks`,
        (id: string) => `/api/v1/catalogue/${id}`,
        (id: string) => `/api/v1/runbooks/${runbook}?integration=${id}`,
      ];
      for (const page of pages) {
        const theirs = await get(page('b-shop'), acme);
        assert.equal(theirs.status, 404, `${page('b-shop')} for acme`);
        assert.deepEqual(sameAnswer(theirs, 'b-shop'), sameAnswer(await get(page('zz-unknown'), acme), 'zz-unknown'), page('b-shop'));
        assert.equal((await get(page('a-shop'), acme)).status, 200, `${page('a-shop')} for acme`);
        assert.equal((await get(page('b-shop'), admin)).status, 200, `${page('b-shop')} for the admin`);
      }
      const run = await request(server, 'POST', '/api/v1/integrations/b-shop/checks/ping/run', acme);
      assert.deepEqual(sameAnswer(run, 'b-shop'), sameAnswer(await request(server, 'POST', '/api/v1/integrations/zz-unknown/checks/ping/run', acme), 'zz-unknown'));
      assert.equal(run.status, 404);
    });

    it('traces another tenant’s order, shipment and correlation ids as unknown ones', async () => {
      for (const [kind, id] of [['order_id', 'ord-b1'], ['shipment_id', 'shp-b1'], ['correlation_id', 'cor-b1']] as const) {
        const unknown = `${kind}-nobody-has`;
        const theirs = await get(`/api/v1/trace?${kind}=${id}`, acme);
        assert.equal(theirs.status, 200);
        assert.deepEqual(theirs.body, { ...(await get(`/api/v1/trace?${kind}=${unknown}`, acme)).body, [kind]: id });
        assert.deepEqual(theirs.body.records, []);
        assert.ok((await get(`/api/v1/trace?${kind}=${id}`, admin)).body.records.length > 0, `the admin traces ${kind} ${id}`);

        const timeline = await get(`/api/v1/trace/timeline?${kind}=${id}`, acme);
        assert.equal(timeline.status, 404);
        assert.deepEqual(sameAnswer(timeline, id), sameAnswer(await get(`/api/v1/trace/timeline?${kind}=${unknown}`, acme), unknown));
        assert.equal((await get(`/api/v1/trace/timeline?${kind}=${id}`, admin)).status, 200);

        const search = await get(`/api/v1/trace/search?q=${id}`, acme);
        assert.equal(search.status, 404);
        assert.deepEqual(sameAnswer(search, id), sameAnswer(await get(`/api/v1/trace/search?q=${unknown}`, acme), unknown));
        assert.equal((await get(`/api/v1/trace/search?q=${id}`, admin)).status, 200);
      }
    });

    it('keeps other tenants’ records out of a trace they share ids with', async () => {
      const shared = (await get('/api/v1/trace?order_id=ord-shared', acme)).body.records;
      assert.deepEqual(ids(shared), ['a-shop']);
      assert.deepEqual(ids((await get('/api/v1/trace?order_id=ord-shared', admin)).body.records), ['a-shop', 'b-shop']);
      // ord-a1's correlation id leads on to a globex call for the admin, never for acme.
      assert.deepEqual(ids((await get('/api/v1/trace?order_id=ord-a1', acme)).body.records), ['a-carrier', 'a-shop']);
      assert.ok(ids((await get('/api/v1/trace?order_id=ord-a1', admin)).body.records).includes('b-shop'));
      assert.deepEqual((await get('/api/v1/trace/timeline?order_id=ord-a1', acme)).body.related.correlation_ids, ['cor-mixed']);
      assert.equal((await get('/api/v1/trace/timeline?order_id=ord-a1', acme)).body.integrations.some((i: any) => i.id === 'b-shop'), false);
      const search = (await get('/api/v1/trace/search?q=ord-shared', acme)).body;
      assert.deepEqual(search.matches.map((m: any) => [m.kind, m.records]), [['order_id', 1]]);
      assert.deepEqual((await get('/api/v1/trace/search?q=ord-shared', admin)).body.matches.map((m: any) => [m.kind, m.records]), [['order_id', 2]]);
    });

    it('counts only the visible integrations’ events in the flow totals', async () => {
      const window = `from=${T - 10 * MINUTE}&to=${START}`;
      const mine = (await get(`/api/v1/flow?${window}`, acme)).body;
      assert.equal(mine.orders, 1);
      assert.equal(mine.labels.created, 1);
      assert.equal(mine.lead_time.count, 1);
      assert.deepEqual(ids(mine.carriers), ['a-carrier']);
      assert.deepEqual(ids(mine.origins), ['a-shop']);
      const all = (await get(`/api/v1/flow?${window}`, admin)).body;
      assert.equal(all.orders, 3);
      assert.equal(all.labels.created, 3);
      assert.equal(all.lead_time.count, 3);
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      const series = (await get(`/api/v1/flow/timeseries?${window}`, acme)).body;
      assert.equal(sum(series.series.orders), 1);
      assert.deepEqual(ids(series.carriers), ['a-carrier']);
      assert.equal(sum((await get(`/api/v1/flow/timeseries?${window}`, admin)).body.series.orders), 3);
    });

    it('shows only its alerts, history, rules and dead letters, and 404s another tenant’s alert', async () => {
      assert.deepEqual(ids((await get('/api/v1/alerts', acme)).body.alerts), ['a-shop']);
      assert.deepEqual((await get('/api/v1/alerts?integration=b-shop', acme)).body.alerts, []);
      assert.deepEqual(ids((await get('/api/v1/alerts', admin)).body.alerts), ['a-shop', 'b-shop']);
      const window = `from=${T - 10 * MINUTE}&to=${START}`;
      assert.deepEqual(ids((await get(`/api/v1/alerts/history?${window}`, acme)).body.episodes), ['a-shop']);
      assert.deepEqual(ids((await get(`/api/v1/alerts/history?${window}`, admin)).body.episodes), ['a-shop', 'b-shop']);

      assert.equal((await get(`/api/v1/alerts/${alerts.a.alert}`, acme)).status, 200);
      const theirs = await get(`/api/v1/alerts/${alerts.b.alert}`, acme);
      assert.equal(theirs.status, 404);
      assert.deepEqual(sameAnswer(theirs, String(alerts.b.alert)), sameAnswer(await get('/api/v1/alerts/987654', acme), '987654'));
      assert.equal((await get(`/api/v1/alerts/${alerts.b.alert}`, admin)).status, 200);

      const rules = (await get('/api/v1/alerts/rules', acme)).body.rules as Array<{ integration: string }>;
      assert.ok(rules.length > 0);
      assert.deepEqual([...new Set(rules.map((rule) => rule.integration))].sort(), ['a-carrier', 'a-shop']);
      assert.ok((await get('/api/v1/alerts/rules', admin)).body.rules.some((rule: any) => rule.integration === 'b-shop'));
      const routesOf = async (token: string) => ((await get('/api/v1/alerts/rules', token)).body.routes as Array<{ match?: { integration?: string } }>).map((route) => route.match?.integration ?? '*');
      assert.deepEqual(await routesOf(acme), ['a-shop', '*']);
      assert.deepEqual(await routesOf(admin), ['a-shop', 'b-shop', '*']);
      assert.equal((await get('/api/v1/alerts/rules', acme)).body.file, null, 'the server\'s file path is for those who see everything');
      assert.equal((await get('/api/v1/alerts/rules', admin)).body.file, ALERTING);

      const dead = (await get('/api/v1/notifications/dead', acme)).body.notifications.map((n: any) => n.id);
      assert.deepEqual(dead, [alerts.a.notification]);
      assert.deepEqual((await get('/api/v1/notifications/dead', admin)).body.notifications.map((n: any) => n.id).sort(), [alerts.a.notification, alerts.b.notification].sort());
      const retryTheirs = await request(server, 'POST', `/api/v1/notifications/${alerts.b.notification}/retry`, acme);
      assert.equal(retryTheirs.status, 404);
      assert.deepEqual(
        sameAnswer(retryTheirs, String(alerts.b.notification)),
        sameAnswer(await request(server, 'POST', '/api/v1/notifications/987654/retry', acme), '987654'),
      );
      assert.equal((await request(server, 'POST', `/api/v1/notifications/${alerts.a.notification}/retry`, acme)).status, 200);
    });

    it('lets a bound token silence only its own integrations, and shows it only those silences', async () => {
      const silence = (body: Record<string, unknown>, token: string) =>
        request(server, 'POST', '/api/v1/silences', token, { duration: '1h', author: 'ann', reason: 'partner maintenance', ...body });
      const mine = await silence({ integration: 'a-shop' }, acme);
      assert.equal(mine.status, 201, JSON.stringify(mine.body));
      const byMatcher = await silence({ matchers: [{ label: 'integration', value: 'a-carrier' }, { label: 'severity', value: 'critical' }] }, acme);
      assert.equal(byMatcher.status, 201, JSON.stringify(byMatcher.body));

      const refusals: Array<[Record<string, unknown>, RegExp]> = [
        [{ integration: 'b-shop' }, /you may silence only your tenants' integrations; "b-shop" is not one of them/],
        [{ matchers: [{ label: 'integration', value: 'b-carrier' }] }, /"b-carrier" is not one of them/],
        [{ integration: 'a-shop', matchers: [{ label: 'integration', value: 'b-shop' }] }, /"b-shop" is not one of them/],
        [{ matchers: [{ label: 'integration', value: 'a-.*', regex: true }] }, /cannot match integration by a pattern/],
        [{ integration: 'a-shop', matchers: [{ label: 'integration', value: '.*', regex: true }] }, /cannot match integration by a pattern/],
        [{ matchers: [{ label: 'severity', value: 'critical' }] }, /must name the integration it silences/],
      ];
      for (const [body, message] of refusals) {
        const refused = await silence(body, acme);
        assert.equal(refused.status, 403, JSON.stringify(body));
        assert.equal(refused.body.code, 'silence_not_confined');
        assert.match(refused.body.error, message);
      }
      const theirs = await silence({ integration: 'b-shop' }, admin);
      assert.equal(theirs.status, 201);
      const everywhere = await silence({ matchers: [{ label: 'severity', value: 'warning' }] }, admin);
      assert.equal(everywhere.status, 201);

      const listed = (token: string) => get('/api/v1/silences', token).then((answer) => answer.body.silences.map((s: any) => s.id).sort());
      assert.deepEqual(await listed(acme), [mine.body.id, byMatcher.body.id].sort());
      assert.deepEqual(await listed(admin), [mine.body.id, byMatcher.body.id, theirs.body.id, everywhere.body.id].sort());

      for (const id of [theirs.body.id, everywhere.body.id]) {
        const expire = await request(server, 'DELETE', `/api/v1/silences/${id}`, acme);
        assert.equal(expire.status, 404);
        assert.deepEqual(sameAnswer(expire, String(id)), sameAnswer(await request(server, 'DELETE', '/api/v1/silences/987654', acme), '987654'));
      }
      assert.equal((await get('/api/v1/silences?active=true', admin)).body.silences.length, 4, 'nothing was expired by the refused calls');
      assert.equal((await request(server, 'DELETE', `/api/v1/silences/${mine.body.id}`, acme)).status, 200);
    });

    it('tells a bound live-stream client only about its integrations', async () => {
      const mine = await openStream(server, acme);
      const all = await openStream(server, admin);
      try {
        await mine.next('hello');
        await all.next('hello');
        const ts = START - MINUTE;
        assert.equal((await server.ingest([call('a-shop', ts, 'prod-a'), call('b-shop', ts, 'prod-b')])).status, 200);
        assert.deepEqual((await mine.next('ingest')).integrations, ['a-shop']);
        assert.deepEqual((await all.next('ingest')).integrations, ['a-shop', 'b-shop']);
        // A change only to globex is not told to acme at all: its next event is about its own.
        assert.equal((await server.ingest([call('b-shop', ts, 'prod-b')])).status, 200);
        assert.deepEqual((await all.next('ingest')).integrations, ['b-shop']);
        assert.equal((await server.ingest([call('a-carrier', ts, 'prod-a')])).status, 200);
        assert.deepEqual((await mine.next('ingest')).integrations, ['a-carrier']);
        assert.deepEqual((await all.next('ingest')).integrations, ['a-carrier']);
      } finally {
        mine.close();
        all.close();
      }
    });

    it('confines reads to more integrations than one statement may name', async () => {
      // More than PostgreSQL's 65,535 parameters (and SQLite's 32,766): read in chunks, or not at all.
      const many = [...Array.from({ length: 70_000 }, (_, i) => `zz-${i}`), 'a-shop'];
      const db = server.store.db;
      assert.deepEqual(ids((await trace(db, { kind: 'order_id', id: 'ord-shared' }, many)).records), ['a-shop']);
      assert.deepEqual((await searchTraceIds(db, 'ord-shared', server.config.retention.rawMs, many)).matches.map((m) => m.records), [1]);
      assert.deepEqual(ids(await listAlerts(db, { integrations: many })), ['a-shop']);
    });

    it('keeps a key bound to a tenant out of other tenants’ integrations', async () => {
      const key = (await createToken(server.store.db, { name: 'acme-writer', scopes: ['ingest'], tenants: ['acme'] }, START)).token;
      const ts = START - MINUTE;
      const sent = await server.ingest([call('a-shop', ts, 'prod-a'), call('a-new', ts, 'prod-a'), call('b-shop', ts, 'prod-b'), { ...call('b-feed', ts, 'prod-b'), tenant: 'acme' }], { key });
      assert.equal(sent.status, 200);
      assert.equal(sent.body.accepted, 2);
      assert.deepEqual(sent.body.rejected, [
        { index: 2, error: 'integration "b-shop" belongs to a tenant this key does not write for (it writes for acme)' },
        { index: 3, error: 'integration "b-feed" belongs to a tenant this key does not write for (it writes for acme)' },
      ]);
      // The integration it started is acme's from now on.
      assert.ok(ids((await get('/api/v1/integrations', acme)).body.integrations).includes('a-new'));
      // An unbound key writes anywhere.
      assert.equal((await server.ingest([call('b-shop', ts, 'prod-b')])).body.accepted, 1);
    });

    it('lets a key bound to a tenant ping only that tenant’s heartbeats', async () => {
      const key = (await createToken(server.store.db, { name: 'acme-jobs', scopes: ['ingest'], tenants: ['acme'] }, START)).token;
      assert.equal((await request(server, 'POST', '/api/v1/heartbeats/a-shop/ping', key)).status, 200);
      const theirs = await request(server, 'POST', '/api/v1/heartbeats/b-shop/ping', key);
      assert.equal(theirs.status, 404);
      assert.deepEqual(sameAnswer(theirs, 'b-shop'), sameAnswer(await request(server, 'POST', '/api/v1/heartbeats/zz-unknown/ping', key), 'zz-unknown'));
      assert.equal((await request(server, 'POST', '/api/v1/heartbeats/b-shop/ping', server.key)).status, 200);
    });

    it('refuses an administrator or an admin token bound to tenants: administrators see every tenant', async () => {
      await assert.rejects(createUser(server.store.db, { username: 'bound-admin', role: 'admin', tenants: ['acme'], password: 'a long enough password' }), /administrators see every tenant/);
      const { user } = await createUser(server.store.db, { username: 'bound-viewer', role: 'viewer', tenants: ['acme'], password: 'a long enough password' });
      await assert.rejects(updateUser(server.store.db, user.id, { role: 'admin' }), /administrators see every tenant/);
      assert.equal((await updateUser(server.store.db, user.id, { role: 'admin', tenants: null })).after.role, 'admin');
      await assert.rejects(createToken(server.store.db, { name: 'bound-admin-token', scopes: ['read', 'admin'], tenants: ['acme'] }), /admin scope sees every tenant/);
    });
  });
}
