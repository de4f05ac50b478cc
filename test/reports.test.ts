/**
 * Reports: the figures of the integration and tenant reports agree exactly with the incidents,
 * summary, operations and budget APIs over the same window, on both engines; the CSV says the
 * same as the JSON; tenants and scopes are kept apart; every read is audited.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { incidentsOfMany, integrationIncidents } from '../src/incidents/routes.js';
import { ENGINES } from './support/engines.js';
import { tokenWith } from './support/access.js';
import { scriptIncidents } from './support/incidents.js';
import { ingestAll, startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-reports-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CATALOGUE = ['crm-sync:acme:0.99:500ms', 'erp-feed:acme:', 'other-sync:globex:0.95']
  .map((line) => {
    const [name, tenant, success, latency] = line.split(':');
    return `apiVersion: switchboard/v1
kind: Integration
metadata: { name: ${name} }
spec:
  type: saas
  partner: CRM
  owner: team-crm
  tenant: ${tenant}
${success ? `  slo: { successRate: ${success}${latency ? `, latencyP95: ${latency}` : ''} }\n` : ''}`;
  })
  .join('---\n');

/** Failed calls per operation of crm-sync (of 60 calls each): seven operations, so the report keeps five. */
const FAILURES: Record<string, number> = { 'contact.sync': 9, 'deal.sync': 7, 'note.sync': 5, 'task.sync': 4, 'owner.sync': 3, 'lead.sync': 1, 'ping': 0 };

function calls(): unknown[] {
  const records: unknown[] = [];
  for (const [operation, failed] of Object.entries(FAILURES)) {
    for (let i = 0; i < 60; i++) {
      records.push({ kind: 'call', ts: T0 - 30 * MINUTE + i * 2 * MINUTE, integration: 'crm-sync', direction: 'outbound', operation, status: i < failed ? 503 : 200, latency_ms: i % 10 === 3 ? 900 : 120 });
    }
  }
  for (let i = 0; i < 40; i++) records.push({ kind: 'call', ts: T0 + i * MINUTE, integration: 'other-sync', direction: 'inbound', operation: 'order.pull', status: i % 8 === 0 ? 500 : 200, latency_ms: 90 });
  return records;
}

/** RFC 4180 as the report writes it: quoted cells may hold commas, quotes and line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += char;
  }
  assert.equal(cell + row.join(''), '', 'the CSV ends with a line end');
  return rows;
}

/** A CSV cell as the JSON value it stands for. */
const valueOf = (cell: string): unknown => (cell === '' ? null : cell === 'true' || cell === 'false' ? cell === 'true' : /^-?\d+(\.\d+)?(e-?\d+)?$/.test(cell) ? Number(cell) : cell);

