import type { FastifyInstance } from 'fastify';
import type { TenantDirectory } from '../access/tenants.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { NotFoundError } from '../errors.js';
import type { RunbookTemplate } from './library.js';
import { renderRunbook } from './render.js';
import { shown } from '../query/params.js';

export function runbookRoutes(runbooks: Map<string, RunbookTemplate>, catalogue: Catalogue, tenants: TenantDirectory, publicUrl: string | undefined) {
  const consoleUrl = (path: string) => (publicUrl ? `${publicUrl.replace(/\/$/, '')}${path}` : path);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/v1/runbooks', { config: { permission: 'read' } }, async () => ({
      runbooks: [...runbooks.values()].map(({ name, title, summary }) => ({ name, title, summary: renderRunbook(summary, undefined, consoleUrl) })),
    }));

    app.get<{ Params: { name: string }; Querystring: { integration?: string } }>('/api/v1/runbooks/:name', { config: { permission: 'read' } }, async (request) => {
      const runbook = runbooks.get(request.params.name);
      if (!runbook) throw new NotFoundError(`no runbook ${shown(request.params.name)}; known: ${[...runbooks.keys()].join(', ')}`);
      const id = request.query.integration;
      if (id) await tenants.assertVisible(request.principal, id, `no integration ${shown(id)} in the catalogue`);
      const entry = id ? catalogue.get(id) : undefined;
      if (id && !entry) throw new NotFoundError(`no integration ${shown(id)} in the catalogue`);
      return { name: runbook.name, title: runbook.title, integration: id ?? null, markdown: renderRunbook(runbook.template, entry, consoleUrl) };
    });
  };
}
