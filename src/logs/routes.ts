import type { FastifyInstance } from 'fastify';
import { expensive } from '../query/context.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseLimit, parseWindow, type QueryParams } from '../query/params.js';
import type { QueryRouteContext } from '../query/routes.js';
import { DAY } from '../rollup/tiers.js';
import { GROUPS_LIMIT, GROUPS_MAX_LIMIT, topErrorGroups } from './groups-read.js';
import { LOGS_LIMIT, LOGS_MAX_LIMIT, parseLogFilters, searchLogs } from './search.js';

type IntegrationRequest = { Params: { id: string }; Querystring: QueryParams };

/**
 * The read routes of logs, over the integrations the caller may see: an integration's lines
 * (search) and its top error types. Lines are partner records: every read is audited.
 */
export async function logRoutes(app: FastifyInstance, context: QueryRouteContext): Promise<void> {
  const { config } = context;
  const windowBounds = (defaultSpan?: number) => ({ retentionMs: config.retention.logsMs, skewMs: config.ingest.maxClockSkewMs, ...(defaultSpan ? { defaultSpan } : {}) });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/logs', { config: { permission: 'read', audit: { action: 'logs.read' } } }, async (request) => {
    const window = parseWindow(request.query, context.clock(), windowBounds());
    const filters = parseLogFilters(request.query);
    const limit = parseLimit(request.query.limit, LOGS_LIMIT, LOGS_MAX_LIMIT);
    const before = decodeCursor(request.query.cursor, ['number', 'number'] as const);
    const id = integrationId(request.params.id, 'the integration id');
    await context.tenants.assertVisible(request.principal, id);
    const rows = await expensive(context, (ctx) => searchLogs(ctx.db, id, window, filters, limit + 1, before));
    const { items, next } = pageOf(rows, limit, (row) => [row.ts, row.id]);
    return { from: window.from, to: window.to, logs: items, next };
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/logs/errors', { config: { permission: 'read', audit: { action: 'logs.errors.read' } } }, async (request) => {
    const window = parseWindow(request.query, context.clock(), windowBounds(DAY));
    const limit = parseLimit(request.query.limit, GROUPS_LIMIT, GROUPS_MAX_LIMIT);
    const id = integrationId(request.params.id, 'the integration id');
    await context.tenants.assertVisible(request.principal, id);
    return expensive(context, (ctx) => topErrorGroups(ctx, id, window, limit));
  });
}
