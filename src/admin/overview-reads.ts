import { performance } from 'node:perf_hooks';
import { plan, readEachWhenFree, type QueryContext } from '../query/context.js';
import { parseWindow, type Window } from '../query/params.js';
import { readBounds } from '../query/routes.js';
import { SEGMENT_CACHE_MS, SegmentCache } from '../query/segment-cache.js';
import { SharedReads } from '../query/shared-reads.js';
import { planSteps } from '../query/timeseries.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES, floorTo } from '../rollup/tiers.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { integrationTotals, latencyByAdapter, overviewPlan, type AdapterCache, type AdapterGroups, type IntegrationTotals } from './by-integration.js';
import { scopeKey, type GroupedCache, type GroupedRow } from './grouped.js';
import { errorTrend, queueTrend, runTrend, type TrendFrame } from './trends.js';

/**
 * What the overview keeps of settled segments, weighed in grouped rows (a day's totals of 1,000
 * integrations keep a few thousand, its trends a few hundred) and, for latency by adapter, in
 * integrations plus 50 a sketch: some 20 MB each at most, several tenants' overviews and windows.
 */
const KEPT_GROUPS = 100_000;
const KEPT_ADAPTER_WEIGHT = 200_000;
const adapterWeight = (groups: AdapterGroups) => {
  let weight = 0;
  for (const group of groups.values()) weight += 50 + group.integrations.size;
  return weight;
};

/**
 * An overview opened over a window ending now, other than every integration's day (always kept),
 * is kept current this long after it was last opened,
 */
const KEEP_ASKED_MS = DAY;
/** for this many such windows at most (the newest asked), */
const KEPT_WINDOWS = 16;
/** and this many of one scope's (a tenant's, or every integration's), so that one caller's windows do not push out the others'. */
const KEPT_SPANS_PER_SCOPE = 4;
/** The longest window kept (the board's longest, and a little more): a year's would make each pass re-read a year. */
const KEPT_SPAN_MAX = 31 * DAY;
/** A fresh instance's first pass comes this soon (a restart, a failover): the console may open any moment. */
export const OVERVIEW_KEPT_AFTER_START_MS = 5_000;
/**
 * A pass renews each kept part that would expire before the next pass, with this to spare: the
 * next pass starts `everyMs` after this one ends, and reaches a scope as late as this one did,
 * give or take the passes' lengths (a second or two at 1,000 integrations).
 */
const RENEW_MARGIN_MS = 60_000;

/**
 * How a read meets what is kept: a request shares the reads in flight that started after it
 * arrived (SharedReads); the keeper reads again every part kept from a read before `renewBefore`.
 */
export type Reading = { arrivedAt: number } | { renewBefore: number };

/** A trend the overview reads with what it keeps (trends.ts). */
export type Trend = (ctx: QueryContext, window: Window, integrations: IntegrationFilter, step: number | undefined, cached: GroupedCache) => Promise<TrendFrame>;

/**
 * The admin overview's reads of rollups (totals, trends, latency by adapter), with what they keep
 * of settled segments, and the keeper that holds it current.
 *
 * Kept parts expire after five minutes (query/segment-cache.ts), so the console's first load after
 * a quiet while read a day of every integration's rollups again: about 200–350 ms at 1,000
 * integrations (docs/benchmarks.md). `keep`, run every minute on each instance, reads again what
 * would expire before its next run, for every integration's overview of the day ending now and
 * each other window ending now opened in the last day (a tenant's day, a script's 30 days): the
 * console then reads only the minutes since the last settled hour. As a recording rule does for a dashboard, the work is done ahead,
 * at the same cost a load would pay, once every few minutes.
 */
export class OverviewReads {
  private readonly shared = new SharedReads();
  private readonly groupedParts = new SegmentCache<GroupedRow[]>({ maxWeight: KEPT_GROUPS, weigh: (rows) => rows.length });
  private readonly adapterStretches = new SegmentCache<AdapterGroups>({ maxWeight: KEPT_ADAPTER_WEIGHT, weigh: adapterWeight });
  private ended = 0;
  /** Windows ending now the overview was opened with, by scope and span, the oldest asked first. */
  private readonly asked = new Map<string, { integrations: IntegrationFilter; scope: string; span: number; at: number }>();

  constructor(private readonly context: QueryContext) {
    context.catalogue?.onChange(() => this.adapterStretches.clear());
  }

  /** The window the console's overview opens with: the day ending now. */
  defaultWindow(now: number): Window {
    return this.windowEndingNow(now, DAY);
  }

  /** The window of `span` ending now, as the routes read one asked without `from` or `to`. */
  windowEndingNow(now: number, span: number): Window {
    return parseWindow({}, now, readBounds(this.context).rollups(span));
  }

  /** Passes of the keeper ended, for whoever waits for one (tests). */
  get passes(): number {
    return this.ended;
  }