for (const engine of ENGINES) {
  describe(`reports per integration and per tenant (${engine.name})`, () => {
    let server: TestServer;
    let viewer: string;
    let globex: string;
    let ingestOnly: string;
    const window = `from=${T0 - 60 * MINUTE}&to=${T0 + 3 * 60 * MINUTE}`;

    before(async () => {
      const file = join(dir, `catalogue-${engine.name}.yaml`);
      writeFileSync(file, CATALOGUE);
      server = await startTestServer(engine, { now: T0 + 3 * 60 * MINUTE, catalogue: file });
      viewer = await tokenWith(server, 'viewer', ['read']);
      ingestOnly = await tokenWith(server, 'writer', ['ingest']);
      globex = (await createToken(server.store.db, { name: 'globex', scopes: ['read'], tenants: ['globex'] }, server.clock.now)).token;
      await ingestAll(server, calls());
      await scriptIncidents(server, T0);
      for (const [minutes, ticket] of [[10, 'ZD-1'], [65, 'ZD-2'], [120, 'ZD-3']] as const) {
        const response = await fetch(`${server.url}/api/v1/integrations/crm-sync/reports`, {
          method: 'POST',
          headers: { ...server.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ ticket, reported_at: T0 + minutes * MINUTE }),
        });
        assert.equal(response.status, 201);
      }
    });
    after(() => server.close());

    it('gives the incidents, figures, availability and worst operations the other APIs give for the window', async () => {
      const report = await server.get(`/api/v1/integrations/crm-sync/report?${window}`, viewer);
      assert.equal(report.status, 200, JSON.stringify(report.body));
      const incidents = await server.get(`/api/v1/integrations/crm-sync/incidents?${window}`, viewer);
      assert.deepEqual([report.body.from, report.body.to], [incidents.body.from, incidents.body.to]);
      assert.deepEqual(report.body.incidents, incidents.body.incidents);
      assert.deepEqual(report.body.reports, incidents.body.reports);
      assert.deepEqual(report.body.figures, incidents.body.figures);
      assert.equal(report.body.figures.incidents, 2);
      assert.equal(report.body.figures.detected_before_reported_share, 1 / 3);

      const summary = await server.get(`/api/v1/integrations/crm-sync/summary?${window}`, viewer);
      const sent = 60 * Object.keys(FAILURES).length;
      const failed = Object.values(FAILURES).reduce((a, b) => a + b, 0);
      assert.deepEqual(report.body.availability, { volume: sent, ok: sent - failed, success_rate: summary.body.success_rate, slo_target: 0.99, meets_slo: false });
      assert.equal(summary.body.volume, sent);

      const worst = Object.entries(FAILURES).sort((a, b) => b[1] - a[1]).slice(0, 5);
      assert.deepEqual(
        report.body.worst_operations.map((o: any) => [o.operation, o.failures, o.volume]),
        worst.map(([operation, failures]) => [operation, failures, 60]),
      );
      const operations = await server.get(`/api/v1/integrations/crm-sync/operations?${window}`, viewer);
      const contact = operations.body.operations.find((o: any) => o.operation === 'contact.sync');
      assert.equal(report.body.worst_operations[0].success_rate, contact.success_rate);
    });

    it('spends the error budget as the budget API does over the same period', async () => {
      const budget = await server.get('/api/v1/integrations/crm-sync/budget', viewer);
      const success = budget.body.objectives.find((o: any) => o.kind === 'success');
      const report = await server.get(`/api/v1/integrations/crm-sync/report?from=${budget.body.to - success.period_ms}&to=${budget.body.to}`, viewer);
      assert.equal(report.status, 200, JSON.stringify(report.body));
      const { target, volume, bad, allowed_bad, budget_left, budget_spent } = report.body.budget;
      assert.deepEqual({ target, volume, bad, allowed_bad, budget_left }, { target: success.target, volume: success.volume, bad: success.bad, allowed_bad: success.allowed_bad, budget_left: success.budget_left });
      assert.equal(budget_spent, Math.round((1 - success.budget_left) * 1e6) / 1e6);
      assert.ok(budget_spent > 0);
      // The latency SLO's budget too: the calls slower than its p95 target are the bad ones.
      const latency = budget.body.objectives.find((o: any) => o.kind === 'latency');
      const slow = report.body.latency_budget;
      assert.deepEqual(
        { target: slow.target, threshold_ms: slow.threshold_ms, volume: slow.volume, bad: slow.bad, allowed_bad: slow.allowed_bad, budget_left: slow.budget_left },
        { target: latency.target, threshold_ms: latency.threshold_ms, volume: latency.volume, bad: latency.bad, allowed_bad: latency.allowed_bad, budget_left: latency.budget_left },
      );
      assert.deepEqual([slow.threshold_ms, slow.bad], [500, 6 * Object.keys(FAILURES).length], 'one call in ten took 900 ms');
      assert.equal(slow.budget_spent, Math.round((1 - latency.budget_left) * 1e6) / 1e6);
      assert.equal(report.body.budget.volume, slow.volume);
      // Without a success SLO there is no budget to spend.
      const erp = (await server.get(`/api/v1/integrations/erp-feed/report?${window}`, viewer)).body;
      assert.deepEqual([erp.budget, erp.latency_budget], [null, null]);
      assert.equal((await server.get(`/api/v1/integrations/other-sync/report?${window}`, viewer)).body.latency_budget, null, 'a success SLO alone has no latency budget');
    });

    it('writes the same figures as CSV, one a row, with a header and an attachment name', async () => {
      const json = (await server.get(`/api/v1/integrations/crm-sync/report?${window}`, viewer)).body;
      const response = await fetch(`${server.url}/api/v1/integrations/crm-sync/report?${window}&format=csv`, { headers: { authorization: `Bearer ${viewer}` } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, /^text\/csv/);
      assert.match(response.headers.get('content-disposition')!, /^attachment; filename="switchboard-report-crm-sync-2026-11-20-2026-11-20\.csv"$/);
      const [header, ...rows] = parseCsv(await response.text());
      assert.deepEqual(header, ['section', 'item', 'figure', 'value']);
      const summary = new Map(rows.filter((row) => row[0] === 'summary').map((row) => [row[2], valueOf(row[3]!)]));
      assert.equal(summary.get('from'), new Date(json.from).toISOString());
      for (const [figure, value] of Object.entries({ ...json.availability, ...json.figures })) assert.equal(summary.get(figure), value, figure);
      assert.equal(summary.get('budget_budget_spent'), json.budget.budget_spent);
      assert.equal(summary.get('latency_budget_budget_spent'), json.latency_budget.budget_spent);
      assert.equal(summary.get('latency_budget_threshold_ms'), 500);
      const incident = (n: number, figure: string) => valueOf(rows.find((row) => row[0] === 'incident' && row[1] === String(n) && row[2] === figure)![3]!);
      json.incidents.forEach((expected: any, index: number) => {
        assert.equal(incident(index + 1, 'started_at'), new Date(expected.started_at).toISOString());
        assert.equal(incident(index + 1, 'detected_at'), expected.detected_at === null ? null : new Date(expected.detected_at).toISOString());
        assert.equal(incident(index + 1, 'ttr_ms'), expected.ttr_ms);
      });
      const operations = rows.filter((row) => row[0] === 'operation' && row[2] === 'failures').map((row) => [row[1], valueOf(row[3]!)]);
      assert.deepEqual(operations, json.worst_operations.map((o: any) => [`${o.direction} ${o.operation}`, o.failures]));
    });

    it('lists every visible integration in the tenant report with the integration report’s headline figures', async () => {
      const all = await server.get(`/api/v1/reports?${window}`, viewer);
      assert.equal(all.status, 200, JSON.stringify(all.body));
      assert.deepEqual(all.body.integrations.map((row: any) => row.integration), ['crm-sync', 'erp-feed', 'other-sync']);
      const single = (await server.get(`/api/v1/integrations/crm-sync/report?${window}`, viewer)).body;
      const crm = all.body.integrations[0];
      assert.deepEqual(crm, { integration: 'crm-sync', tenant: 'acme', availability: single.availability, budget: single.budget, latency_budget: single.latency_budget, figures: single.figures });
      const other = (await server.get(`/api/v1/integrations/other-sync/summary?${window}`, viewer)).body;
      assert.deepEqual([all.body.integrations[2].availability.volume, all.body.integrations[2].availability.success_rate], [other.volume, other.success_rate]);

      const first = await server.get(`/api/v1/reports?${window}&limit=2`, viewer);
      assert.deepEqual([first.body.integrations.length, first.body.next], [2, 'erp-feed']);
      const second = await server.get(`/api/v1/reports?${window}&limit=2&after=${first.body.next}`, viewer);
      assert.deepEqual([second.body.integrations.map((row: any) => row.integration), second.body.next], [['other-sync'], null]);

      const response = await fetch(`${server.url}/api/v1/reports?${window}&format=csv`, { headers: { authorization: `Bearer ${viewer}` } });
      const [header, ...rows] = parseCsv(await response.text());
      assert.equal(header![0], 'integration');
      assert.equal(rows.length, 3);
      const crmRow = Object.fromEntries(header!.map((column, i) => [column, valueOf(rows[0]![i]!)]));
      assert.deepEqual(
        [crmRow.volume, crmRow.success_rate, crmRow.budget_spent, crmRow.latency_threshold_ms, crmRow.latency_budget_spent, crmRow.incidents, crmRow.mttr_ms, crmRow.detected_before_reported_share],
        [crm.availability.volume, crm.availability.success_rate, crm.budget.budget_spent, 500, crm.latency_budget.budget_spent, crm.figures.incidents, crm.figures.mttr_ms, crm.figures.detected_before_reported_share],
      );
    });

    it('reads the incidents of a page of integrations in chunks of ids, with the figures of one by one', async () => {
      const span = { from: T0 - 60 * MINUTE, to: T0 + 3 * 60 * MINUTE };
      // 602 ids: other-sync falls in the second chunk (500 ids a statement).
      const ids = ['crm-sync', ...Array.from({ length: 600 }, (_, i) => `ghost-${String(i).padStart(3, '0')}`), 'other-sync'];
      const many = await incidentsOfMany(server.store.db, ids, span);
      assert.equal(many.size, ids.length);
      for (const id of ['crm-sync', 'other-sync', 'ghost-042']) assert.deepEqual(many.get(id), await integrationIncidents(server.store.db, id, span), id);
      assert.equal(many.get('crm-sync')!.incidents.length, 2);
      assert.deepEqual(many.get('ghost-042'), { incidents: [], reports: [], figures: (await integrationIncidents(server.store.db, 'ghost-042', span)).figures });
    });

    it('keeps tenants apart, needs the read scope and audits every report read', async () => {
      assert.equal((await server.get(`/api/v1/integrations/crm-sync/report?${window}`, globex)).status, 404);
      const own = await server.get(`/api/v1/integrations/other-sync/report?${window}`, globex);
      assert.equal(own.status, 200);
      const tenant = await server.get(`/api/v1/reports?${window}`, globex);
      assert.deepEqual(tenant.body.integrations.map((row: any) => row.integration), ['other-sync']);
      assert.equal((await server.get(`/api/v1/integrations/crm-sync/report?${window}`, ingestOnly)).status, 403);
      assert.equal((await server.get(`/api/v1/reports`, ingestOnly)).status, 403);
      assert.equal((await server.get(`/api/v1/integrations/crm-sync/report?${window}`, null)).status, 401);
      const audit = await server.store.db.selectFrom('audit_log').select(['action', 'outcome', 'actor']).where('action', 'in', ['report.read', 'reports.read']).execute();
      assert.ok(audit.some((row) => row.action === 'report.read' && row.outcome === 'ok' && row.actor.startsWith('token:globex')));
      assert.ok(audit.some((row) => row.action === 'report.read' && row.outcome === 'refused'));
      assert.ok(audit.some((row) => row.action === 'reports.read' && row.outcome === 'ok'));
    });

    it('covers the last full calendar month by default and refuses bad parameters with specific errors', async () => {
      const month = await server.get('/api/v1/integrations/crm-sync/report', viewer);
      assert.deepEqual([month.body.from, month.body.to], [Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1)]);
      const tenant = await server.get('/api/v1/reports', viewer);
      assert.deepEqual([tenant.body.from, tenant.body.to], [Date.UTC(2026, 9, 1), Date.UTC(2026, 10, 1)]);
      const cases: Array<[string, string]> = [
        ['/api/v1/integrations/crm-sync/report?format=pdf', 'invalid_value'],
        [`/api/v1/integrations/crm-sync/report?from=${T0 - 500 * DAY}&to=${T0}`, 'window_too_long'],
        ['/api/v1/integrations/crm-sync/report?from=yesterday', 'invalid_time'],
        ['/api/v1/reports?limit=201', 'invalid_limit'],
        ['/api/v1/reports?after=NOT%20AN%20ID', 'invalid_integration'],
      ];
      for (const [path, code] of cases) {
        const answer = await server.get(path, viewer);
        assert.deepEqual([answer.status, answer.body.code], [400, code], path);
      }
      assert.equal((await server.get('/api/v1/integrations/no-such-thing/report', viewer)).status, 404);
    });
  });
}
