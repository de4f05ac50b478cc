import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { TenantDirectory } from '../access/tenants.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { CheckRateLimitedError, type CheckScheduler } from '../checks/index.js';
import { NotFoundError, TooManyRequestsError } from '../errors.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseLimit, type QueryParams } from '../query/params.js';
import { runsWithin } from '../recovery/runs.js';
import type { Database } from '../store/schema.js';
import { compareText } from '../store/order.js';
import type { HealthMonitor } from './monitor.js';

/** Integrations per answer when no limit is asked for, and the most a limit may ask for. */
export const HEALTH_LIMIT = 1_000;
export const HEALTH_MAX_LIMIT = 5_000;
/** Changes of status per page of an integration's health history. */
export const HISTORY_LIMIT = 100;
export const HISTORY_MAX_LIMIT = 1_000;
/** Recovery runs beside a page of changes at most (runs are rate-limited, so this is plenty). */
export const HISTORY_RUNS_LIMIT = 500;

/**
 * The per-integration health routes answer at the health-monitoring requirement's paths too
 * (`/api/integrations/:id/health…`), besides the versioned ones.
 */
const HEALTH_PATHS = ['/api/v1/integrations/:id/health', '/api/integrations/:id/health'] as const;

export interface HealthRouteDependencies {
  db: Kysely<Database>;
  monitor: HealthMonitor;
  tenants: TenantDirectory;
  catalogue: Catalogue;
  checks: CheckScheduler;
}

type IntegrationRequest = FastifyRequest<{ Params: { id: string }; Querystring: QueryParams }>;

export function healthRoutes({ db, monitor, tenants, catalogue, checks }: HealthRouteDependencies) {
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

    /**
     * The recovery runs of the span a page of changes covers, newest first: from its oldest change
     * (back to the beginning on the last page) up to the change before the page, so that paging
     * through the changes meets every run once.
     */
    const runsAlongside = (id: string, page: ReadonlyArray<{ ts: number }>, more: boolean, newerThan: number | undefined) =>
      runsWithin(db, id, { from: more ? page.at(-1)?.ts : undefined, to: newerThan }, HISTORY_RUNS_LIMIT);

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
        const changes = await monitor.history(health.id, HISTORY_LIMIT + 1);
        const history = changes.slice(0, HISTORY_LIMIT);
        return { ...health, history, recovery_runs: await runsAlongside(health.id, history, changes.length > HISTORY_LIMIT, undefined) };
      });

      app.get<{ Params: { id: string }; Querystring: QueryParams }>(`${path}/history`, { config: { permission: 'read' } }, async (request) => {
        const limit = parseLimit(request.query.limit, HISTORY_LIMIT, HISTORY_MAX_LIMIT);
        const before = decodeCursor(request.query.cursor, ['number'] as const)?.[0];
        const { id } = await healthOf(request);
        const changes = await monitor.history(id, limit + 1, before);
        const { items, next } = pageOf(changes, limit, (change) => [change.id]);
        const newerThan = before === undefined ? undefined : (await monitor.history(id, 1, before + 1))[0]?.ts;
        return { integration: id, changes: items, recovery_runs: await runsAlongside(id, items, next !== null, newerThan), next };
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
