import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Registry, openMetricsContentType, prometheusContentType, type RegistryContentType } from 'prom-client';
import { ForbiddenError } from '../access/guard.js';
import type { Job } from '../common/jobs.js';
import type { NormalizedRecord } from '../store/record.js';
import type { Database } from '../store/schema.js';
import { acceptsGzip, gzipFast } from './gzip.js';
import { SwitchboardHealth, type IngestBatch } from './health.js';
import { IntegrationSignals, type IntegrationLabels } from './signals.js';

export { REQUEST_DURATION_BUCKETS, SYNC_LATENCY_BUCKETS } from './signals.js';
export type { IngestBatch, RejectionReason } from './health.js';

/** What the ingest routes tell the metrics after each committed batch. */
export interface IngestObserver {
  committed(records: readonly NormalizedRecord[], batch: IngestBatch): void;
}

export interface MetricsOptions {
  /** Where the store figures of Switchboard's health are read (on SQLite, the read workers' connection). */
  db: Kysely<Database>;
  /** How often the `metrics.store` job reads them (SWITCHBOARD_METRICS_STORE_EVERY_MS). */
  storeEveryMs: number;
  labelsOf: (integration: string) => IntegrationLabels;
  entitiesPerIntegration: number;
  /** Series the integration metrics may show in all (SWITCHBOARD_METRICS_MAX_SERIES). */
  maxSeries: number;
  isLeader: () => boolean;
  clock: () => number;
}

/** One registry per app, so that two apps in one process (tests, benches) do not share counters. */
export class Metrics implements IngestObserver {
  readonly registry = new Registry<RegistryContentType>();
  readonly signals: IntegrationSignals;
  readonly health: SwitchboardHealth;

  constructor(options: MetricsOptions) {
    const { labelsOf, entitiesPerIntegration, maxSeries } = options;
    this.signals = new IntegrationSignals({ registry: this.registry, labelsOf, entitiesPerIntegration, maxSeries });
    this.health = new SwitchboardHealth({ registry: this.registry, db: options.db, storeEveryMs: options.storeEveryMs, isLeader: options.isLeader, clock: options.clock });
  }

  /** The `metrics.store` job, on every instance: the store figures read off the scrape. */
  storeJob(): Job {
    return { name: 'metrics.store', everyMs: this.health.store.everyMs, run: () => this.health.store.refresh() };
  }

  committed(records: readonly NormalizedRecord[], batch: IngestBatch): void {
    this.signals.observe(records);
    this.health.ingested(batch);
  }
}

/** Whether the scraper asked for OpenMetrics, as Prometheus does first in its Accept header. */
function wantsOpenMetrics(accept: string | undefined): boolean {
  return accept !== undefined && /application\/openmetrics-text/i.test(accept);
}

/**
 * The integration families, rendered from their own compact state, then the registry's
 * (Switchboard's health, the process). One exposition at a time: prom-client keeps the format on the registry and, for OpenMetrics,
 * renames each counter for good (drops `_total`), so two overlapping scrapes in different formats
 * would mix formats, and a Prometheus-format scrape after an OpenMetrics one would lose `_total`.
 */
export class Exposition {
  private last: Promise<unknown> = Promise.resolve();
  private readonly registry: Registry<RegistryContentType>;
  private readonly signals: IntegrationSignals;
  private readonly names: Array<{ metric: { name: string }; name: string }>;

  constructor(metrics: Metrics) {
    ({ registry: this.registry, signals: this.signals } = metrics);
    this.names = (this.registry.getMetricsAsArray() as unknown as Array<{ name: string }>).map((metric) => ({ metric, name: metric.name }));
  }

  /**
   * The exposition, plain or gzipped. Gzipped, it is gzip members one after another: the
   * integration families' kept per block of integrations (only the changed ones gzipped again),
   * then the registry's, gzipped each scrape (a few KiB: Switchboard's health and the process).
   */
  render(openMetrics: boolean, gzipped = false): Promise<{ contentType: string; body: Buffer }> {
    const next = this.last.then(async () => {
      this.registry.setContentType(openMetrics ? openMetricsContentType : prometheusContentType);
      try {
        const integrations = gzipped ? await this.signals.renderGzipped(openMetrics) : await this.signals.render(openMetrics);
        const own = Buffer.from(await this.registry.metrics());
        integrations.push(gzipped ? await gzipFast(own) : own);
        return { contentType: this.registry.contentType, body: Buffer.concat(integrations) };
      } finally {
        for (const { metric, name } of this.names) metric.name = name;
        this.registry.setContentType(prometheusContentType);
      }
    });
    this.last = next.catch(() => undefined);
    return next;
  }
}

export function metricsRoutes(metrics: Metrics, open: boolean) {
  return async (app: FastifyInstance): Promise<void> => {
    const exposition = new Exposition(metrics);
    app.get('/metrics', { config: { permission: open ? 'public' : 'read' } }, async (request, reply) => {
      // The exposition holds every tenant's integrations; cutting it per tenant would make a scrape
      // per tenant, so a caller bound to tenants is refused rather than shown the others'.
      if (request.principal && request.principal.tenants !== null) {
        throw new ForbiddenError('GET /metrics shows every tenant\'s integrations; scrape it with a token not bound to tenants');
      }
      const gzipped = acceptsGzip(request.headers['accept-encoding']);
      const { contentType, body } = await exposition.render(wantsOpenMetrics(request.headers.accept), gzipped);
      reply.header('content-type', contentType).header('vary', 'accept, accept-encoding');
      return gzipped ? reply.header('content-encoding', 'gzip').send(body) : reply.send(body);
    });
  };
}
