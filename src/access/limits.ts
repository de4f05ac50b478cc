import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AccessConfig } from '../config.js';
import { TooManyRequestsError } from '../errors.js';
import type { RouteRegistry } from './registry.js';

/**
 * The reads that cost the server most per request: charts, failure samples and traces (raw
 * records), the flow dashboard, the board over long windows, reports, and the audit trail's exports.
 * Limited per caller like writes. Each entry must name a route the server has (checked at start).
 */
export const EXPENSIVE_READS: readonly string[] = [
  'GET /api/v1/integrations',
  'GET /api/v1/integrations/:id/timeseries',
  'GET /api/v1/integrations/:id/failures',
  'GET /api/v1/trace',
  'GET /api/v1/trace/timeline',
  'GET /api/v1/trace/search',
  'GET /api/v1/flow',
  'GET /api/v1/flow/timeseries',
  'GET /api/v1/integrations/:id/report',
  'GET /api/v1/reports',
  'GET /api/v1/audit.csv',
  'GET /api/v1/audit.ndjson',
];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const MINUTE = 60_000;

/**
 * The limit a route gets when its definition sets none: a write by a caller (any method but GET,
 * HEAD and OPTIONS on a route that needs a signed-in caller, a respond or an admin permission) gets
 * writesPerMinute; an expensive read gets expensiveReadsPerMinute. Ingest is left to the ingest
 * limits (body and batch size) and to the throttle of bad keys; public routes set their own.
 */
export function defaultRateLimit(route: Pick<RouteOptions, 'method' | 'url' | 'config'>, limits: AccessConfig['rateLimits']): { max: number; timeWindow: number } | undefined {
  const methods = [route.method].flat();
  const permission = route.config?.permission;
  if (methods.some((method) => EXPENSIVE_READS.includes(`${method === 'HEAD' ? 'GET' : method} ${route.url}`))) {
    return { max: limits.expensiveReadsPerMinute, timeWindow: MINUTE };
  }
  if (methods.some((method) => !SAFE.has(method)) && permission !== undefined && permission !== 'public' && permission !== 'ingest') {
    return { max: limits.writesPerMinute, timeWindow: MINUTE };
  }
  return undefined;
}

/**
 * Rate limits are counted per caller when there is one (its user or token, whatever its address:
 * a busy office behind one NAT is not one bucket), else per address. The guard has authenticated
 * the request by the time a route's limit runs (route hooks run after the app's).
 */
export function rateLimitKey(request: FastifyRequest): string {
  return request.principal ? `caller:${request.principal.id}` : `address:${request.ip}`;
}

/**
 * Registers @fastify/rate-limit (nothing limited unless a route asks) and, before it, the hook that
 * gives writes and expensive reads their limit: one place instead of one line in every route.
 */
export async function installRateLimits(app: FastifyInstance, limits: AccessConfig['rateLimits'], registry: RouteRegistry): Promise<void> {
  // Must run before the plugin's own onRoute hook, which reads config.rateLimit.
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.rateLimit !== undefined) return;
    const limit = defaultRateLimit(route, limits);
    if (limit) route.config = { ...route.config, rateLimit: limit };
  });
  app.addHook('onReady', async () => {
    const routes = new Set(registry.list().map((route) => `${route.method} ${route.url}`));
    const unknown = EXPENSIVE_READS.filter((entry) => !routes.has(entry));
    if (unknown.length > 0) throw new Error(`EXPENSIVE_READS names routes the server does not have: ${unknown.join('; ')}`);
  });
  await app.register(rateLimit, {
    global: false,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) =>
      new TooManyRequestsError(`too many requests: at most ${context.max} a minute; try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} s`, Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}
