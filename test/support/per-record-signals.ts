/**
 * The integration signals the per-record way, as /metrics first counted them: every record
 * incremented labelled prom-client metrics. Kept as the reference that the aggregated counters of
 * src/metrics/signals.ts are checked against (test/metrics-exact.test.ts) and the baseline the
 * metrics bench measures them against, with the same names, labels and buckets.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { NormalizedRecord } from '../../src/store/record.js';
import { DLQ_DEPTH_GAUGE, MESSAGE_FAILED_EVENT, MESSAGE_PROCESSED_EVENT, OTHER_ENTITY, QUEUE_DEPTH_GAUGE, REQUEST_DURATION_BUCKETS, SYNC_LATENCY_BUCKETS, type IntegrationLabels } from '../../src/metrics/signals.js';

const INTEGRATION = ['tenant_id', 'integration_id', 'adapter_type'] as const;
const WITH_ENTITY = [...INTEGRATION, 'entity'] as const;
const WITH_STATUS = [...WITH_ENTITY, 'status'] as const;
const WITH_QUEUE = [...INTEGRATION, 'queue'] as const;

export class PerRecordSignals {
  readonly registry = new Registry();
  private readonly requests: Counter<(typeof WITH_STATUS)[number]>;
  private readonly duration: Histogram<(typeof INTEGRATION)[number]>;
  private readonly rateLimits: Counter<(typeof WITH_ENTITY)[number]>;
  private readonly connectionFailures: Counter<(typeof WITH_ENTITY)[number]>;
  private readonly jobs: Counter<(typeof WITH_STATUS)[number]>;
  private readonly jobsFailed: Counter<(typeof WITH_STATUS)[number]>;
  private readonly jobsProcessed: Counter<(typeof WITH_ENTITY)[number]>;
  private readonly jobsByIntegration: Counter<(typeof INTEGRATION)[number]>;
  private readonly messagesProcessed: Counter<(typeof WITH_QUEUE)[number]>;
  private readonly messagesFailed: Counter<(typeof WITH_QUEUE)[number]>;
  private readonly created: Counter<(typeof WITH_ENTITY)[number]>;
  private readonly updated: Counter<(typeof WITH_ENTITY)[number]>;
  private readonly syncLatency: Histogram<(typeof WITH_ENTITY)[number]>;
  private readonly queueDepth: Gauge<(typeof INTEGRATION)[number]>;
  private readonly dlqDepth: Gauge<(typeof INTEGRATION)[number]>;
  private readonly entities = new Map<string, Set<string>>();
  private readonly gaugeTs = new Map<string, number>();

  constructor(
    private readonly labelsOf: (integration: string) => IntegrationLabels,
    private readonly entitiesPerIntegration: number,
  ) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'adapter_requests_total', help: 'h', labelNames: WITH_STATUS, registers });
    this.duration = new Histogram({ name: 'adapter_request_duration_seconds', help: 'h', labelNames: INTEGRATION, buckets: REQUEST_DURATION_BUCKETS, registers });
    this.rateLimits = new Counter({ name: 'adapter_rate_limit_hits_total', help: 'h', labelNames: WITH_ENTITY, registers });
    this.connectionFailures = new Counter({ name: 'adapter_connection_failures_total', help: 'h', labelNames: WITH_ENTITY, registers });
    this.jobs = new Counter({ name: 'sync_jobs_total', help: 'h', labelNames: WITH_STATUS, registers });
    this.jobsFailed = new Counter({ name: 'sync_jobs_failed_total', help: 'h', labelNames: WITH_STATUS, registers });
    this.jobsProcessed = new Counter({ name: 'sync_jobs_processed_total', help: 'h', labelNames: WITH_ENTITY, registers });
    this.jobsByIntegration = new Counter({ name: 'sync_jobs_by_integration_total', help: 'h', labelNames: INTEGRATION, registers });
    this.messagesProcessed = new Counter({ name: 'service_bus_messages_processed_total', help: 'h', labelNames: WITH_QUEUE, registers });
    this.messagesFailed = new Counter({ name: 'service_bus_messages_failed_total', help: 'h', labelNames: WITH_QUEUE, registers });
    this.created = new Counter({ name: 'sync_records_created_total', help: 'h', labelNames: WITH_ENTITY, registers });
    this.updated = new Counter({ name: 'sync_records_updated_total', help: 'h', labelNames: WITH_ENTITY, registers });
    this.syncLatency = new Histogram({ name: 'sync_latency_ms', help: 'h', labelNames: WITH_ENTITY, buckets: SYNC_LATENCY_BUCKETS, registers });
    this.queueDepth = new Gauge({ name: 'service_bus_queue_depth', help: 'h', labelNames: INTEGRATION, registers });
    this.dlqDepth = new Gauge({ name: 'service_bus_dlq_depth', help: 'h', labelNames: INTEGRATION, registers });
  }

  observe(records: readonly NormalizedRecord[]): void {
    for (const record of records) {
      const base = { ...this.labelsOf(record.integration), integration_id: record.integration };
      if (record.kind === 'call') {
        const entity = { ...base, entity: this.entity(`call\u0000${record.integration}`, record.operation ?? '') };
        this.requests.inc({ ...entity, status: record.outcome ?? 'unknown' });
        if (record.latency_ms !== null) this.duration.observe(base, record.latency_ms / 1000);
        if (record.outcome === 'rate_limited') this.rateLimits.inc(entity);
        if (record.outcome === 'timeout' || record.outcome === 'network_error') this.connectionFailures.inc(entity);
      } else if (record.kind === 'run') {
        const entity = { ...base, entity: this.entity(`run\u0000${record.integration}`, record.job ?? '') };
        const status = record.run_status ?? 'unknown';
        this.jobs.inc({ ...entity, status });
        if (status === 'failed') this.jobsFailed.inc({ ...entity, status });
        this.jobsProcessed.inc(entity);
        this.jobsByIntegration.inc(base);
        const counts = record.counts ? (JSON.parse(record.counts) as Record<string, number>) : {};
        if (typeof counts.created === 'number') this.created.inc(entity, counts.created);
        if (typeof counts.updated === 'number') this.updated.inc(entity, counts.updated);
        if (record.duration_ms !== null) this.syncLatency.observe(entity, record.duration_ms);
      } else if (record.kind === 'event' && (record.name === MESSAGE_PROCESSED_EVENT || record.name === MESSAGE_FAILED_EVENT)) {
        const attrs = record.attrs ? (JSON.parse(record.attrs) as Record<string, unknown>) : {};
        const queue = this.entity(`queue\u0000${record.integration}`, typeof attrs.queue === 'string' ? attrs.queue : '');
        const count = typeof attrs.count === 'number' && Number.isSafeInteger(attrs.count) && attrs.count >= 0 ? attrs.count : 1;
        (record.name === MESSAGE_PROCESSED_EVENT ? this.messagesProcessed : this.messagesFailed).inc({ ...base, queue }, count);
      } else if (record.kind === 'gauge' && record.value !== null) {
        const gauge = record.name === QUEUE_DEPTH_GAUGE ? this.queueDepth : record.name === DLQ_DEPTH_GAUGE ? this.dlqDepth : undefined;
        if (!gauge) continue;
        const key = `${record.name}\u0000${record.integration}`;
        if ((this.gaugeTs.get(key) ?? -Infinity) > record.ts) continue;
        this.gaugeTs.set(key, record.ts);
        gauge.set(base, record.value);
      }
    }
  }

  private entity(key: string, value: string): string {
    let seen = this.entities.get(key);
    if (!seen) this.entities.set(key, (seen = new Set()));
    if (seen.has(value)) return value;
    if (seen.size >= this.entitiesPerIntegration) return OTHER_ENTITY;
    seen.add(value);
    return value;
  }
}
