import type { FastifyInstance } from 'fastify';
import { expensive } from '../query/context.js';
import type { QueryParams } from '../query/params.js';
import type { QueryRouteContext } from '../query/routes.js';
import { traceKeyOf } from '../query/trace.js';
import { searchTermOf, searchTraceIds } from './search.js';
import { traceTimeline } from './timeline.js';

/**
 * The trace read as a timeline, and the search that finds which kind of id a string is; both
 * over the records of the integrations the caller may see.
 */
export async function traceRoutes(app: FastifyInstance, context: QueryRouteContext): Promise<void> {
  app.get<{ Querystring: QueryParams }>('/api/v1/trace/timeline', { config: { permission: 'read', audit: { action: 'trace.read' } } }, async (request) => {
    const key = traceKeyOf(request.query);
    const { integrations } = await context.tenants.scopeOf(request.principal);
    return expensive(context, (ctx) => traceTimeline(ctx, key, integrations));
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/trace/search', { config: { permission: 'read', audit: { action: 'trace.search' } } }, async (request) => {
    const term = searchTermOf(request.query.q);
    const { integrations } = await context.tenants.scopeOf(request.principal);
    return expensive(context, (ctx) => searchTraceIds(ctx.db, term, context.config.retention.rawMs, integrations));
  });
}
