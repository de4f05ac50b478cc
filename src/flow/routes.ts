import type { FastifyInstance } from 'fastify';
import { InputError } from '../errors.js';
import { parseFilters, parseWindow, type QueryParams } from '../query/params.js';
import { readBounds, type QueryRouteContext } from '../query/routes.js';
import { expensive } from '../query/context.js';
import { parseChartStep } from '../query/timeseries.js';
import type { FlowFilters } from './read.js';
import { flowSummary } from './summary.js';
import { flowTimeSeries } from './timeseries.js';

/** env, site and release, as everywhere; operation and direction describe calls, not events. */
function flowFilters(query: QueryParams): FlowFilters {
  const { operation, direction, ...filters } = parseFilters(query);
  if (operation !== undefined || direction !== undefined) {
    throw new InputError(`${operation !== undefined ? 'operation' : 'direction'} filters calls; the flow signals take env, site and release`);
  }
  return filters;
}

/** The end-to-end flow signals (docs/flow.md), from event and lead-time rollups of the integrations the caller may see. */
export async function flowRoutes(app: FastifyInstance, context: QueryRouteContext): Promise<void> {
  const bounds = readBounds(context);
  app.get<{ Querystring: QueryParams }>('/api/v1/flow', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, context.clock(), bounds.rollups());
    const filters = flowFilters(request.query);
    const { integrations } = await context.tenants.scopeOf(request.principal);
    return expensive(context, (ctx) => flowSummary(ctx, window, filters, integrations));
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/flow/timeseries', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, context.clock(), bounds.rollups());
    const step = parseChartStep(request.query, window);
    const filters = flowFilters(request.query);
    const { integrations } = await context.tenants.scopeOf(request.principal);
    return expensive(context, (ctx) => flowTimeSeries(ctx, window, filters, step, integrations));
  });
}
