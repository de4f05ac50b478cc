import { sql, type Kysely, type Transaction } from 'kysely';
import type { CardinalityLimits } from '../config.js';
import { chunksOf, rowsPerStatement } from '../store/chunks.js';
import type { Database } from '../store/schema.js';
import type { NormalizedRecord } from '../store/record.js';

/**
 * Cardinality limits: how many distinct integrations the store takes, and per integration how many
 * distinct operations (of calls), event names and values of each label (env, site, release). Each
 * distinct value is a series every rollup, board and alert evaluation carries from then on, so one
 * client that puts order ids into operation names, or sends 100,000 made-up integration ids, would
 * otherwise make every read and every health cycle slower for good.
 *
 * What goes past a limit is rejected per record with the reason (never folded away silently),
 * counted per reason and integration, and logged once per integration and reason. The known values
 * are held in memory, so a batch is checked without a query; they are loaded from the store at the
 * first batch and refreshed from it every 30 seconds, so several instances on one PostgreSQL
 * converge on one set (between refreshes each may admit up to a limit's worth on its own). A value
 * no batch has carried for the raw retention expires and frees its place; integrations do not expire.
 */
export type SeriesDimension = 'operation' | 'event' | 'env' | 'site' | 'release' | 'log_operation';
export type LimitReason = 'integrations' | SeriesDimension;

/** A series value to write to ingest_series with the batch that carried it. */
export interface SeriesRow {
  integration: string;
  dimension: SeriesDimension;
  value: string;
  first_seen: number;
  last_seen: number;
}

export interface LimitLogger {
  warn: (details: Record<string, unknown>, message: string) => void;
}

export interface CardinalityOptions {
  db: Kysely<Database>;
  limits: CardinalityLimits;
  /** Catalogued integrations are always accepted (they still count). */
  isCatalogued?: (integration: string) => boolean;
  clock?: () => number;
  /** A value unseen this long expires: the raw retention. */
  expireMs: number;
  log?: LimitLogger;
  /** How often the known values are read again from the store. */
  refreshMs?: number;
}

/** The known values of one integration, each value with when its last_seen was last written (or loaded). */
type KnownValues = Record<SeriesDimension, Map<string, number>>;

interface RejectionCount {
  reason: LimitReason;
  /** null for the integrations limit: the refused ids are many and new, so they share one count. */
  integration: string | null;
  rejected: number;
  first_at: number;
  last_at: number;
  /** The last value refused (an id, an operation, a label value), shortened. */
  example: string;
}

export interface LimitsReport {
  limits: { integrations: number; operations_per_integration: number; label_values_per_integration: number };
  usage: {
    integrations: number;
    /** The integrations nearest a limit, nearest first. */
    busiest: Array<{ integration: string; operation: number; event: number; env: number; site: number; release: number; log_operation: number }>;
  };
  rejections: RejectionCount[];
  /** Counts are kept in memory since this instance started. */
  since: number;
}

const DIMENSIONS: readonly SeriesDimension[] = ['operation', 'event', 'env', 'site', 'release', 'log_operation'];
const NOUN: Record<SeriesDimension, string> = { operation: 'operations', event: 'event names', env: 'env values', site: 'site values', release: 'release values', log_operation: 'log operations' };
/** A known value's last_seen is written again at most this often. */
const TOUCH_MS = 3_600_000;
/** Incremental refreshes look back this far past the last one (instances' clocks differ a little). */
const OVERLAP_MS = 5 * 60_000;
/** Every this many refreshes, everything is read again: expired and never-committed values go. */
const FULL_EVERY = 20;
const BUSIEST = 20;

const short = (value: string) => (value.length > 64 ? `${value.slice(0, 64)}…` : value);

export class CardinalityGuard {
  private integrations = new Set<string>();
  /** integration → dimension → value → when its last_seen was last written (or loaded). */
  private series = new Map<string, KnownValues>();
  private loadedAt: number | undefined;
  private watermark = 0;
  private refreshes = 0;
  private loading: Promise<void> | undefined;
  private readonly counts = new Map<string, RejectionCount>();
  private readonly since: number;
  private readonly clock: () => number;

  constructor(private readonly options: CardinalityOptions) {
    this.clock = options.clock ?? Date.now;
    this.since = this.clock();
  }

  get limits(): CardinalityLimits {
    return this.options.limits;
  }

