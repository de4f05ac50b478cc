import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenantDirectory, TenantScope } from '../access/tenants.js';
import { HEALTH_STATUSES, type HealthStatus } from '../health/evaluate.js';
import { expensive, type QueryContext } from '../query/context.js';
import { decodeCursor, pageOf } from '../query/cursor.js';
import { integrationId, parseEnum, parseLimit, parseWindow, type QueryParams } from '../query/params.js';
import { readBounds } from '../query/routes.js';
import type { Window } from '../query/params.js';
import { parseChartStep } from '../query/timeseries.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { DAY } from '../rollup/tiers.js';
import { compareText } from '../store/order.js';
import { ERROR_TYPES, type IntegrationTotals } from './by-integration.js';
import type { OverviewReads, Trend } from './overview-reads.js';
import { lastSuccesses, recentRuns } from './runs.js';
import { errorTrend, recordsPerSecond, runTrend } from './trends.js';

/** The health statuses, in the order the overview counts them. */
export const RUN_STATUSES = ['success', 'failed', 'partial'] as const;

/** Rows of the per-integration tables (top by volume, errors, durations): default and most. */
export const TOP_LIMIT = 10;
export const TOP_MAX_LIMIT = 100;
/** Integrations per page of the health list. */
export const ADMIN_HEALTH_LIMIT = 100;
export const ADMIN_HEALTH_MAX_LIMIT = 1_000;
/** Runs per page of the sync activity (the requirement asks for the last 100). */
export const ACTIVITY_LIMIT = 100;
export const ACTIVITY_MAX_LIMIT = 500;
/** Failed runs listed with the errors (the requirement asks for 50). */
export const ERRORS_LIMIT = 50;
export const ERRORS_MAX_LIMIT = 500;

/** Each admin route answers at the requirement document's path and at its versioned twin. */
export const ADMIN_PREFIXES = ['/api/admin/integrations', '/api/v1/admin/integrations'] as const;

export type AdminRouteContext = QueryContext & { tenants: TenantDirectory; overview: OverviewReads };

type Read = FastifyRequest<{ Querystring: QueryParams }>;

const top = <T>(items: readonly T[], score: (item: T) => number, limit: number, name: (item: T) => string) =>
  items
    .filter((item) => score(item) > 0)
    .sort((a, b) => score(b) - score(a) || compareText(name(a), name(b)))
    .slice(0, limit);

/**
 * The operations overview for administrators (docs/api.md): system stats, the health of every
 * integration, sync activity, errors and performance. Trends and totals come from the rollup
 * tiers, lists of runs from the raw runs a page at a time; a caller bound to tenants sees theirs only.
 */
