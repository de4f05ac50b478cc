import type { FastifyInstance } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { NotFoundError } from '../errors.js';
import { expensive, type QueryContext } from '../query/context.js';
import { integrationId } from '../query/params.js';
import { budgetReport } from './report.js';
import { WindowCounts } from './totals.js';

/** Error budgets and burn rates of the integrations' SLOs. */
export function budgetRoutes(context: QueryContext & { tenants: TenantDirectory; catalogue: Catalogue }) {
  return async (app: FastifyInstance): Promise<void> => {
    const retentionMs = context.config.retention.rollupMs;
    const counts = new WindowCounts(retentionMs);
    app.get<{ Params: { id: string } }>('/api/v1/integrations/:id/budget', { config: { permission: 'read' } }, async (request) => {
      const id = integrationId(request.params.id, 'the integration id');
      const notFound = `no integration "${id}" in the catalogue: error budgets come from its SLOs`;
      await context.tenants.assertVisible(request.principal, id, notFound);
      const entry = context.catalogue.get(id);
      if (!entry) throw new NotFoundError(notFound);
      return expensive(context, (ctx) => budgetReport(ctx.db, counts, retentionMs, entry, ctx.clock()));
    });
  };
}
