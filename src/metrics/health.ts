import { Counter, Gauge, Histogram, collectDefaultMetrics, type Registry, type RegistryContentType } from 'prom-client';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { StoreFiguresCache } from './store-figures.js';

/** Why a record was refused, in few enough values to be a label (the answer to the client has the full text). */
export const REJECTION_REASONS = ['invalid', 'over_limit'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface IngestBatch {
  /** Which route took it: the JSON/NDJSON route, OTLP traces, or the records derived from log lines (both log routes). */
  route: 'ingest' | 'otlp' | 'logs';
  accepted: number;
  rejected: Partial<Record<RejectionReason, number>>;
  seconds: number;
}

export interface HealthOptions {
  registry: Registry<RegistryContentType>;
  /** Where the store figures are read: on SQLite the read workers' connection, off the event loop. */
  db: Kysely<Database>;
  /** How often the `metrics.store` job reads them. */
  storeEveryMs: number;
  isLeader: () => boolean;
  clock: () => number;
}

/**
 * Switchboard's own health. Counters and the latency histograms are fed as things happen; alert
 * states, notifications, the outbox and the compactor backlog are shared by every instance on the
 * store and only the store knows them: the `metrics.store` job reads them every cycle and a scrape
 * shows the last reading (store-figures.ts).
 */
export class SwitchboardHealth {
  readonly store: StoreFiguresCache;
  private readonly accepted: Counter<'route'>;
  private readonly rejected: Counter<'route' | 'reason'>;
  private readonly ingestSeconds: Histogram<'route'>;
  private readonly evaluationSeconds: Histogram<never>;
  private readonly probes: Counter<'integration_id' | 'check' | 'status'>;

  constructor(options: HealthOptions) {
    const registers = [options.registry];
    const store = (this.store = new StoreFiguresCache({ db: options.db, clock: options.clock, everyMs: options.storeEveryMs }));
    collectDefaultMetrics({ register: options.registry, prefix: 'switchboard_' });
    this.accepted = new Counter({ name: 'switchboard_records_accepted_total', help: 'Records committed by this instance', labelNames: ['route'], registers });
    this.rejected = new Counter({
      name: 'switchboard_records_rejected_total',
      help: 'Records refused by this instance: invalid (schema, value, tenant) or over_limit (cardinality limits)',
      labelNames: ['route', 'reason'],
      registers,
    });
    this.ingestSeconds = new Histogram({
      name: 'switchboard_ingest_request_duration_seconds',
      help: 'Time from a parsed ingest body to its committed answer',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    // Zero from the start, so that rate() and absence-based alerts see the series before the first rejection.
    for (const route of ['ingest', 'otlp', 'logs'] as const) {
      this.accepted.inc({ route }, 0);
      this.ingestSeconds.zero({ route });
      for (const reason of REJECTION_REASONS) this.rejected.inc({ route, reason }, 0);
    }
    this.evaluationSeconds = new Histogram({
      name: 'switchboard_alert_evaluation_duration_seconds',
      help: 'One alert evaluation cycle on this instance (only the leader evaluates)',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.probes = new Counter({
      name: 'switchboard_probe_results_total',
      help: 'Results of the synthetic checks this instance ran (integrations and check names come from the catalogue, so they are bounded)',
      labelNames: ['integration_id', 'check', 'status'],
      registers,
    });
    new Gauge({
      name: 'switchboard_leader',
      help: '1 when this instance runs the once-per-store jobs (alert evaluation, retention)',
      registers,
      collect() {
        this.set(options.isLeader() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'switchboard_alerts',
      help: 'Alerts in the store by state',
      labelNames: ['state'],
      registers,
      async collect() {
        const { alertsByState } = await store.current();
        this.reset();
        for (const state of ['pending', 'firing', 'resolved', 'inactive']) this.set({ state }, 0);
        for (const [state, n] of alertsByState) this.set({ state }, n);
      },
    });
    // Notifications are rows of the outbox whatever their fate, so their counts by status are
    // exact across instances and restarts, unlike in-memory counters.
    new Gauge({
      name: 'switchboard_notifications',
      help: 'Notifications in the store by status: pending and sending are the outbox, delivered were sent, dead were given up on',
      labelNames: ['status'],
      registers,
      async collect() {
        const { notificationsByStatus } = await store.current();
        this.reset();
        for (const status of ['pending', 'sending', 'delivered', 'dead']) this.set({ status }, 0);
        for (const [status, n] of notificationsByStatus) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'switchboard_notifications_failed_attempts',
      help: 'Notifications whose last attempt failed (pending a retry, or dead)',
      registers,
      async collect() {
        this.set((await store.current()).failedAttempts);
      },
    });
    new Gauge({
      name: 'switchboard_outbox_oldest_seconds',
      help: 'Age of the oldest notification not yet delivered (0 when none waits)',
      registers,
      async collect() {
        const { oldestWaitingAt } = await store.current();
        this.set(oldestWaitingAt === undefined ? 0 : Math.max(0, (options.clock() - oldestWaitingAt) / 1000));
      },
    });
    new Gauge({
      name: 'switchboard_compactor_backlog_rows',
      help: 'Call rollup rows written by ingest and not yet merged by the compactor',
      registers,
      async collect() {
        this.set((await store.current()).compactorBacklog);
      },
    });
  }

  ingested(batch: IngestBatch): void {
    this.accepted.inc({ route: batch.route }, batch.accepted);
    for (const [reason, n] of Object.entries(batch.rejected)) if (n) this.rejected.inc({ route: batch.route, reason }, n);
    this.ingestSeconds.observe({ route: batch.route }, batch.seconds);
  }

  probed(integration: string, check: string, status: string): void {
    this.probes.inc({ integration_id: integration, check, status });
  }

  /** Wraps the alert evaluation so that each cycle's duration is observed, failed or not. */
  timedEvaluation<T>(run: () => Promise<T>): () => Promise<T> {
    return async () => {
      const end = this.evaluationSeconds.startTimer();
      try {
        return await run();
      } finally {
        end();
      }
    };
  }
}
