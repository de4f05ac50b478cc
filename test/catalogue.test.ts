import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Catalogue, CatalogueError, readCatalogue } from '../src/catalogue/catalogue.js';
import { parseCatalogueFile } from '../src/catalogue/parse.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const VALID = `apiVersion: switchboard/v1
kind: Integration
metadata:
  name: acme-carrier
  title: ACME Freight
spec:
  type: carrier
  partner: ACME
  owner: team-freight
  slo:
    successRate: 0.99
    latencyP95: 800ms
  contacts:
    partnerTicketing: { name: ACME desk, email: desk@acme.example }
    escalation:
      - { name: Lead, email: lead@example.com }
  runbooks: [partner-timeouts-5xx]
  checks:
    - name: health
      type: http
      url: https://acme.example/health
      headers:
        Authorization: Bearer \${ACME_TOKEN}
`;

describe('catalogue files', () => {
  it('ships a valid demo catalogue of the six demo integrations', () => {
    const { entries, problems } = readCatalogue('examples/catalogue');
    assert.deepEqual(problems, []);
    assert.deepEqual(entries.map((e) => e.id).sort(), ['amazon-marketplace', 'dhl-carrier', 'retailer-feed', 'salesforce-sync', 'shopify-connector', 'ups-carrier']);
    assert.ok(entries.every((e) => e.owner && e.runbooks.length > 0));
  });

  it('fills defaults and converts durations', () => {
    const { entries, problems } = parseCatalogueFile(VALID, 'acme.yaml');
    assert.deepEqual(problems, []);
    const [entry] = entries;
    assert.equal(entry!.slo.latencyP95Ms, 800);
    assert.equal(entry!.direction, 'both');
    assert.equal(entry!.checks[0]!.intervalMs, 5 * 60_000);
    assert.equal(entry!.checks[0]!.timeoutMs, 5_000);
    assert.deepEqual(entry!.source, { file: 'acme.yaml', line: 1 });
  });

  it('reports every problem with its file, line and column, and keeps the valid documents', () => {
    const broken = [
      VALID,
      '---',
      'apiVersion: switchboard/v1',
      'kind: Integration',
      'metadata:',
      '  name: Bad Name',
      'spec:',
      '  type: airline',
      '  partner: X',
      '  owner: someone',
      '  slo:',
      '    successRate: 1.5',
      '  checks:',
      '    - name: h',
      '      type: http',
      '      url: ftp://nope',
      '      headers:',
      '        X-Api-Key: literal-secret-value',
      '      colour: blue',
    ].join('\n');
    const { entries, problems } = parseCatalogueFile(broken, 'partners.yaml');
    assert.deepEqual(entries.map((e) => e.id), ['acme-carrier'], 'the valid record survives');
    const at = (line: number) => problems.filter((p) => p.line === line).map((p) => p.message);
    const offset = VALID.split('\n').length; // the broken document starts after the separator
    assert.match(at(offset + 5).join(), /metadata.name must be the integration id/);
    assert.match(at(offset + 7).join(), /spec.type must be one of "shop", "marketplace", "carrier", "saas", "feed"/);
    assert.match(at(offset + 11).join(), /spec.slo.successRate must be <= 1/);
    assert.match(problems.map((p) => `${p.line}: ${p.message}`).join('\n'), /spec.checks.0.url must start with http/);
    assert.ok(problems.every((p) => p.file === 'partners.yaml' && p.column >= 1));
    assert.ok(problems.some((p) => /unknown field "colour"/.test(p.message)));
    assert.ok(problems.some((p) => p.line === offset + 17 && /header "X-Api-Key" holds a literal secret/.test(p.message)));
  });

  it('refuses literal secrets in check headers, pointing at the line', () => {
    const literal = VALID.replace('Bearer ${ACME_TOKEN}', 'Bearer abc123');
    const { problems } = parseCatalogueFile(literal, 'acme.yaml');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 23);
    assert.match(problems[0]!.message, /literal secret: put it in an environment variable/);
  });

  it('reports YAML syntax errors and duplicate ids across files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), VALID);
      writeFileSync(join(dir, 'b.yaml'), VALID);
      writeFileSync(join(dir, 'c.yml'), 'metadata: [unclosed\n');
      const { entries, problems } = readCatalogue(dir);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.source.file, 'a.yaml', 'named from the catalogue folder');
      assert.ok(problems.some((p) => p.file.endsWith('b.yaml') && /already declared at .*a\.yaml:1/.test(p.message)));
      assert.ok(problems.some((p) => p.file.endsWith('c.yml') && /YAML syntax/.test(p.message)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a broken catalogue, and keeps the last good one when an edit breaks it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
    const file = join(dir, 'integrations.yaml');
    try {
      writeFileSync(file, 'kind: Integration\n');
      assert.throws(() => new Catalogue(file).load(), (error: unknown) => error instanceof CatalogueError && /integrations\.yaml:1:1/.test(error.message));
      writeFileSync(file, VALID);
      const catalogue = new Catalogue(file);
      catalogue.load();
      const outcomes: string[] = [];
      catalogue.watch((outcome) => outcomes.push(outcome.ok ? 'ok' : 'failed'));
      writeFileSync(file, VALID.replace('type: carrier', 'type: spaceship'));
      for (let i = 0; i < 50 && outcomes.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(outcomes, ['failed']);
      assert.equal(catalogue.get('acme-carrier')?.type, 'carrier', 'the last good catalogue stays in force');
      writeFileSync(file, VALID.replace('title: ACME Freight', 'title: ACME Freight EU'));
      for (let i = 0; i < 50 && outcomes.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(catalogue.get('acme-carrier')?.title, 'ACME Freight EU');
      catalogue.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const engine of ENGINES) {
  describe(`catalogue and runbook API (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { catalogue: 'examples/catalogue' });
      await server.ingest([{ kind: 'event', ts: server.clock.now - 60_000, integration: 'mystery-feed', name: 'webhook.received' }]);
    });
    after(async () => server.close());

    it('serves the catalogue with uncatalogued ids, never a literal header value', async () => {
      const { body } = await server.get('/api/v1/catalogue');
      assert.equal(body.integrations.length, 6);
      assert.deepEqual(body.uncatalogued, ['mystery-feed']);
      const dhl = body.integrations.find((e: { id: string }) => e.id === 'dhl-carrier');
      assert.equal(dhl.owner, 'team-shipping');
      assert.equal(dhl.checks[0].headers.Authorization, 'Bearer ${DHL_API_TOKEN}');
      assert.deepEqual((await server.get('/api/v1/catalogue/mystery-feed')).body, { id: 'mystery-feed', uncatalogued: true });
      assert.equal((await server.get('/api/v1/catalogue/nobody')).status, 404);
    });

    it('shows uncatalogued and silent catalogued integrations on the board', async () => {
      const { body } = await server.get('/api/v1/integrations');
      const ids = body.integrations.map((t: { id: string }) => t.id);
      assert.equal(ids.length, 7);
      const mystery = body.integrations.find((t: { id: string }) => t.id === 'mystery-feed');
      assert.equal(mystery.uncatalogued, true);
      const dhl = body.integrations.find((t: { id: string }) => t.id === 'dhl-carrier');
      assert.equal(dhl.owner, 'team-shipping');
      assert.equal(dhl.uncatalogued, false);
    });

    it('exports the catalogue as CSV', async () => {
      const response = await fetch(`${server.url}/api/v1/catalogue.csv`, { headers: server.auth });
      assert.match(response.headers.get('content-type')!, /text\/csv/);
      const lines = (await response.text()).trim().split('\r\n');
      assert.equal(lines.length, 7);
      assert.match(lines[0]!, /^id,name,type,partner,direction/);
      assert.ok(lines.some((line) => line.startsWith('dhl-carrier,DHL Parcel API,carrier,DHL,both,high,')));
    });

    it('fills a runbook from the integration’s record, and names what is missing without one', async () => {
      const list = await server.get('/api/v1/runbooks');
      const names = list.body.runbooks.map((r: { name: string }) => r.name);
      for (const name of ['partner-timeouts-5xx', 'rate-limiting', 'credential-expiry', 'webhook-gaps', 'stale-feed', 'count-drop', 'queue-backlog']) {
        assert.ok(names.includes(name), name);
      }
      const filled = await server.get('/api/v1/runbooks/partner-timeouts-5xx?integration=dhl-carrier');
      assert.match(filled.body.markdown, /DHL Parcel API \(DHL\)/);
      assert.match(filled.body.markdown, /Partner ticketing: DHL integration desk, integrations@dhl\.example/);
      assert.match(filled.body.markdown, /Escalation: Dana Okafor \(shipping lead\)/);
      assert.match(filled.body.markdown, /success rate ≥ 98\.0 %, p95 ≤ 800 ms/);
      assert.doesNotMatch(filled.body.markdown, /\{\{/);
      const generic = await server.get('/api/v1/runbooks/rate-limiting');
      assert.match(generic.body.markdown, /add `contacts.partnerTicketing` to the catalogue record/);
      assert.equal((await server.get('/api/v1/runbooks/nope')).status, 404);
      assert.equal((await server.get('/api/v1/runbooks/rate-limiting?integration=nobody')).status, 404);
    });
  });
}

describe('runbook files', () => {
  it('every shipped runbook has triage, mitigation, partner ticket and escalation sections', () => {
    for (const name of ['partner-timeouts-5xx', 'rate-limiting', 'credential-expiry', 'webhook-gaps', 'stale-feed', 'count-drop', 'queue-backlog']) {
      const text = readFileSync(`runbooks/${name}.md`, 'utf8');
      for (const heading of ['## First triage', '## Mitigate', '## Open a partner ticket when', '## Contact and escalate']) {
        assert.ok(text.includes(heading), `${name} lacks "${heading}"`);
      }
    }
  });
});
