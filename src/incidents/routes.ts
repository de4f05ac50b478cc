import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { actorOf } from '../access/principal.js';
import type { TenantDirectory } from '../access/tenants.js';
import { InputError } from '../errors.js';
import { integrationId, parseTime, parseWindow, type QueryParams } from '../query/params.js';
import { DAY } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import { figuresOf, incidentsOf, type CustomerReport, type Figures, type Incident } from './spells.js';
import { alertMoments, customerReports, healthChanges, recordCustomerReport } from './store.js';

export interface IncidentRouteDependencies {
  db: Kysely<Database>;
  tenants: TenantDirectory;
  clock: () => number;
}

export const REPORT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['ticket'],
  properties: {
    ticket: { type: 'string', minLength: 1, maxLength: 200, description: 'The support ticket reference, e.g. "ZD-48213".' },
    reported_at: { anyOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'integer' }], description: 'When the customer reported it (RFC 3339 or epoch ms); default now.' },
    note: { type: 'string', maxLength: 1000 },
  },
} as const;

/** The longest window the incident figures are computed over. */
const MAX_SPAN = 400 * DAY;

export interface IntegrationIncidents {
  incidents: Incident[];
  reports: CustomerReport[];
  figures: Figures;
}

/**
 * The incidents, reports and figures of each integration over a window: a few statements per
 * chunk of ids (the tenant report asks for 200 integrations at once), not per integration.
 */
export async function incidentsOfMany(db: Kysely<Database>, integrations: readonly string[], window: { from: number; to: number }): Promise<Map<string, IntegrationIncidents>> {
  const [changes, moments, reports] = await Promise.all([healthChanges(db, integrations, window), alertMoments(db, integrations, window), customerReports(db, integrations, window)]);
  const answer = new Map<string, IntegrationIncidents>();
  for (const integration of integrations) {
    const own = reports.get(integration) ?? [];
    // A spell that began before the window and ended before it is not this window's.
    const incidents = incidentsOf(integration, changes.get(integration) ?? [], moments.get(integration) ?? [], own).filter((incident) => (incident.recovered_at ?? Infinity) >= window.from);
    answer.set(integration, { incidents, reports: own, figures: figuresOf(incidents, own) });
  }
  return answer;
}

/** The incidents, reports and figures of one integration over a window. */
export async function integrationIncidents(db: Kysely<Database>, integration: string, window: { from: number; to: number }): Promise<IntegrationIncidents> {
  return (await incidentsOfMany(db, [integration], window)).get(integration)!;
}

export function windowOf(query: QueryParams, now: number): { from: number; to: number } {
  return withinMaxSpan(parseWindow(query, now, { defaultSpan: 30 * DAY }));
}

/** The window, once it is no longer than incident figures are computed over. */
export function withinMaxSpan<W extends { from: number; to: number }>(window: W): W {
  if (window.to - window.from > MAX_SPAN) throw new InputError(`the window is longer than 400 days; ask for a shorter one`, 'window_too_long');
  return window;
}

/** Incidents with MTTD and MTTR, and customer reports with "detected before reported" (docs/recovery.md#incidents). */
export function incidentRoutes({ db, tenants, clock }: IncidentRouteDependencies) {
  return async (app: FastifyInstance): Promise<void> => {
    const notFound = (id: string) => `no integration "${id}" in the catalogue or in the data`;

    app.get<{ Params: { id: string }; Querystring: QueryParams }>(
      '/api/v1/integrations/:id/incidents',
      { config: { permission: 'read', audit: { action: 'incidents.read' } } },
      async (request) => {
        const id = integrationId(request.params.id, 'the integration id');
        await tenants.assertVisible(request.principal, id, notFound(id));
        const window = windowOf(request.query, clock());
        return { integration: id, ...window, ...(await integrationIncidents(db, id, window)) };
      },
    );

    app.post<{ Params: { id: string }; Body: { ticket: string; reported_at?: string | number; note?: string } }>(
      '/api/v1/integrations/:id/reports',
      { config: { permission: 'respond', audit: { action: 'customer_report.create' } }, schema: { body: REPORT_BODY } },
      async (request, reply) => {
        const id = integrationId(request.params.id, 'the integration id');
        await tenants.assertVisible(request.principal, id, notFound(id));
        const now = clock();
        const reportedAt = request.body.reported_at === undefined ? now : parseTime('reported_at', String(request.body.reported_at));
        if (reportedAt > now + 5 * 60_000) throw new InputError('reported_at is in the future: give the time the customer reported the problem', 'report_in_future');
        const report = await recordCustomerReport(db, {
          integration: id,
          reported_at: reportedAt,
          ticket: request.body.ticket.trim(),
          note: request.body.note?.trim() || null,
          recorded_by: actorOf(request.principal!),
          recorded_at: now,
        });
        request.auditNote = { integration: id, target: `customer_reports:${report.id}`, after: report };
        return reply.code(201).send(report);
      },
    );
  };
}
