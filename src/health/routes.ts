import type { FastifyInstance } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import { NotFoundError } from '../errors.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseLimit, type QueryParams } from '../query/params.js';
import { compareText } from '../store/order.js';
import type { HealthMonitor } from './monitor.js';

/** Integrations per answer when no limit is asked for, and the most a limit may ask for. */
export const HEALTH_LIMIT = 1_000;
export const HEALTH_MAX_LIMIT = 5_000;

export function healthRoutes(monitor: HealthMonitor, tenants: TenantDirectory) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: QueryParams }>('/api/v1/health', { config: { permission: 'read' } }, async (request) => {
      const limit = parseLimit(request.query.limit, HEALTH_LIMIT, HEALTH_MAX_LIMIT);
      const after = decodeCursor(request.query.cursor, ['string'] as const)?.[0];
      const scope = await tenants.scopeOf(request.principal);
      const all = scope.only([...(await monitor.current()).values()], (health) => health.id).sort((a, b) => compareText(a.id, b.id));
      const rest = after === undefined ? all : all.filter((health) => health.id > after);
      const { items, next } = pageOf(rest, limit, (health) => [health.id]);
      return { integrations: items, next };
    });

    app.get<{ Params: { id: string } }>('/api/v1/integrations/:id/health', { config: { permission: 'read' } }, async (request) => {
      const id = integrationId(request.params.id, 'the integration id');
      const notFound = `no integration "${id}" in the catalogue or in the data`;
      await tenants.assertVisible(request.principal, id, notFound);
      const health = (await monitor.current()).get(id);
      if (!health) throw new NotFoundError(notFound);
      return { ...health, history: await monitor.history(id) };
    });
  };
}
