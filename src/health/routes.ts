import type { FastifyInstance } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import { NotFoundError } from '../errors.js';
import type { HealthMonitor } from './monitor.js';

export function healthRoutes(monitor: HealthMonitor, tenants: TenantDirectory) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/v1/health', { config: { permission: 'read' } }, async (request) => {
      const scope = await tenants.scopeOf(request.principal);
      return { integrations: scope.only([...(await monitor.current()).values()], (health) => health.id) };
    });

    app.get<{ Params: { id: string } }>('/api/v1/integrations/:id/health', { config: { permission: 'read' } }, async (request) => {
      const notFound = `no integration "${request.params.id}" in the catalogue or in the data`;
      await tenants.assertVisible(request.principal, request.params.id, notFound);
      const health = (await monitor.current()).get(request.params.id);
      if (!health) throw new NotFoundError(notFound);
      return { ...health, history: await monitor.history(request.params.id) };
    });
  };
}
