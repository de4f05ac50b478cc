import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { expensive, type QueryContext } from '../query/context.js';
import { integrationId, isoOf, parseEnum, parseLimit, type QueryParams } from '../query/params.js';
import { readBounds } from '../query/routes.js';
import { integrationReportCsv, tenantReportCsv } from './csv.js';
import { integrationReport, TENANT_REPORT_LIMIT, tenantReport } from './reports.js';
import { reportWindow } from './window.js';

export type ReportRouteContext = QueryContext & { tenants: TenantDirectory; catalogue: Catalogue };

const FORMATS = ['json', 'csv'] as const;

function sendCsv(reply: FastifyReply, name: string, window: { from: number; to: number }, body: string) {
  const day = (ms: number) => isoOf(ms).slice(0, 10);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="switchboard-report-${name}-${day(window.from)}-${day(window.to)}.csv"`)
    .send(body);
}

/** Reports over a window (default the last full month): per integration and per tenant, as JSON or CSV (docs/reports.md). */
export function reportRoutes(context: ReportRouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const bounds = readBounds(context).rollups();

    app.get<{ Params: { id: string }; Querystring: QueryParams }>(
      '/api/v1/integrations/:id/report',
      { config: { permission: 'read', audit: { action: 'report.read' } } },
      async (request, reply) => {
        const id = integrationId(request.params.id, 'the integration id');
        await context.tenants.assertVisible(request.principal, id, `no integration "${id}" in the catalogue or in the data`);
        const format = parseEnum('format', request.query.format, FORMATS) ?? 'json';
        const window = reportWindow(request.query, context.clock(), bounds);
        const report = await expensive(context, (ctx) => integrationReport(ctx, id, window));
        return format === 'csv' ? sendCsv(reply, id, window, integrationReportCsv(report)) : report;
      },
    );

    app.get<{ Querystring: QueryParams }>('/api/v1/reports', { config: { permission: 'read', audit: { action: 'reports.read' } } }, async (request, reply) => {
      const format = parseEnum('format', request.query.format, FORMATS) ?? 'json';
      const window = reportWindow(request.query, context.clock(), bounds);
      const limit = parseLimit(request.query.limit, TENANT_REPORT_LIMIT, TENANT_REPORT_LIMIT);
      const after = request.query.after ? integrationId(request.query.after, 'after') : undefined;
      const scope = await context.tenants.scopeOf(request.principal);
      const report = await expensive(context, (ctx) => tenantReport(ctx, scope.integrations, window, { limit, ...(after !== undefined ? { after } : {}) }));
      return format === 'csv' ? sendCsv(reply, 'tenant', window, tenantReportCsv(report.integrations)) : report;
    });
  };
}
