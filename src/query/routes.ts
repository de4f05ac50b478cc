import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import { InputError, NotFoundError } from '../errors.js';
import { board } from './board.js';
import type { QueryContext } from './context.js';
import { dimensionValues } from './dimensions.js';
import { recentFailures } from './failures.js';
import { parseFilters, parseLimit, parseOutcomes, parseWindow, type QueryParams } from './params.js';
import { summarize, summarizeOperations } from './summary.js';
import { timeSeries } from './timeseries.js';
import { trace, traceKeyOf } from './trace.js';
import { jobReports } from './jobs.js';
import { DAY } from '../rollup/tiers.js';
import { traceRoutes } from '../trace/routes.js';

type IntegrationRequest = { Params: { id: string }; Querystring: QueryParams };

const INTEGRATION_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function integrationId(id: string): string {
  if (!INTEGRATION_ID.test(id)) throw new InputError(`"${id}" is not an integration id (^[a-z0-9][a-z0-9._-]{0,63}$)`);
  return id;
}

/** What the read routes need: the query context, and who may see which integration. */
export type QueryRouteContext = QueryContext & { tenants: TenantDirectory };

/** The read API: every answer comes from rollups, except traces and failure samples (raw records). */
export async function queryRoutes(app: FastifyInstance, context: QueryRouteContext): Promise<void> {
  const now = () => context.clock();
  const scopeOf = (request: FastifyRequest) => context.tenants.scopeOf(request.principal);
  /** The integration of the path, once the caller may see it (else 404, as for an unknown one). */
  const visibleId = async (request: FastifyRequest<IntegrationRequest>, notFound?: string) => {
    const id = integrationId(request.params.id);
    await context.tenants.assertVisible(request.principal, id, notFound);
    return id;
  };
  /** The `integration` asked for (nothing if the caller may not see it), else all it may see. */
  const integrationsAsked = async (request: FastifyRequest<{ Querystring: QueryParams }>) =>
    (await scopeOf(request)).narrow(request.query.integration ? integrationId(request.query.integration) : undefined);

  app.get<{ Querystring: QueryParams }>('/api/v1/integrations', { config: { permission: 'read' } }, async (request) => {
    const scope = await scopeOf(request);
    const answer = await board(context, parseWindow(request.query, now()), parseFilters(request.query));
    return { ...answer, integrations: scope.only(answer.integrations, (tile) => tile.id) };
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id', { config: { permission: 'read' } }, async (request) => {
    const notFound = `no integration "${request.params.id}" has sent any record`;
    const id = await visibleId(request, notFound);
    const { from, to, integrations } = await board(context, parseWindow(request.query, now()), parseFilters(request.query), id);
    const tile = integrations[0];
    if (!tile) throw new NotFoundError(notFound);
    return { from, to, ...tile };
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/summary', { config: { permission: 'read' } }, async (request) =>
    summarize(context, await visibleId(request), parseWindow(request.query, now()), parseFilters(request.query)),
  );

  app.get<IntegrationRequest>('/api/v1/integrations/:id/timeseries', { config: { permission: 'read' } }, async (request) => {
    const step = request.query.step === undefined ? undefined : Number(request.query.step);
    return timeSeries(context, await visibleId(request), parseWindow(request.query, now()), parseFilters(request.query), step);
  });

  app.get<IntegrationRequest>('/api/v1/integrations/:id/operations', { config: { permission: 'read' } }, async (request) =>
    summarizeOperations(context, await visibleId(request), parseWindow(request.query, now()), parseFilters(request.query)),
  );

  app.get<IntegrationRequest>('/api/v1/integrations/:id/failures', { config: { permission: 'read', audit: { action: 'failures.read' } } }, async (request) => {
    const window = parseWindow(request.query, now());
    const failures = await recentFailures(
      context.db,
      await visibleId(request),
      window,
      parseFilters(request.query),
      parseLimit(request.query.limit, 50, 500),
      parseOutcomes(request.query.outcome),
    );
    return { from: window.from, to: window.to, failures };
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/dimensions', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now());
    return { from: window.from, to: window.to, ...(await dimensionValues(context, window, await integrationsAsked(request))) };
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/jobs', { config: { permission: 'read' } }, async (request) => {
    const window = parseWindow(request.query, now(), 7 * DAY);
    const integrations = await integrationsAsked(request);
    return {
      from: window.from,
      to: window.to,
      jobs: await jobReports(context.db, window, { ...(integrations ? { integrations } : {}), ...(context.catalogue ? { catalogue: context.catalogue } : {}), now: now() }),
    };
  });

  app.get<{ Querystring: QueryParams }>('/api/v1/trace', { config: { permission: 'read', audit: { action: 'trace.read' } } }, async (request) =>
    trace(context.db, traceKeyOf(request.query), (await scopeOf(request)).integrations),
  );
  await traceRoutes(app, context);
}