  /** The known values, loaded (first call) or refreshed when due. */
  async ready(): Promise<void> {
    const now = this.clock();
    if (this.loadedAt !== undefined && now - this.loadedAt < (this.options.refreshMs ?? 30_000) && now >= this.loadedAt) return;
    await this.refresh();
  }

  /** Reads the known values from the store: everything (the first time, or `full`), else what changed. */
  refresh(full = false): Promise<void> {
    this.loading ??= this.load(full || this.loadedAt === undefined || ++this.refreshes % FULL_EVERY === 0).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(full: boolean): Promise<void> {
    const { db } = this.options;
    const now = this.clock();
    const since = full ? now - this.options.expireMs : Math.max(now - this.options.expireMs, this.watermark - OVERLAP_MS);
    // An integration silent for longer than raw records are kept no longer counts against the
    // limit (its history stays): the limit is on the integrations sending now, not ever.
    const [integrations, expired, rows] = await Promise.all([
      db.selectFrom('integrations_seen').select('id').where('last_seen', '>=', now - this.options.expireMs).execute(),
      full ? db.selectFrom('integrations_seen').select('id').where('last_seen', '<', now - this.options.expireMs).execute() : Promise.resolve([]),
      db.selectFrom('ingest_series').select(['integration', 'dimension', 'value', 'last_seen']).where('last_seen', '>=', since).execute(),
    ]);
    if (full) this.series = new Map();
    // Ids admitted here but not committed yet stay: they are in a transaction under way.
    for (const { id } of integrations) this.integrations.add(id);
    for (const { id } of expired) this.integrations.delete(id);
    let newest = this.watermark;
    for (const row of rows) {
      const lastSeen = Number(row.last_seen);
      const known = this.valuesOf(row.integration, row.dimension as SeriesDimension);
      known.set(row.value, Math.max(known.get(row.value) ?? 0, lastSeen));
      if (lastSeen > newest) newest = lastSeen;
    }
    this.watermark = Math.max(newest, now);
    this.loadedAt = now;
  }

  private knownOf(integration: string): KnownValues {
    let known = this.series.get(integration);
    if (!known) this.series.set(integration, (known = { operation: new Map(), event: new Map(), env: new Map(), site: new Map(), release: new Map(), log_operation: new Map() }));
    return known;
  }

  private valuesOf(integration: string, dimension: SeriesDimension): Map<string, number> {
    return this.knownOf(integration)[dimension];
  }

  /**
   * Judges a batch in order: a record within every limit is kept (its new values count from then
   * on, so later records of the batch see them), one past a limit gets its reason. Returns the
   * reason of each refused record by position, and the series rows to write with the batch.
   */
  admit(records: readonly NormalizedRecord[], now = this.clock()): { errors: Array<string | undefined>; series: SeriesRow[] } {
    const { limits } = this.options;
    const errors: Array<string | undefined> = new Array<string | undefined>(records.length).fill(undefined);
    const series: SeriesRow[] = [];
    const pending: Array<[Map<string, number>, string, SeriesDimension]> = [];
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const id = record.integration;
      if (!this.integrations.has(id)) {
        if (limits.integrations > 0 && this.integrations.size >= limits.integrations && !this.options.isCatalogued?.(id)) {
          errors[i] = this.refuse('integrations', null, id, `integration "${short(id)}" would be a new integration past the limit of ${limits.integrations} distinct integrations (SWITCHBOARD_LIMIT_INTEGRATIONS); the integrations already seen, and catalogued ones, are still accepted`, now);
          continue;
        }
        this.integrations.add(id);
      }
      pending.length = 0;
      let refused: string | undefined;
      const values = this.knownOf(id);
      for (const dimension of DIMENSIONS) {
        const value = valueOf(record, dimension);
        if (value === null) continue;
        const known = values[dimension];
        const touched = known.get(value);
        if (touched !== undefined) {
          if (now - touched >= TOUCH_MS) pending.push([known, value, dimension]);
          continue;
        }
        const named = dimension === 'operation' || dimension === 'event' || dimension === 'log_operation';
        const limit = named ? limits.operationsPerIntegration : limits.labelValuesPerIntegration;
        if (limit > 0 && known.size >= limit) {
          const variable = named ? 'SWITCHBOARD_LIMIT_OPERATIONS' : 'SWITCHBOARD_LIMIT_LABEL_VALUES';
          const advice = dimension === 'operation' ? ': keep ids out of operation names (put them in order_id, shipment_id or attrs)' : '';
          refused = this.refuse(
            dimension,
            id,
            value,
            `${dimension === 'event' ? 'event name' : dimension} "${short(value)}" would be past the limit of ${limit} distinct ${NOUN[dimension]} of integration "${id}" (${variable})${advice}`,
            now,
          );
          break;
        }
        pending.push([known, value, dimension]);
      }
      if (refused !== undefined) {
        errors[i] = refused;
        continue;
      }
      for (const [known, value, dimension] of pending) {
        known.set(value, now);
        series.push({ integration: id, dimension, value, first_seen: now, last_seen: now });
      }
    }
    return { errors, series };
  }

