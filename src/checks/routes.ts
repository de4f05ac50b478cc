import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TenantDirectory } from '../access/tenants.js';
import { NotFoundError } from '../errors.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseLimit, type QueryParams } from '../query/params.js';
import { compareText } from '../store/order.js';
import type { Database } from '../store/schema.js';
import { CheckRateLimitedError } from './errors.js';
import { heartbeatRoute } from './heartbeat-route.js';
import type { CheckScheduler } from './scheduler.js';
import { checkState, checkStates } from './state.js';
import { findEntry, type CatalogueSource } from './types.js';

export interface CheckRouteDependencies {
  db: Kysely<Database>;
  catalogue: CatalogueSource;
  /** Runs "check now", knows next runs, hears of pings; it need not be started on this instance. */
  scheduler: CheckScheduler;
  /** Who may see which integration: a caller bound to tenants reads and runs only its own checks. */
  tenants: TenantDirectory;
  clock?: () => number;
  /** Told after a ping is committed (e.g. to push the console's live view). */
  onPing?: (integration: string, check: string) => void;
}

const HISTORY = 50;
/** Checks per answer when no limit is asked for, and the most a limit may ask for. */
export const CHECKS_LIMIT = 1_000;
export const CHECKS_MAX_LIMIT = 5_000;
const BODY_LIMIT = 64 * 1024;

/**
 * The checks API: each integration's checks with their history, every check's latest state,
 * "check now", and the heartbeat endpoint jobs ping.
 */
export function checkRoutes(deps: CheckRouteDependencies) {
  const { db, catalogue, scheduler, tenants } = deps;
  const nextRun = (integration: string, name: string) => scheduler.state(integration, name)?.nextRunAt ?? null;

  return async (app: FastifyInstance): Promise<void> => {
    // A ping from curl may come with an empty JSON body or as a form; both are fine here.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
      const text = String(body).trim();
      if (text === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        const error = new Error('the body is not valid JSON') as Error & { statusCode: number; code: string };
        error.statusCode = 400;
        error.code = 'invalid_json';
        done(error, undefined);
      }
    });
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, String(body)),
    );

    await app.register(heartbeatRoute(deps));

    app.get<{ Params: { id: string } }>('/api/v1/integrations/:id/checks', { config: { permission: 'read' } }, async (request) => {
      const id = integrationId(request.params.id, 'the integration id');
      const notFound = `no integration "${id}" in the catalogue`;
      await tenants.assertVisible(request.principal, id, notFound);
      const entry = findEntry(catalogue, id);
      if (!entry) throw new NotFoundError(notFound);
      const checks = await Promise.all(
        entry.checks.map(async (check) => {
          const { integration: _integration, ...state } = await checkState(db, check, HISTORY);
          return { ...state, next_run: nextRun(check.integration, check.name) };
        }),
      );
      return { checks };
    });

    app.get<{ Querystring: QueryParams }>('/api/v1/checks', { config: { permission: 'read' } }, async (request) => {
      const limit = parseLimit(request.query.limit, CHECKS_LIMIT, CHECKS_MAX_LIMIT);
      const after = decodeCursor(request.query.cursor, ['string', 'string'] as const);
      const scope = await tenants.scopeOf(request.principal);
      // The catalogue's checks in (integration, name) order: only the page's are read from the store.
      const key = (check: { integration: string; name: string }) => [check.integration, check.name] as const;
      const byKey = (a: readonly [string, string], b: readonly [string, string]) => compareText(a[0], b[0]) || compareText(a[1], b[1]);
      const wanted = scope
        .only(catalogue.all().flatMap((entry) => entry.checks), (check) => check.integration)
        .filter((check) => !after || byKey(key(check), after) > 0)
        .sort((a, b) => byKey(key(a), key(b)));
      const { items, next } = pageOf(wanted, limit, (check) => key(check));
      const states = await checkStates(db, items);
      return { checks: states.map((state) => ({ ...state, next_run: nextRun(state.integration, state.name) })), next };
    });

    app.post<{ Params: { id: string; name: string } }>('/api/v1/integrations/:id/checks/:name/run', { config: { permission: 'respond', audit: { action: 'check.run' } } }, async (request, reply) => {
      const { id, name } = request.params;
      await tenants.assertVisible(request.principal, id, `integration "${id}" has no check "${name}" in the catalogue`);
      try {
        const result = await scheduler.runNow(id, name);
        return { integration: id, check: name, result };
      } catch (error) {
        if (!(error instanceof CheckRateLimitedError)) throw error;
        return reply
          .code(429)
          .header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))))
          .send({ error: error.message, code: error.code });
      }
    });
  };
}
