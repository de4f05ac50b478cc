import type { RouteOptions } from 'fastify';
import type { Permission } from './permissions.js';

/** One method of one route, as the server has it: what the API document and the route-walk test read. */
export interface DeclaredRoute {
  method: string;
  /** Fastify's form: /api/v1/integrations/:id/summary. */
  url: string;
  /** undefined only until the guard refuses to start. */
  permission: Permission | undefined;
  /** The route's own limit (config.rateLimit), set in its definition or by limits.ts. */
  rateLimit: { max: number; timeWindow: number } | undefined;
}

/**
 * Every route the app registers, collected by an onRoute hook and read once the app is ready (a
 * plugin's own onRoute hook may still fill in a route's config after ours has seen it). The guard
 * refuses to start on a route without a permission; the OpenAPI document takes each operation's
 * x-permission from here, so the document and the guard read the same declaration.
 */
export class RouteRegistry {
  private readonly routes: RouteOptions[] = [];

  note(route: RouteOptions): void {
    this.routes.push(route);
  }

  /** Each method of each route once (a route may list several methods). */
  list(): DeclaredRoute[] {
    const seen = new Set<string>();
    const result: DeclaredRoute[] = [];
    for (const route of this.routes) {
      const limit = route.config?.rateLimit;
      for (const method of [route.method].flat()) {
        const key = `${method} ${route.url}`;
        if (seen.has(key)) continue;
        seen.add(key);
        result.push({
          method,
          url: route.url,
          permission: route.config?.permission,
          rateLimit:
            limit && typeof limit === 'object' && typeof limit.max === 'number' && typeof limit.timeWindow === 'number'
              ? { max: limit.max, timeWindow: limit.timeWindow }
              : undefined,
        });
      }
    }
    return result;
  }
}