  private refuse(reason: LimitReason, integration: string | null, value: string, message: string, now: number): string {
    const key = `${reason}\u0000${integration ?? ''}`;
    let count = this.counts.get(key);
    if (!count) {
      count = { reason, integration, rejected: 0, first_at: now, last_at: now, example: '' };
      this.counts.set(key, count);
      // Once per integration and reason, not per record: a flood of them must not flood the log.
      this.options.log?.warn({ operation: 'ingest.limits', reason, integration: integration ?? value }, `ingest limit reached: ${message}`);
    }
    count.rejected += 1;
    count.last_at = now;
    count.example = short(value);
    return message;
  }

  /** Limits, what is used of them and what they refused, for GET /api/v1/ingest/limits. */
  report(visible: (integration: string) => boolean = () => true): LimitsReport {
    const { limits } = this.options;
    const share = (used: number, limit: number) => (limit > 0 ? used / limit : 0);
    const busiest = [...this.series]
      .filter(([integration]) => visible(integration))
      .map(([integration, known]) => {
        const used = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, known[dimension].size])) as Record<SeriesDimension, number>;
        const nearest = Math.max(
          share(used.operation, limits.operationsPerIntegration),
          share(used.event, limits.operationsPerIntegration),
          share(used.log_operation, limits.operationsPerIntegration),
          share(Math.max(used.env, used.site, used.release), limits.labelValuesPerIntegration),
        );
        return { integration, ...used, nearest };
      })
      .sort((a, b) => b.nearest - a.nearest || a.integration.localeCompare(b.integration))
      .slice(0, BUSIEST)
      .map(({ nearest: _nearest, ...usage }) => usage);
    return {
      limits: {
        integrations: limits.integrations,
        operations_per_integration: limits.operationsPerIntegration,
        label_values_per_integration: limits.labelValuesPerIntegration,
      },
      usage: { integrations: this.integrations.size, busiest },
      rejections: [...this.counts.values()]
        .filter((count) => count.integration === null || visible(count.integration))
        .map((count) => ({ ...count }))
        .sort((a, b) => b.rejected - a.rejected),
      since: this.since,
    };
  }
}

function valueOf(record: NormalizedRecord, dimension: SeriesDimension): string | null {
  switch (dimension) {
    case 'operation':
      return record.kind === 'call' ? record.operation : null;
    case 'event':
      return record.kind === 'event' ? record.name : null;
    case 'env':
      return record.env;
    case 'site':
      return record.site;
    case 'release':
      return record.release;
    case 'log_operation':
      // Log lines are judged as records of their own kind (src/logs/limits.ts).
      return (record.kind as string) === 'log' ? record.operation : null;
  }
}

/** Writes the series values a batch carried for the first time, or for the first time in an hour. */
export async function noteSeries(tx: Transaction<Database>, rows: readonly SeriesRow[]): Promise<void> {
  if (rows.length === 0) return;
  // One row per key: a statement may not touch a row twice (PostgreSQL's ON CONFLICT).
  const unique = new Map<string, SeriesRow>();
  for (const row of rows) unique.set(`${row.integration}\u0000${row.dimension}\u0000${row.value}`, row);
  for (const chunk of chunksOf([...unique.values()], rowsPerStatement(5))) {
    await tx
      .insertInto('ingest_series')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.columns(['integration', 'dimension', 'value']).doUpdateSet({
          last_seen: sql`case when excluded.last_seen > ingest_series.last_seen then excluded.last_seen else ingest_series.last_seen end`,
        }),
      )
      .execute();
  }
}
