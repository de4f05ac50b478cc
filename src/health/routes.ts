import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { CheckRateLimitedError, type CheckScheduler } from '../checks/index.js';
import { NotFoundError, TooManyRequestsError } from '../errors.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseLimit, type QueryParams } from '../query/params.js';
import { compareText } from '../store/order.js';
import type { HealthMonitor } from './monitor.js';

/** Integrations per answer when no limit is asked for, and the most a limit may ask for. */
export const HEALTH_LIMIT = 1_000;
export const HEALTH_MAX_LIMIT = 5_000;
/** Changes of status per page of an integration's health history. */
export const HISTORY_LIMIT = 100;
export const HISTORY_MAX_LIMIT = 1_000;

/**
 * The per-integration health routes answer at the health-monitoring requirement's paths too
 * (`/api/integrations/:id/health…`), besides the versioned ones.
 */
const HEALTH_PATHS = ['/api/v1/integrations/:id/health', '/api/integrations/:id/health'] as const;

export interface HealthRouteDependencies {
  monitor: HealthMonitor;
  tenants: TenantDirectory;
  catalogue: Catalogue;
  checks: CheckScheduler;
}

type IntegrationRequest = FastifyRequest<{ Params: { id: string }; Querystring: QueryParams }>;

export function healthRoutes({ monitor, tenants, catalogue, checks }: HealthRouteDependencies) {
  return async (app: FastifyInstance): Promise<void> => {
    const notFound = (id: string) => `no integration "${id}" in the catalogue or in the data`;
    /** The integration of the path and its health, once the caller may see it (else 404, as for an unknown one). */
    const healthOf = async (request: IntegrationRequest) => {
      const id = integrationId(request.params.id, 'the integration id');
      await tenants.assertVisible(request.principal, id, notFound(id));
      const health = (await monitor.current()).get(id);
      if (!health) throw new NotFoundError(notFound(id));
      return health;
    };

    app.get<{ Querystring: QueryParams }>('/api/v1/health', { config: { permission: 'read' } }, async (request) => {
      const limit = parseLimit(request.query.limit, HEALTH_LIMIT, HEALTH_MAX_LIMIT);
      const after = decodeCursor(request.query.cursor, ['string'] as const)?.[0];
      const scope = await tenants.scopeOf(request.principal);
      const all = scope.only([...(await monitor.current()).values()], (health) => health.id).sort((a, b) => compareText(a.id, b.id));
      const rest = after === undefined ? all : all.filter((health) => health.id > after);
      const { items, next } = pageOf(rest, limit, (health) => [health.id]);
      return { integrations: items, next };
    });

    for (const path of HEALTH_PATHS) {
      app.get<{ Params: { id: string }; Querystring: QueryParams }>(path, { config: { permission: 'read' } }, async (request) => {
        const health = await healthOf(request);
        return { ...health, history: await monitor.history(health.id) };
      });

      app.get<{ Params: { id: string }; Querystring: QueryParams }>(`${path}/history`, { config: { permission: 'read' } }, async (request) => {
        const limit = parseLimit(request.query.limit, HISTORY_LIMIT, HISTORY_MAX_LIMIT);
        const before = decodeCursor(request.query.cursor, ['number'] as const)?.[0];
        const { id } = await healthOf(request);
        const changes = await monitor.history(id, limit + 1, before);
        const { items, next } = pageOf(changes, limit, (change) => [change.id]);
        return { integration: id, changes: items, next };
      });

      // Runs every check the catalogue gives the integration now, then judges it again.
      app.post<{ Params: { id: string }; Querystring: QueryParams }>(`${path}/check`, { config: { permission: 'respond', audit: { action: 'health.check' } } }, async (request) => {
        const { id } = await healthOf(request);
        const results = [];
        for (const check of catalogue.get(id)?.checks ?? []) {
          try {
            results.push({ check: check.name, result: await checks.runNow(id, check.name) });
          } catch (error) {
            if (!(error instanceof CheckRateLimitedError)) throw error;
            throw new TooManyRequestsError(error.message, Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
          }
        }
        const health = (await monitor.refresh()).get(id);
        return { ...health, checks: results };
      });
    }
  };
}