export async function adminRoutes(app: FastifyInstance, context: AdminRouteContext): Promise<void> {
  const now = () => context.clock();
  const bounds = readBounds(context);
  const { overview } = context;
  const scopeOf = (request: Read) => context.tenants.scopeOf(request.principal);
  /** A request over the whole of the caller's scope (as the console's) is noted: the overview then keeps its window current, if it ends now. */
  const opened = (request: Read, scope: TenantScope, window: Window) => {
    if (request.query.integration === undefined) overview.noteOpened(scope.integrations, window);
  };
  /** The caller's scope, narrowed to `?integration=` when given, the request noted for the keeper. */
  const asked = async (request: Read, window: Window) => {
    const scope = await scopeOf(request);
    opened(request, scope, window);
    return scope.narrow(request.query.integration ? integrationId(request.query.integration) : undefined);
  };
  const route = (path: string, handler: (request: Read, arrivedAt: number) => Promise<unknown>) => {
    for (const prefix of ADMIN_PREFIXES) app.get<{ Querystring: QueryParams }>(`${prefix}${path}`, { config: { permission: 'admin' } }, (request) => handler(request, performance.now()));
  };
  const totalsOf = (ctx: QueryContext, window: Window, integrations: IntegrationFilter, arrivedAt: number) => overview.totals(ctx, window, integrations, { arrivedAt });
  const trendOf = <T extends Trend>(kind: 'errors' | 'runs', trend: T, ctx: QueryContext, window: Window, integrations: IntegrationFilter, step: number | undefined, arrivedAt: number) =>
    overview.trend(kind, trend, ctx, window, integrations, step, { arrivedAt });

  route('/stats', async (request, arrivedAt) => {
    const window = parseWindow(request.query, now(), bounds.rollups(DAY));
    const step = parseChartStep(request.query, window);
    const limit = parseLimit(request.query.top, TOP_LIMIT, TOP_MAX_LIMIT, 'top');
    const scope = await scopeOf(request);
    opened(request, scope, window);
    const health = await visibleHealth(context, scope);
    return expensive(context, async (ctx) => {
      const [{ window: used, totals }, errors] = await Promise.all([totalsOf(ctx, window, scope.integrations, arrivedAt), trendOf('errors', errorTrend, ctx, window, scope.integrations, step, arrivedAt)]);
      const jobs = { runs: 0, success: 0, failed: 0, partial: 0 };
      for (const row of totals) {
        jobs.runs += row.runs;
        jobs.success += row.success_runs;
        jobs.failed += row.failed_runs;
        jobs.partial += row.partial_runs;
      }
      return {
        from: used.from,
        to: used.to,
        integrations: { total: health.length, by_status: countByStatus(health) },
        jobs,
        top_integrations: top(totals, (row) => row.calls + row.records, limit, (row) => row.integration).map(volumeOf),
        error_trend: errors,
      };
    });
  });

  route('/health', async (request, arrivedAt) => {
    const limit = parseLimit(request.query.limit, ADMIN_HEALTH_LIMIT, ADMIN_HEALTH_MAX_LIMIT);
    const after = decodeCursor(request.query.cursor, ['string'] as const)?.[0];
    const status = parseEnum('status', request.query.status, HEALTH_STATUSES);
    const window = parseWindow({}, now(), bounds.rollups(DAY));
    const scope = await scopeOf(request);
    opened(request, scope, window);
    const all = await visibleHealth(context, scope);
    const wanted = all.filter((health) => (status === undefined || health.status === status) && (after === undefined || health.id > after));
    const { items, next } = pageOf(wanted, limit, (health) => [health.id]);
    const ids = items.map((health) => health.id);
    return expensive(context, async (ctx) => {
      // The day's totals of every integration the caller sees, not of the page alone: the overview's
      // other requests read the same at the same moment (and their settled parts are kept), so the
      // page costs no statement of its own.
      const [{ window: used, totals }, successes] = await Promise.all([totalsOf(ctx, window, scope.integrations, arrivedAt), lastSuccesses(ctx.db, ids, window.to)]);
      const byId = new Map(totals.map((row) => [row.integration, row]));
      return {
        from: used.from,
        to: used.to,
        counts: countByStatus(all),
        integrations: items.map((health) => {
          const day = byId.get(health.id);
          return {
            ...health,
            adapter: context.catalogue?.get(health.id)?.partner ?? null,
            last_success: successes.get(health.id) ?? null,
            runs: day?.runs ?? 0,
            failed_runs: day?.failed_runs ?? 0,
            calls: day?.calls ?? 0,
            errors: day?.errors ?? 0,
          };
        }),
        next,
      };
    });
  });

  route('/sync-activity', async (request, arrivedAt) => {
    const window = parseWindow(request.query, now(), bounds.raw(DAY));
    const step = parseChartStep(request.query, window);
    const limit = parseLimit(request.query.limit, ACTIVITY_LIMIT, ACTIVITY_MAX_LIMIT);
    const status = parseEnum('status', request.query.status, RUN_STATUSES);
    const before = decodeCursor(request.query.cursor, ['number', 'number'] as const);
    const integrations = await asked(request, window);
    return expensive(context, async (ctx) => {
      const runs = await recentRuns(ctx.db, window, { integrations, limit: limit + 1, ...(status ? { status } : {}), ...(before ? { before } : {}) });
      const { items, next } = pageOf(runs, limit, (run) => [run.ts, run.id]);
      const trend = await trendOf('runs', runTrend, ctx, window, integrations, step, arrivedAt);
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      return {
        from: window.from,
        to: window.to,
        totals: { runs: sum(trend.runs), failed: sum(trend.failed), records: sum(trend.records) },
        runs: items,
        next,
        trend,
      };
    });
  });

  route('/errors', async (request, arrivedAt) => {
    const window = parseWindow(request.query, now(), bounds.rollups(DAY));
    const step = parseChartStep(request.query, window);
    const limit = parseLimit(request.query.limit, ERRORS_LIMIT, ERRORS_MAX_LIMIT);
    const integrations = await asked(request, window);
    return expensive(context, async (ctx) => {
      const [{ window: used, totals }, trend, failedRuns] = await Promise.all([
        totalsOf(ctx, window, integrations, arrivedAt),
        trendOf('errors', errorTrend, ctx, window, integrations, step, arrivedAt),
        // Failed runs are raw records: only what the raw retention still keeps.
        recentRuns(ctx.db, clampToRaw(window), { integrations, status: 'failed', limit }),
      ]);
      const byType = Object.fromEntries(ERROR_TYPES.map((type) => [type, totals.reduce((sum, row) => sum + row.by_type[type], 0)]));
      const failedRunCount = totals.reduce((sum, row) => sum + row.failed_runs, 0);
      return {
        from: used.from,
        to: used.to,
        by_integration: top(totals, (row) => row.errors + row.failed_runs, limit, (row) => row.integration).map((row) => ({
          integration: row.integration,
          calls: row.calls,
          errors: row.errors,
          error_rate: row.error_rate,
          by_type: row.by_type,
          runs: row.runs,
          failed_runs: row.failed_runs,
        })),
        by_type: { ...byType, failed_runs: failedRunCount },
        trend,
        failed_runs: failedRuns,
      };
    });
  });

  route('/performance', async (request, arrivedAt) => {
    const window = parseWindow(request.query, now(), bounds.rollups(DAY));
    const step = parseChartStep(request.query, window);
    const limit = parseLimit(request.query.limit, TOP_LIMIT, TOP_MAX_LIMIT);
    const integrations = await asked(request, window);
    return expensive(context, async (ctx) => {
      // The latency by adapter (most of the work) beside the rest: at most three statements at once.
      const totalsAndTrends = async () =>
        [
          await totalsOf(ctx, window, integrations, arrivedAt),
          await trendOf('runs', runTrend, ctx, window, integrations, step, arrivedAt),
          await overview.queueTrend(ctx, window, integrations, step, { arrivedAt }),
        ] as const;
      const [[{ window: used, totals }, throughput, queueDepth], latency] = await Promise.all([
        totalsAndTrends(),
        overview.latency(ctx, window, integrations, { arrivedAt }),
      ]);
      const timed = totals.filter((row) => row.timed_runs > 0);
      const records = throughput.records.reduce((a, b) => a + b, 0);
      return {
        from: used.from,
        to: used.to,
        run_duration: top(timed, (row) => row.avg_duration_ms ?? 0, limit, (row) => row.integration).map((row) => ({
          integration: row.integration,
          timed_runs: row.timed_runs,
          avg_duration_ms: row.avg_duration_ms,
          records_per_second: row.records_per_second,
        })),
        records,
        records_per_second: recordsPerSecond(
          timed.reduce((sum, row) => sum + row.timed_records, 0),
          timed.reduce((sum, row) => sum + row.run_ms, 0),
        ),
        throughput,
        queue_depth: queueDepth,
        latency_by_adapter: latency.slice(0, limit),
      };
    });
  });

  /** The raw retention's part of a window (older runs are gone). */
  function clampToRaw(window: { from: number; to: number }) {
    return { from: Math.max(window.from, now() - context.config.retention.rawMs), to: window.to };
  }
}

function volumeOf(row: IntegrationTotals) {
  return { integration: row.integration, calls: row.calls, errors: row.errors, error_rate: row.error_rate, runs: row.runs, failed_runs: row.failed_runs, records: row.records };
}

async function visibleHealth(context: AdminRouteContext, scope: TenantScope) {
  if (!context.health) return [];
  return scope.only([...(await context.health.current()).values()], (health) => health.id).sort((a, b) => compareText(a.id, b.id));
}

function countByStatus(health: ReadonlyArray<{ status: HealthStatus }>): Record<HealthStatus, number> {
  const counts = Object.fromEntries(HEALTH_STATUSES.map((status) => [status, 0])) as Record<HealthStatus, number>;
  for (const { status } of health) counts[status] += 1;
  return counts;
}
