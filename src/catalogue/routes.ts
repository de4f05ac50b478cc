import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TenantDirectory } from '../access/tenants.js';
import { NotFoundError } from '../errors.js';
import { REDACTED, isSecretKey } from '../ingest/redact.js';
import type { Database } from '../store/schema.js';
import type { Catalogue } from './catalogue.js';
import type { CatalogueEntry, CheckDefinition } from './types.js';

/** Header values are shown only as environment references; anything else is masked. */
function presentCheck(check: CheckDefinition): CheckDefinition {
  if (check.type !== 'http') return check;
  const headers = Object.fromEntries(
    Object.entries(check.headers).map(([name, value]) => [name, isSecretKey(name) && !value.includes('${') ? REDACTED : value]),
  );
  return { ...check, headers };
}

export function presentEntry(entry: CatalogueEntry): CatalogueEntry {
  return { ...entry, checks: entry.checks.map(presentCheck) };
}

const CSV_COLUMNS: Array<[string, (entry: CatalogueEntry) => string]> = [
  ['id', (e) => e.id],
  ['name', (e) => e.title],
  ['type', (e) => e.type],
  ['partner', (e) => e.partner],
  ['direction', (e) => e.direction],
  ['criticality', (e) => e.criticality],
  ['critical_flows', (e) => e.criticalFlows.join('; ')],
  ['auth', (e) => e.auth?.method ?? ''],
  ['api_version', (e) => e.apiVersion ?? ''],
  ['slo_success_rate', (e) => (e.slo.successRate === undefined ? '' : String(e.slo.successRate))],
  ['slo_latency_p95_ms', (e) => (e.slo.latencyP95Ms === undefined ? '' : String(e.slo.latencyP95Ms))],
  ['owner', (e) => e.owner],
  ['support', (e) => [e.contacts.support?.name, e.contacts.support?.email, e.contacts.support?.chat].filter(Boolean).join(' ')],
  ['partner_ticketing', (e) => e.contacts.partnerTicketing?.url ?? e.contacts.partnerTicketing?.email ?? ''],
  ['known_risks', (e) => e.knownRisks.join('; ')],
  ['runbooks', (e) => e.runbooks.join('; ')],
];

function csvCell(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function catalogueCsv(entries: CatalogueEntry[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const entry of entries) lines.push(CSV_COLUMNS.map(([, read]) => csvCell(read(entry))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Ids that sent records but have no catalogue record: shown, never dropped. */
async function uncatalogued(db: Kysely<Database>, catalogue: Catalogue): Promise<string[]> {
  const seen = await db.selectFrom('integrations_seen').select('id').orderBy('id').execute();
  return seen.map((row) => row.id).filter((id) => !catalogue.get(id));
}

/** The catalogue of the integrations the caller may see, as JSON and as CSV. */
export function catalogueRoutes(db: Kysely<Database>, catalogue: Catalogue, tenants: TenantDirectory) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/v1/catalogue', { config: { permission: 'read' } }, async (request) => {
      const scope = await tenants.scopeOf(request.principal);
      return {
        integrations: scope.only(catalogue.all(), (entry) => entry.id).map(presentEntry),
        uncatalogued: scope.only(await uncatalogued(db, catalogue), (id) => id),
      };
    });

    app.get('/api/v1/catalogue.csv', { config: { permission: 'read' } }, async (request, reply) => {
      const scope = await tenants.scopeOf(request.principal);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="switchboard-catalogue.csv"')
        .send(catalogueCsv(scope.only(catalogue.all(), (entry) => entry.id)));
    });

    app.get<{ Params: { id: string } }>('/api/v1/catalogue/:id', { config: { permission: 'read' } }, async (request) => {
      const notFound = `no integration "${request.params.id}" in the catalogue or in the data`;
      await tenants.assertVisible(request.principal, request.params.id, notFound);
      const entry = catalogue.get(request.params.id);
      if (entry) return presentEntry(entry);
      if ((await uncatalogued(db, catalogue)).includes(request.params.id)) {
        return { id: request.params.id, uncatalogued: true };
      }
      throw new NotFoundError(notFound);
    });
  };
}
