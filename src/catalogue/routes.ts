import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TenantDirectory } from '../access/tenants.js';
import { NotFoundError } from '../errors.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseLimit, type QueryParams } from '../query/params.js';
import type { Engine } from '../store/engine.js';
import { byteOrder, compareText } from '../store/order.js';
import { presentHeaders } from './secret-headers.js';
import type { Database } from '../store/schema.js';
import type { Catalogue } from './catalogue.js';
import { presentAction } from '../recovery/present.js';
import type { CatalogueEntry, CheckDefinition } from './types.js';

function presentCheck(check: CheckDefinition): CheckDefinition {
  return check.type === 'http' ? { ...check, headers: presentHeaders(check.headers) } : check;
}

export function presentEntry(entry: CatalogueEntry): CatalogueEntry {
  return { ...entry, checks: entry.checks.map(presentCheck), recovery: entry.recovery.map(presentAction) };
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

/** Ids that sent records but have no catalogue record (after `after`, in id order, at most `limit`): shown, never dropped. */
async function uncatalogued(db: Kysely<Database>, engine: Engine, catalogue: Catalogue, limit: number, after?: string, visible?: readonly string[]): Promise<string[]> {
  if (visible) return visible.filter((id) => !catalogue.get(id) && (after === undefined || id > after)).sort(compareText).slice(0, limit);
  const found: string[] = [];
  const id = byteOrder(engine, 'id');
  let from = after;
  // Pages of the seen ids, skipping the catalogued ones, until `limit` (or the end).
  for (;;) {
    let query = db.selectFrom('integrations_seen').select('id').orderBy(id).limit(limit);
    if (from !== undefined) query = query.where(id, '>', from);
    const rows = await query.execute();
    for (const row of rows) if (!catalogue.get(row.id)) found.push(row.id);
    if (found.length >= limit || rows.length < limit) return found.slice(0, limit);
    from = rows[rows.length - 1]!.id;
  }
}

/** Integrations per answer when no limit is asked for, and the most a limit may ask for. */
export const CATALOGUE_LIMIT = 1_000;
export const CATALOGUE_MAX_LIMIT = 5_000;

/** The catalogue of the integrations the caller may see, as JSON and as CSV. */
export function catalogueRoutes(db: Kysely<Database>, catalogue: Catalogue, tenants: TenantDirectory, engine: Engine = 'sqlite') {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: QueryParams }>('/api/v1/catalogue', { config: { permission: 'read' } }, async (request) => {
      const limit = parseLimit(request.query.limit, CATALOGUE_LIMIT, CATALOGUE_MAX_LIMIT);
      const after = decodeCursor(request.query.cursor, ['string'] as const)?.[0];
      const scope = await tenants.scopeOf(request.principal);
      // One page of the catalogued and the uncatalogued ids together, in id order.
      const records = scope
        .only(catalogue.all(), (entry) => entry.id)
        .filter((entry) => after === undefined || entry.id > after)
        .sort((a, b) => compareText(a.id, b.id))
        .slice(0, limit + 1);
      const unknown = await uncatalogued(db, engine, catalogue, limit + 1, after, scope.integrations);
      const ids = [...records.map((entry) => entry.id), ...unknown].sort(compareText);
      const { items, next } = pageOf(ids, limit, (id) => [id]);
      const last = items[items.length - 1];
      const onPage = (id: string) => last !== undefined && id <= last;
      return {
        integrations: records.filter((entry) => onPage(entry.id)).map(presentEntry),
        uncatalogued: unknown.filter(onPage),
        next,
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
      const id = integrationId(request.params.id, 'the integration id');
      const notFound = `no integration "${id}" in the catalogue or in the data`;
      await tenants.assertVisible(request.principal, id, notFound);
      const entry = catalogue.get(id);
      if (entry) return presentEntry(entry);
      const seen = await db.selectFrom('integrations_seen').select('id').where('id', '=', id).executeTakeFirst();
      if (seen) return { id, uncatalogued: true };
      throw new NotFoundError(notFound);
    });
  };
}
