import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import { NotFoundError } from '../errors.js';
import { BOARD_LIMIT, MAX_QUERY_CHARS, board } from './board.js';
import type { BoardParts } from './board-parts.js';
import { expensive, type QueryContext } from './context.js';
import { decodeCursor, pageOf } from './cursor.js';
import { dimensionValues } from './dimensions.js';
import { recentFailures } from './failures.js';
import { integrationId, parseFilters, parseSearch, parseLimit, parseOutcomes, parseWindow, type QueryParams, type WindowBounds } from './params.js';
import { summarize, summarizeOperations } from './summary.js';
import { parseChartStep, timeSeries } from './timeseries.js';
import { trace, traceKeyOf } from './trace.js';
import { JOBS_LIMIT, JOBS_MAX_LIMIT, jobReports } from './jobs.js';
import { DAY } from '../rollup/tiers.js';
import { engineOf } from '../store/engine.js';
import { traceRoutes } from '../trace/routes.js';

type IntegrationRequest = { Params: { id: string }; Querystring: QueryParams };

/** What the read routes need: the query context, and who may see which integration. */
export type QueryRouteContext = QueryContext & { tenants: TenantDirectory };

/** How far back each kind of read may look, and how far ahead: what retention keeps, now plus the clock skew. */
export function readBounds(context: QueryContext) {
  const skewMs = context.config.ingest.maxClockSkewMs;
  return {
    /** Rollups: the longest-kept tier. */
    rollups: (defaultSpan?: number): WindowBounds => ({ retentionMs: Math.max(...Object.values(context.config.retention.rollupMs)), skewMs, ...(defaultSpan ? { defaultSpan } : {}) }),
    /** Raw records: traces, failure samples, runs. */
    raw: (defaultSpan?: number): WindowBounds => ({ retentionMs: context.config.retention.rawMs, skewMs, ...(defaultSpan ? { defaultSpan } : {}) }),
    /** What is never deleted (alert history): only the clock skew. */
    kept: (defaultSpan?: number): WindowBounds => ({ skewMs, ...(defaultSpan ? { defaultSpan } : {}) }),
  };
}

/** The read API: every answer comes from rollups, except traces and failure samples (raw records). */
export async function queryRoutes(app: FastifyInstance, context: QueryRouteContext & { boardParts: BoardParts }): Promise<void> {
  const now = () => context.clock();
  const bounds = readBounds(context);
  const engine = engineOf(context.config.database);
  const scopeOf = (request: FastifyRequest) => context.tenants.scopeOf(request.principal);
  /** The integration of the path, once the caller may see it (else 404, as for an unknown one). */
  const visibleId = async (request: FastifyRequest<IntegrationRequest>, notFound?: string) => {
    const id = integrationId(request.params.id, 'the integration id');
    await context.tenants.assertVisible(request.principal, id, notFound);
    return id;
  };
  /** The `integration` asked for (nothing if the caller may not see it), else all it may see. */
  const integrationsAsked = async (request: FastifyRequest<{ Querystring: QueryParams }>) =>
    (await scopeOf(request)).narrow(request.query.integration ? integrationId(request.query.integration) : undefined);

  app.get<{ Querystring: QueryParams }>('/api/v1/integrations', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now(), bounds.rollups());
    const filters = parseFilters(request.query);
    const limit = parseLimit(request.query.limit, BOARD_LIMIT, BOARD_LIMIT);
    const after = decodeCursor(request.query.cursor, ['number', 'number', 'string'] as const);
    const q = parseSearch(request.query.q, MAX_QUERY_CHARS);
    const scope = await scopeOf(request);
    const answer = await expensive(context, (ctx) =>
      board(ctx, window, filters, undefined, {
        limit,
        ...(after !== undefined ? { after } : {}),
        ...(q !== undefined ? { q } : {}),
        ...(scope.integrations ? { visible: scope.integrations } : {}),
      }, context.boardParts),
    );
    return { ...answer, integrations: scope.only(answer.integrations, (tile) => tile.id) };
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id', { config: { permission: 'read' } }, async (request) => {
    const notFound = `no integration "${request.params.id}" has sent any record`;
    const window = parseWindow(request.query, now(), bounds.rollups());
    const filters = parseFilters(request.query);
    const id = await visibleId(request, notFound);
    const { from, to, integrations } = await expensive(context, (ctx) => board(ctx, window, filters, id));
    const tile = integrations[0];
    if (!tile) throw new NotFoundError(notFound);
    return { from, to, ...tile };
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/summary', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now(), bounds.rollups());
    const filters = parseFilters(request.query);
    const id = await visibleId(request);
    return expensive(context, (ctx) => summarize(ctx, id, window, filters));
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/timeseries', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now(), bounds.rollups());
    const step = parseChartStep(request.query, window);
    const filters = parseFilters(request.query);
    const id = await visibleId(request);
    return expensive(context, (ctx) => timeSeries(ctx, id, window, filters, step));
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/operations', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now(), bounds.rollups());
    const filters = parseFilters(request.query);
    const id = await visibleId(request);
    return expensive(context, (ctx) => summarizeOperations(ctx, id, window, filters));
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/failures', { config: { permission: 'read', audit: { action: 'failures.read' } } }, async (request) => {
    const window = parseWindow(request.query, now(), bounds.raw());
    const filters = parseFilters(request.query);
    const limit = parseLimit(request.query.limit, 50, 500);
    const outcomes = parseOutcomes(request.query.outcome);
    const before = decodeCursor(request.query.cursor, ['number', 'number'] as const);
    const id = await visibleId(request);
    const rows = await expensive(context, (ctx) => recentFailures(ctx.db, id, window, filters, limit + 1, outcomes, before));
    const { items, next } = pageOf(rows, limit, (row) => [Number(row.ts), Number(row.id)]);
    return { from: window.from, to: window.to, failures: items, next };
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/dimensions', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now(), bounds.rollups());
    const integrations = await integrationsAsked(request);
    return { from: window.from, to: window.to, ...(await expensive(context, (ctx) => dimensionValues(ctx, window, integrations))) };
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/jobs', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now(), bounds.raw(7 * DAY));
    const limit = parseLimit(request.query.limit, JOBS_LIMIT, JOBS_MAX_LIMIT);
    const after = decodeCursor(request.query.cursor, ['string', 'string'] as const);
    const integrations = await integrationsAsked(request);
    const { jobs, next } = await expensive(context, (ctx) =>
      jobReports(ctx.db, window, {
        ...(integrations ? { integrations } : {}),
        ...(context.catalogue ? { catalogue: context.catalogue } : {}),
        now: now(),
        engine,
        page: { limit, ...(after ? { after } : {}) },
      }),
    );
    return { from: window.from, to: window.to, jobs, next };
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/trace', { config: { permission: 'read', audit: { action: 'trace.read' } } }, async (request) => {
    const key = traceKeyOf(request.query);
    const { integrations } = await scopeOf(request);
    return expensive(context, (ctx) => trace(ctx.db, key, integrations));
  });
  await traceRoutes(app, context);
}
