import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import { chunksOf, rowsPerStatement } from '../store/chunks.js';
import type { Database } from '../store/schema.js';
import { evaluateHealth, type AlertState, type CheckState, type HealthStatus } from './evaluate.js';
import { freshnessStates, noSignals, recentSignals } from './inputs.js';

export interface IntegrationHealth {
  id: string;
  status: HealthStatus;
  reasons: string[];
  /** When it entered this status (as far as the history knows). */
  since: number | null;
  catalogued: boolean;
}

export interface HealthMonitorOptions {
  db: Kysely<Database>;
  /** Where the recent signals are read, when not `db` (SQLite's read workers). */
  readDb?: Kysely<Database>;
  catalogue: Catalogue;
  clock: () => number;
  /** Latest state of each integration's active checks and heartbeats. */
  checkStates?: () => Promise<Map<string, CheckState[]>>;
  /** Firing alerts of each integration. */
  firingAlerts?: () => Promise<Map<string, AlertState[]>>;
  /**
   * Whether this instance writes the history of changes (the leader does; the others judge for
   * their readers and take the recorded history from the store). Default: always.
   */
  recordsChanges?: () => boolean;
  /** Told which integrations changed status (drives the console's live view). */
  onChange?: (integrations: Set<string>) => void;
  /** Told when a refresh started ahead of readers failed (nobody waited on it to hear); must not throw. */
  onRefreshAheadFailed?: (error: unknown) => void;
}

/**
 * Judges every integration (catalogued, or seen in the data) and records each change of status
 * with its reason. Readers get a snapshot at most `maxAgeMs` old; the background job refreshes it
 * on its own interval so changes are recorded even when nobody is looking.
 *
 * A reader that finds the snapshot past half its age starts the next refresh and is answered from
 * the snapshot at once: the leader's job runs every 15 s against a 10 s age, and other instances
 * have no job, so without this a third of the leader's reads and most of the others' waited for a
 * whole evaluation (12 ms at 1,000 integrations) on top of their own work. The price: while
 * readers come, an instance evaluates every 5 s or so instead of every 10–15. A refresh ahead that
 * failed is not tried ahead again for half an age (readers past the age still wait for one, and
 * see its error), so a store that is down is not asked again by every reader.
 */
export class HealthMonitor {
  private snapshot: { at: number; health: Map<string, IntegrationHealth> } | undefined;
  private refreshing: Promise<Map<string, IntegrationHealth>> | undefined;
  private known: Map<string, { status: HealthStatus; since: number }> | undefined;
  private aheadFailedAt: number | undefined;

  constructor(private readonly options: HealthMonitorOptions) {}

  async current(maxAgeMs = 10_000): Promise<Map<string, IntegrationHealth>> {
    const now = this.options.clock();
    const snapshot = this.snapshot;
    if (!snapshot || now - snapshot.at > maxAgeMs || now < snapshot.at) return this.refresh();
    const half = maxAgeMs / 2;
    const pausedAfterFailure = this.aheadFailedAt !== undefined && now >= this.aheadFailedAt && now - this.aheadFailedAt <= half;
    if (now - snapshot.at > half && !this.refreshing && !pausedAfterFailure) {
      this.refresh().catch((error: unknown) => {
        this.aheadFailedAt = this.options.clock();
        this.options.onRefreshAheadFailed?.(error);
      });
    }
    return snapshot.health;
  }

  refresh(): Promise<Map<string, IntegrationHealth>> {
    this.refreshing ??= this.evaluateAll().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Waits for an evaluation under way (the server closes the store only after it). */
  async settle(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
  }

  private async lastRecorded(): Promise<Map<string, { status: HealthStatus; since: number }>> {
    if (this.known) return this.known;
    const { db } = this.options;
    const latest = db
      .selectFrom('health_changes')
      .select(['integration', (eb) => eb.fn.max('id').as('id')])
      .groupBy('integration');
    const rows = await db
      .selectFrom('health_changes')
      .innerJoin(latest.as('latest'), 'latest.id', 'health_changes.id')
      .select(['health_changes.integration', 'health_changes.status', 'health_changes.ts'])
      .execute();
    this.known = new Map(rows.map((row) => [row.integration, { status: row.status as HealthStatus, since: row.ts }]));
    return this.known;
  }

  private async evaluateAll(): Promise<Map<string, IntegrationHealth>> {
    const { db, catalogue, clock } = this.options;
    const now = clock();
    const [signals, checks, alerts, known, seen] = await Promise.all([
      recentSignals(this.options.readDb ?? db, now, (id) => catalogue.get(id)),
      this.options.checkStates?.() ?? Promise.resolve(new Map<string, CheckState[]>()),
      this.options.firingAlerts?.() ?? Promise.resolve(new Map<string, AlertState[]>()),
      this.lastRecorded(),
      db.selectFrom('integrations_seen').select('id').execute(),
    ]);
    const ids = new Set([...catalogue.all().map((entry) => entry.id), ...seen.map((row) => row.id)]);
    const health = new Map<string, IntegrationHealth>();
    const changes: Array<{ integration: string; ts: number; status: string; previous_status: string | null; reason: string }> = [];
    for (const id of [...ids].sort()) {
      const entry = catalogue.get(id);
      const { status, reasons } = evaluateHealth({
        now,
        entry,
        signals: signals.get(id) ?? noSignals(),
        checks: checks.get(id) ?? [],
        alerts: alerts.get(id) ?? [],
        freshness: entry ? await freshnessStates(db, entry, now) : [],
      });
      const previous = known.get(id);
      if (previous?.status !== status) {
        changes.push({ integration: id, ts: now, status, previous_status: previous?.status ?? null, reason: reasons[0] ?? '' });
        known.set(id, { status, since: now });
      }
      health.set(id, { id, status, reasons, since: known.get(id)?.since ?? null, catalogued: entry !== undefined });
    }
    if (changes.length > 0) {
      // In pieces: one statement for 10,000 new integrations would pass SQLite's parameter limit.
      if (this.options.recordsChanges?.() ?? true) {
        for (const chunk of chunksOf(changes, rowsPerStatement(5))) await db.insertInto('health_changes').values(chunk).execute();
      }
      // Not the recorder: read the recorded history afresh next time instead of trusting our own.
      else this.known = undefined;
      this.options.onChange?.(new Set(changes.map((change) => change.integration)));
    }
    this.snapshot = { at: now, health };
    return health;
  }

  /** Its changes of status, newest first; `before`: only those older than the change with this id. */
  async history(integration: string, limit = 100, before?: number) {
    let query = this.options.db
      .selectFrom('health_changes')
      .select(['id', 'ts', 'status', 'previous_status', 'reason'])
      .where('integration', '=', integration);
    if (before !== undefined) query = query.where('id', '<', before);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }
}
