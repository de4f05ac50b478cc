import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../errors.js';
import type { HealthMonitor } from './monitor.js';

export function healthRoutes(monitor: HealthMonitor) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/v1/health', { config: { permission: 'read' } }, async () => ({ integrations: [...(await monitor.current()).values()] }));

    app.get<{ Params: { id: string } }>('/api/v1/integrations/:id/health', { config: { permission: 'read' } }, async (request) => {
      const health = (await monitor.current()).get(request.params.id);
      if (!health) throw new NotFoundError(`no integration "${request.params.id}" in the catalogue or in the data`);
      return { ...health, history: await monitor.history(request.params.id) };
    });
  };
}
