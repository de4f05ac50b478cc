/**
 * The server the access benchmark measures: the app exactly as `switchboard serve` builds it
 * (createApp: cookie parser, security headers, rate limits, the guard with its audit hook, every
 * route), background jobs off, plus a public twin of the ingest and query routes under
 * /bench-public: the same handlers, declared `public`, so a request to them is neither
 * authenticated nor authorised. Everything else (process, heap, store, logger, hooks, security
 * headers) is shared, so the difference between /api/v1/… with credentials and
 * /bench-public/api/v1/… without them is what authorization costs.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../src/config.js';
import { ingestRoutes } from '../../src/ingest/route.js';
import { queryRoutes } from '../../src/query/routes.js';
import { createApp } from '../../src/server/app.js';
import { TenantDirectory } from '../../src/access/tenants.js';
import { Catalogue } from '../../src/catalogue/catalogue.js';
import { BoardParts } from '../../src/query/board-parts.js';
import type { LogLevel } from '../../src/server/logger.js';
import type { Database } from '../../src/store/schema.js';

export const PUBLIC_PREFIX = '/bench-public';

export async function buildBenchApp(config: Config, db: Kysely<Database>, logLevel: LogLevel = 'info'): Promise<FastifyInstance> {
  // The twins see every tenant, as the admin token the guarded routes are read with does.
  const tenants = new TenantDirectory(db, Catalogue.empty());
  const publicTwins = async (app: FastifyInstance) => {
    await app.register(
      async (scope) => {
        // Runs after the route's own declaration (as the console's files are made public).
        scope.addHook('onRoute', (route: RouteOptions) => {
          route.config = { ...route.config, permission: 'public' };
        });
        await scope.register(async (inner) => ingestRoutes(inner, { db, config, clock: Date.now, tenants, onCommitted: () => undefined }));
        await scope.register(async (inner) => queryRoutes(inner, { db, config, clock: Date.now, tenants, boardParts: new BoardParts() }));
      },
      { prefix: PUBLIC_PREFIX },
    );
  };
  return (await createApp({ config, db, logLevel, runJobs: false, plugins: [publicTwins] })).app;
}