  /**
   * Notes that a caller of this scope opened the overview over `window` (as the routes parsed it),
   * so that `keep` holds it current if it ends now: the console's day of a tenant-bound caller, a
   * script's or a dashboard's 7 or 30 days. Its span counts to ten minutes (a caller's clock sets
   * its `from`; the overview reads the window's start to ten minutes anyway). A window that ended
   * before the present minute is a look back, read as asked; one under an hour reads minutes, cheap;
   * one over 31 days is read as asked too.
   */
  noteOpened(integrations: IntegrationFilter, window: Window): void {
    const now = this.context.clock();
    if (window.to < floorTo(now, MINUTE)) return;
    const span = Math.round((window.to - window.from) / TEN_MINUTES) * TEN_MINUTES;
    if (span < HOUR || span > KEPT_SPAN_MAX || (integrations === undefined && span === DAY)) return;
    const scope = scopeKey(integrations);
    const key = `${span}|${scope}`;
    this.asked.delete(key);
    this.asked.set(key, { integrations, scope, span, at: now });
    const ofScope = [...this.asked].filter(([, asked]) => asked.scope === scope);
    if (ofScope.length > KEPT_SPANS_PER_SCOPE) this.asked.delete(ofScope[0]![0]);
    for (const oldest of this.asked.keys()) {
      if (this.asked.size <= KEPT_WINDOWS) break;
      this.asked.delete(oldest);
    }
  }

  private kept(reading: Reading): { grouped: GroupedCache; adapters: AdapterCache } {
    const now = this.context.clock();
    this.groupedParts.expire(now);
    this.adapterStretches.expire(now);
    const renew = 'renewBefore' in reading ? { renewBefore: reading.renewBefore } : {};
    return { grouped: { cache: this.groupedParts, now, ...renew }, adapters: { cache: this.adapterStretches, now, ...renew } };
  }

  /** A request's read goes through the reads in flight; the keeper's reads for itself. */
  private shareable<T>(key: string, reading: Reading, read: () => Promise<T>): Promise<T> {
    return 'arrivedAt' in reading ? this.shared.read(key, reading.arrivedAt, read) : read();
  }

  /**
   * Each integration's totals. Keyed by what is read (a window through the present reads to the
   * end of the bucket that holds now, whatever its `to`), so requests a few milliseconds apart
   * share; each answers its own window.
   */
  async totals(ctx: QueryContext, window: Window, integrations: IntegrationFilter, reading: Reading): Promise<{ window: Window; totals: IntegrationTotals[] }> {
    const { window: used, segments } = plan(ctx, window, overviewPlan(ctx, window));
    const key = `totals|${used.from}|${segments.at(-1)?.to ?? used.to}|${scopeKey(integrations)}`;
    const { totals } = await this.shareable(key, reading, () => integrationTotals(ctx, used, integrations, this.kept(reading).grouped));
    return { window: used, totals };
  }

  /** A trend, keyed by its plan likewise: the overview's requests chart the same errors (stats, errors) and the same runs (sync activity, performance). */
  async trend<T extends Trend>(kind: 'errors' | 'runs', trend: T, ctx: QueryContext, window: Window, integrations: IntegrationFilter, step: number | undefined, reading: Reading): Promise<Awaited<ReturnType<T>>> {
    const steps = planSteps(ctx, window, step, { throughNow: true });
    const key = `${kind}|${steps.from}|${steps.segments.at(-1)?.to ?? steps.to}|${steps.buckets}|${steps.step}|${step ?? ''}|${scopeKey(integrations)}`;
    const answer = (await this.shareable(key, reading, () => trend(ctx, window, integrations, step, this.kept(reading).grouped))) as Awaited<ReturnType<T>>;
    return { ...answer, to: steps.to };
  }

  queueTrend(ctx: QueryContext, window: Window, integrations: IntegrationFilter, step: number | undefined, reading: Reading) {
    return queueTrend(ctx, window, integrations, step, this.kept(reading).grouped);
  }

  latency(ctx: QueryContext, window: Window, integrations: IntegrationFilter, reading: Reading) {
    return latencyByAdapter(ctx, window, integrations, ctx.catalogue, this.kept(reading).adapters);
  }

  /**
   * One pass of the keeper (every `everyMs`): for every integration's overview of the day ending
   * now, and each other window ending now opened in the last day, reads again what is kept from a read
   * that would expire before the next pass, and what is not kept at all (an hour settled since).
   * Each window's reads run one after the other in one of the instance's read slots, as a request's
   * would, but only in a slot free at once: when requests hold them all, it tries again a little
   * later, for up to half the interval (a fresh instance's first pass must not be lost to the
   * loads of its first seconds), then the pass ends there and the next one goes on. Answers how
   * many windows it kept.
   */
  async keep(everyMs: number): Promise<number> {
    const now = this.context.clock();
    for (const [key, scope] of this.asked) if (scope.at <= now - KEEP_ASKED_MS) this.asked.delete(key);
    const windows = [{ integrations: undefined as IntegrationFilter, span: DAY }, ...this.asked.values()];
    const kept = await readEachWhenFree(
      this.context,
      windows,
      async (ctx, { integrations, span }) => {
        const window = this.windowEndingNow(ctx.clock(), span);
        const reading: Reading = { renewBefore: ctx.clock() + everyMs + RENEW_MARGIN_MS - SEGMENT_CACHE_MS };
        await this.totals(ctx, window, integrations, reading);
        await this.trend('errors', errorTrend, ctx, window, integrations, undefined, reading);
        await this.trend('runs', runTrend, ctx, window, integrations, undefined, reading);
        await this.queueTrend(ctx, window, integrations, undefined, reading);
        await this.latency(ctx, window, integrations, reading);
      },
      performance.now() + everyMs / 2,
    ).finally(() => (this.ended += 1));
    return kept;
  }
}
