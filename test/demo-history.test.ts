/** The demo's seeded month of history: the report's figures come out of its script, agree with the API, and a second seed adds nothing. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlertRules } from '../src/alerting/rules/rules.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { DEMO_ALERTING } from '../src/demo/demo.js';
import { seedDemoHistory } from '../src/demo/history.js';
import { SCRIPTED_INCIDENTS } from '../src/demo/history-script.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
/** The live simulator's hours begin here; the seed covers October and November up to it. */
const LIVE_FROM = NOW - 6 * 3_600_000;
const OCTOBER = { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) };

for (const engine of ENGINES) {
  describe(`demo history (${engine.name})`, () => {
    let server: TestServer;
    const seed = () => {
      const catalogue = new Catalogue('examples/catalogue');
      catalogue.load();
      const rules = new AlertRules(DEMO_ALERTING, catalogue);
      rules.load();
      return seedDemoHistory(server.store.db, { catalogue, rules, now: NOW, until: LIVE_FROM, scale: 1 });
    };

    before(async () => {
      server = await startTestServer(engine, { now: NOW, catalogue: 'examples/catalogue', alerting: DEMO_ALERTING });
    });
    after(() => server.close());

    it('seeds the previous month and this one so far, once', async () => {
      const first = await seed();
      assert.deepEqual([first.seeded, first.from, first.to], [true, OCTOBER.from, LIVE_FROM]);
      assert.equal(first.incidents, SCRIPTED_INCIDENTS.length);
      const before = (await server.get('/api/v1/reports')).body;
      assert.equal((await seed()).seeded, false, 'a restarted demo seeds nothing');
      assert.deepEqual((await server.get('/api/v1/reports')).body, before);
    });

    it("the default report is October's, with each scripted incident's moments", async () => {
      const scripted = SCRIPTED_INCIDENTS.filter((incident) => incident.month === 'previous');
      const tenant = (await server.get('/api/v1/reports')).body;
      assert.deepEqual([tenant.from, tenant.to], [OCTOBER.from, OCTOBER.to]);
      for (const incident of scripted) {
        const report = (await server.get(`/api/v1/integrations/${incident.integration}/report`)).body;
        const start = Date.UTC(2026, 9, incident.day, incident.hour, incident.minute);
        const began = start + Math.min(incident.pendingAfter, incident.healthAfter) * MINUTE;
        const [found] = report.incidents;
        assert.equal(report.incidents.length, 1, incident.integration);
        assert.deepEqual(
          [found.status, found.started_at, found.detected_at, found.acknowledged_at, found.recovered_at],
          [incident.status, began, start + incident.firingAfter * MINUTE, incident.acknowledgedAfter === null ? null : start + incident.acknowledgedAfter * MINUTE, start + (incident.durationMinutes + 3) * MINUTE],
        );
        assert.deepEqual(
          found.reports.map((r: { ticket: string; detected_before: boolean }) => [r.ticket, r.detected_before]),
          incident.reports.map((r) => [r.ticket, r.after >= incident.firingAfter]),
        );
        // The report's incidents are the incidents route's, its calls the summary's.
        const window = `from=${OCTOBER.from}&to=${OCTOBER.to}`;
        assert.deepEqual((await server.get(`/api/v1/integrations/${incident.integration}/incidents?${window}`)).body.incidents, report.incidents);
        const summary = (await server.get(`/api/v1/integrations/${incident.integration}/summary?${window}`)).body;
        assert.equal(report.availability.volume, summary.volume);
        assert.ok(report.availability.volume > 10_000, `${incident.integration}: ${report.availability.volume} calls in October`);
        assert.ok(report.worst_operations.length > 0);
      }
      const reports = scripted.flatMap((incident) => incident.reports.map((r) => r.after >= incident.firingAfter));
      const sum = (pick: (row: any) => number) => tenant.integrations.reduce((total: number, row: any) => total + pick(row), 0);
      assert.equal(sum((row) => row.figures.incidents), scripted.length);
      assert.equal(sum((row) => row.figures.reports), reports.length);
      assert.equal(sum((row) => row.figures.detected_before_reported), reports.filter(Boolean).length);
      assert.ok(reports.some((before) => !before) && reports.some((before) => before), 'the script has reports before and after detection');
    });

    it('the failures of an incident are in the calls of its hours', async () => {
      const dhl = SCRIPTED_INCIDENTS.find((incident) => incident.integration === 'dhl-carrier' && incident.kind === 'server-errors')!;
      const start = Date.UTC(2026, 9, dhl.day, dhl.hour);
      const during = (await server.get(`/api/v1/integrations/dhl-carrier/summary?from=${start}&to=${start + 3_600_000}`)).body;
      const dayBefore = (await server.get(`/api/v1/integrations/dhl-carrier/summary?from=${start - 86_400_000}&to=${start - 82_800_000}`)).body;
      assert.ok(during.success_rate < dayBefore.success_rate - 0.1, `${during.success_rate} during, ${dayBefore.success_rate} the day before`);
    });

    it("this month's report so far holds this month's incident, and the budget reads the seeded calls", async () => {
      const current = SCRIPTED_INCIDENTS.filter((incident) => incident.month === 'current');
      const report = (await server.get(`/api/v1/reports?from=${Date.UTC(2026, 10, 1)}&to=${NOW}`)).body;
      assert.equal(report.integrations.reduce((total: number, row: any) => total + row.figures.incidents, 0), current.length);
      const budget = (await server.get('/api/v1/integrations/dhl-carrier/budget')).body;
      const success = budget.objectives.find((objective: { kind: string }) => objective.kind === 'success');
      assert.ok(success.volume > 10_000, `${success.volume} calls in the budget's period`);
    });
  });
}
