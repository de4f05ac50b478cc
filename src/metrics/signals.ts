import { setImmediate } from 'node:timers/promises';
import { Counter, Gauge, type Registry, type RegistryContentType } from 'prom-client';
import type { NormalizedRecord } from '../store/record.js';
import { BlockText, Scratch } from './block-text.js';
import { gzipFast } from './gzip.js';
import { Buckets, HistogramState } from './histogram-state.js';
import { escapeLabelValue, familyEnd, familyHeader, labelText, sampleValue, type Family } from './text-format.js';

/**
 * The integrations' signals under the names and labels of the integration-monitoring requirements
 * (docs/prometheus.md), derived from the records this instance commits. Counters start at zero
 * when the process starts, as Prometheus expects of counters; several instances behind one store
 * each count what they ingested, so a dashboard sums over instances.
 *
 * They are kept here as plain numbers per integration and entity, not as prom-client metrics: a
 * record costs a few map lookups and additions instead of two to four labelled increments (each a
 * labels object spread and hashed), and a scrape writes label text cached per series instead of
 * formatting a labels object per sample (docs/benchmarks.md, "Prometheus exposition").
 *
 * Each integration's lines of each family are kept rendered, as UTF-8 in its block's buffer
 * (block-text.ts), and it renders again only the families of the kinds of record (calls, runs,
 * gauges, message events) it counted since the last scrape: a scrape writes what changed and
 * copies the rest.
 */

/** Adapter call latency, seconds: the simulator's and our partners' calls run from a few ms to a 30 s timeout, most within 0.05–2.5 s. */
export const REQUEST_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
/** Sync run duration, milliseconds: 10 s to 30 min, with 5 minutes (the slow-sync alert) on a boundary. */
export const SYNC_LATENCY_BUCKETS = [10_000, 60_000, 120_000, 300_000, 600_000, 1_800_000];

/** The gauge names (wire contract `gauge` records) that feed the service-bus gauges. */
export const QUEUE_DEPTH_GAUGE = 'queue.depth';
export const DLQ_DEPTH_GAUGE = 'dlq.depth';

/**
 * The event names (wire contract `event` records) that feed the service-bus message counters: each
 * counts one message, or `attrs.count` messages when that is an integer ≥ 0, under the queue
 * `attrs.queue` names.
 */
export const MESSAGE_PROCESSED_EVENT = 'message.processed';
export const MESSAGE_FAILED_EVENT = 'message.failed';

/** The value `entity` (and `queue`) takes past the per-integration cap. */
export const OTHER_ENTITY = '_other';

export interface IntegrationLabels {
  tenant_id: string;
  adapter_type: string;
}

export interface SignalOptions {
  registry: Registry<RegistryContentType>;
  /** Tenant and adapter of an integration: from the catalogue, so one value per integration. */
  labelsOf: (integration: string) => IntegrationLabels;
  /**
   * Distinct `entity` values (call operations, run jobs) per integration. Operations are already
   * bounded by the ingest limits; jobs are not, so the same cap applies to both here.
   */
  entitiesPerIntegration: number;
  /** Series the integration families may show in all; a record that would start one more is not counted. */
  maxSeries: number;
}

const FAMILIES = {
  requests: { name: 'adapter_requests_total', help: 'Calls to and from partners, by outcome class', type: 'counter' },
  duration: { name: 'adapter_request_duration_seconds', help: 'Call latency (latency_ms of call records)', type: 'histogram' },
  rateLimits: { name: 'adapter_rate_limit_hits_total', help: 'Calls answered 429', type: 'counter' },
  connectionFailures: { name: 'adapter_connection_failures_total', help: 'Calls without an HTTP status: timeouts and network errors', type: 'counter' },
  jobs: { name: 'sync_jobs_total', help: 'Finished sync runs, by run status', type: 'counter' },
  jobsFailed: { name: 'sync_jobs_failed_total', help: 'Sync runs with status failed', type: 'counter' },
  jobsProcessed: { name: 'sync_jobs_processed_total', help: 'Sync runs that ended, whatever their status', type: 'counter' },
  jobsByIntegration: { name: 'sync_jobs_by_integration_total', help: 'Sync runs that ended, by integration and adapter type (every job)', type: 'counter' },
  created: { name: 'sync_records_created_total', help: 'counts.created of sync runs', type: 'counter' },
  updated: { name: 'sync_records_updated_total', help: 'counts.updated of sync runs', type: 'counter' },
  syncLatency: { name: 'sync_latency_ms', help: 'Sync run duration in milliseconds (duration_ms of run records)', type: 'histogram' },
  queueDepth: { name: 'service_bus_queue_depth', help: `Latest "${QUEUE_DEPTH_GAUGE}" gauge`, type: 'gauge' },
  dlqDepth: { name: 'service_bus_dlq_depth', help: `Latest "${DLQ_DEPTH_GAUGE}" gauge`, type: 'gauge' },
  messagesProcessed: { name: 'service_bus_messages_processed_total', help: `Messages of "${MESSAGE_PROCESSED_EVENT}" events (attrs.count, or one each)`, type: 'counter' },
  messagesFailed: { name: 'service_bus_messages_failed_total', help: `Messages of "${MESSAGE_FAILED_EVENT}" events (attrs.count, or one each)`, type: 'counter' },
} satisfies Record<string, Family>;
type FamilyKey = keyof typeof FAMILIES;
const FAMILY_KEYS = Object.keys(FAMILIES) as FamilyKey[];

/** The families each kind of record feeds: what an integration renders again after counting one. */
type Kind = 'call' | 'run' | 'gauge' | 'message';
const FAMILIES_OF: Record<Kind, readonly FamilyKey[]> = {
  call: ['requests', 'rateLimits', 'connectionFailures', 'duration'],
  run: ['jobs', 'jobsFailed', 'jobsProcessed', 'jobsByIntegration', 'created', 'updated', 'syncLatency'],
  gauge: ['queueDepth', 'dlqDepth'],
  message: ['messagesProcessed', 'messagesFailed'],
};

const DURATION = new Buckets(REQUEST_DURATION_BUCKETS);
const SYNC_LATENCY = new Buckets(SYNC_LATENCY_BUCKETS);

/** A latest-sample gauge: a sample older than the one shown does not replace it. */
interface GaugeSample {
  value: number;
  ts: number;
}

/** The series of one call operation: a count per outcome class, 429s and connection failures. */
interface CallSeries {
  entity: string;
  labels: string;
  requests: Map<string, number>;
  rateLimits?: number;
  connectionFailures?: number;
}

/** The series of one run job. */
interface RunSeries {
  entity: string;
  labels: string;
  jobs: Map<string, number>;
  failed?: number;
  created?: number;
  updated?: number;
  latency?: HistogramState;
}

/** The message counters of one queue. */
interface MessageSeries {
  queue: string;
  labels: string;
  processed?: number;
  failed?: number;
}

/** Everything shown for one integration; a field left undefined is a series not shown yet. */
interface IntegrationSeries {
  tenant: string;
  adapter: string;
  labels: string;
  calls: Map<string, CallSeries>;
  runs: Map<string, RunSeries>;
  messages: Map<string, MessageSeries>;
  duration?: HistogramState;
  queueDepth?: GaugeSample;
  dlqDepth?: GaugeSample;
  /** Its place in its block. */
  slot: number;
  /** Kinds counted since they were rendered. */
  changed: Set<Kind>;
  block: Block;
}

/**
 * Integrations, BLOCK_SIZE of them in the order they first showed, whose lines of each family are
 * kept gzipped as one gzip member. A gzipped scrape concatenates the members (a multi-member gzip
 * stream is valid: Prometheus's Go reader and Node's gunzip read every member), so an unchanged
 * block costs no compression; a block is gzipped again for a family when one of its integrations
 * rendered that family again. Not a member per integration: each zlib call has a fixed cost of the
 * order of 0.1 ms, which 15 families of 1,000 integrations would pay 15,000 times a scrape
 * (docs/benchmarks.md).
 */
interface Block {
  integrations: IntegrationSeries[];
  /** Each family's lines of every integration of the block, gzipped; none when they have no line. */
  zipped: Map<FamilyKey, Promise<Buffer>>;
  /** Families rendered again since they were gzipped. */
  stale: Set<FamilyKey>;
  /** Families rendered again since the last gzipped scrape. */
  touched: Set<FamilyKey>;
  /** Each family's lines of every integration of the block, as last rendered. */
  text: Map<FamilyKey, BlockText>;
}
const BLOCK_SIZE = 32;
/** What one more zlib call costs, as bytes gzipped in the same time (measured: 0.1–0.4 ms a call, 3–4 ns a byte). */
const ZLIB_CALL_BYTES = 64 * 1024;
/** Stale blocks of a quiet instance gzipped again a scrape: about 10 ms of zlib calls. */
const REZIP_PER_SCRAPE = 32;
/**
 * Text gzipped in one call at most. A busy scrape's 3–8 MiB become several members that zlib's
 * thread pool (4 threads) gzips side by side; a member restarts the compression dictionary, which
 * at 1 MiB costs a negligible share of the ratio.
 */
export const GZIP_CHUNK_BYTES = 1024 * 1024;
/** The longest the event loop is held by one slice of rendering. */
const RENDER_SLICE_MS = 8;

/** The label text of a status, cached: statuses come from small fixed sets. */
const statusLabels = new Map<string, string>();
function statusLabel(status: string): string {
  let text = statusLabels.get(status);
  if (text === undefined) statusLabels.set(status, (text = `status="${escapeLabelValue(status)}"`));
  return text;
}

const increment = (counts: Map<string, number>, key: string, by: number) => counts.set(key, (counts.get(key) ?? 0) + by);
const FAILED_CONNECTION = new Set(['timeout', 'network_error']);

export class IntegrationSignals {
  private readonly integrations = new Map<string, IntegrationSeries>();
  private readonly blocks: Block[] = [];
  private readonly edges = new Map<string, Promise<Buffer>>();
  private readonly scratch = new Scratch();
  /** Series the integration families show now, held to options.maxSeries. */
  private series = 0;
  private readonly dropped: Counter<never>;

  constructor(private readonly options: SignalOptions) {
    const registers = [options.registry];
    this.dropped = new Counter({
      name: 'switchboard_metrics_dropped_records_total',
      help: 'Committed records left out of the integration metrics because they would have started a series past SWITCHBOARD_METRICS_MAX_SERIES',
      registers,
    });
    const shown: Gauge<never> = new Gauge({
      name: 'switchboard_metrics_series',
      help: 'Series the integration metrics of /metrics show (the cap is SWITCHBOARD_METRICS_MAX_SERIES)',
      registers,
      collect: () => shown.set(this.series),
    });
  }

  /** Counts committed records; called after the commit, so nothing rolled back is counted. */
  observe(records: readonly NormalizedRecord[]): void {
    let dropped = 0;
    // Records of one integration usually come together: its catalogue labels are looked up once a run of them.
    let lastId: string | undefined;
    let labels: IntegrationLabels = { tenant_id: '', adapter_type: '' };
    for (const record of records) {
      const message = record.kind === 'event' ? messageFieldOf(record.name) : undefined;
      if (record.kind === 'event' && message === undefined) continue;
      if (record.integration !== lastId) {
        lastId = record.integration;
        labels = this.options.labelsOf(lastId);
      }
      const counted =
        record.kind === 'call' ? this.countCall(record, labels)
        : record.kind === 'run' ? this.countRun(record, labels)
        : record.kind === 'gauge' ? this.setGauge(record, labels)
        : this.countMessages(record, message!, labels);
      if (!counted) dropped++;
    }
    if (dropped > 0) this.dropped.inc(dropped);
  }

  /** The integration families in the text format, or OpenMetrics (without its `# EOF`), as UTF-8. */
  async render(openMetrics: boolean): Promise<Buffer[]> {
    await this.renderAllChanged();
    const end = Buffer.from(familyEnd(openMetrics));
    // Copied: the blocks' buffers are written again by a later scrape.
    return [Buffer.concat(FAMILY_KEYS.flatMap((key) => [Buffer.from(familyHeader(FAMILIES[key], openMetrics)), ...this.blocks.flatMap((block) => block.text.get(key)?.read() ?? []), end]))];
  }

  /**
   * Renders again what changed since the last scrape, yielding to the event loop every
   * RENDER_SLICE_MS: after a busy stretch that is every integration, and /healthz and the ingest
   * routes are not held for the whole of it. Records committed during a yield are shown by this
   * scrape if their integration was not rendered yet, else by the next; each integration's lines
   * are rendered at one moment, so its families agree with one another.
   */
  private async renderAllChanged(): Promise<void> {
    let sliceStart = performance.now();
    for (const integration of this.integrations.values()) {
      if (integration.changed.size === 0) continue;
      renderChanged(integration, this.scratch);
      if (performance.now() - sliceStart >= RENDER_SLICE_MS) {
        await setImmediate();
        sliceStart = performance.now();
      }
    }
    for (const block of this.blocks) for (const text of block.text.values()) text.commit();
    this.scratch.reset();
  }

  /**
   * The same, as gzip members. Per family:
   * - when gzipping its stale blocks one by one costs less than gzipping the whole family once
   *   (ZLIB_CALL_BYTES a call), they are gzipped again and kept, and the family is its blocks'
   *   kept members;
   * - otherwise, when some of its blocks changed since the last gzipped scrape (a busy instance),
   *   the whole family is gzipped with the text around it, as the whole body was before, and its
   *   blocks stay stale;
   * - when none changed since (the instance went quiet), up to REZIP_PER_SCRAPE stale blocks a
   *   scrape are gzipped again and kept, the rest gzipped with the text around them, so that a
   *   quiet instance's scrapes come to cost no compression without one scrape paying for all.
   * Text gathered for gzipping goes to zlib GZIP_CHUNK_BYTES at a time, as soon as that much is
   * gathered: a busy scrape's few MiB are then several members gzipped at once by zlib's thread
   * pool, the first while the rest is still being gathered, instead of one call on one thread.
   * The members are gathered after the last yield, and only the next render changes the lines,
   * so they hold the counts of one render.
   */
  async renderGzipped(openMetrics: boolean): Promise<Buffer[]> {
    await this.renderAllChanged();
    const members: Array<Promise<Buffer>> = [];
    // Text not kept gzipped (family headers and ends, lines gzipped with them) is gathered and
    // gzipped as one member where a kept member comes next: a busy instance's scrape is one call.
    let text: Buffer[] = [];
    let textBytes = 0;
    // When the text is a family's header alone (between two families of kept members), its member is kept too.
    let edge: string | undefined;
    const flush = () => {
      if (edge !== undefined && text.length === 1) members.push(this.edge(edge));
      else if (text.length > 0) members.push(gzipFast(Buffer.concat(text, textBytes)));
      text = [];
      textBytes = 0;
      edge = undefined;
    };
    const gather = (lines: Buffer) => {
      text.push(lines);
      textBytes += lines.length;
      if (textBytes >= GZIP_CHUNK_BYTES) flush();
    };
    const member = (zipped: Promise<Buffer>) => {
      flush();
      members.push(zipped);
    };
    const linesOf = (block: Block, key: FamilyKey) => {
      const lines = block.text.get(key)?.read();
      if (lines) gather(lines);
    };
    let rezips = REZIP_PER_SCRAPE;
    for (const [i, key] of FAMILY_KEYS.entries()) {
      const header = `${i === 0 ? '' : familyEnd(openMetrics)}${familyHeader(FAMILIES[key], openMetrics)}`;
      if (text.length === 0) edge = header;
      gather(Buffer.from(header));
      let staleCost = 0;
      let wholeCost = ZLIB_CALL_BYTES;
      let touched = false;
      for (const block of this.blocks) {
        const length = block.text.get(key)?.length ?? 0;
        wholeCost += length;
        if (block.stale.has(key)) staleCost += length + ZLIB_CALL_BYTES;
        touched ||= block.touched.has(key);
      }
      const oneByOne = staleCost <= wholeCost;
      for (const block of this.blocks) {
        if (!oneByOne && touched) linesOf(block, key);
        else {
          if (block.stale.has(key) && (oneByOne || rezips-- > 0)) this.rezip(block, key);
          const kept = block.stale.has(key) ? undefined : block.zipped.get(key);
          if (kept) member(kept);
          else linesOf(block, key);
        }
      }
    }
    for (const block of this.blocks) block.touched.clear();
    if (text.length === 0) edge = familyEnd(openMetrics);
    gather(Buffer.from(familyEnd(openMetrics)));
    flush();
    return Promise.all(members);
  }

  /** The gzip member of a family's header (and the end of the family before), kept per format. */
  private edge(text: string): Promise<Buffer> {
    let member = this.edges.get(text);
    if (member === undefined) this.edges.set(text, (member = gzipFast(Buffer.from(text))));
    return member;
  }

  /** Gzips a block's lines of a family again and keeps the member (a promise until it is done). */
  private rezip(block: Block, key: FamilyKey): void {
    block.stale.delete(key);
    const lines = block.text.get(key)?.read();
    if (lines === undefined) {
      block.zipped.delete(key);
      return;
    }
    // Gzipped in the scrape that reads it, before any later scrape writes the block's text again.
    const member = gzipFast(lines);
    block.zipped.set(key, member);
    member.catch(() => {
      block.zipped.delete(key);
      block.stale.add(key);
    });
  }

  private countCall(record: NormalizedRecord, labels: IntegrationLabels): boolean {
    const integration = this.existing(record.integration, labels);
    const entity = this.entityOf(integration?.calls, record.operation ?? '');
    const call = integration?.calls.get(entity);
    const status = record.outcome ?? 'unknown';
    const limited = status === 'rate_limited';
    const failed = FAILED_CONNECTION.has(status);
    const timed = record.latency_ms !== null;
    const needed =
      (call?.requests.has(status) ? 0 : 1) +
      (limited && call?.rateLimits === undefined ? 1 : 0) +
      (failed && call?.connectionFailures === undefined ? 1 : 0) +
      (timed && integration?.duration === undefined ? DURATION.series : 0);
    if (!this.admit(needed)) return false;
    const into = integration ?? this.create(record.integration, labels);
    into.changed.add('call');
    let series = call;
    if (!series) into.calls.set(entity, (series = { entity, labels: entityLabels(into.labels, entity), requests: new Map() }));
    increment(series.requests, status, 1);
    if (limited) series.rateLimits = (series.rateLimits ?? 0) + 1;
    if (failed) series.connectionFailures = (series.connectionFailures ?? 0) + 1;
    if (timed) (into.duration ??= new HistogramState(DURATION)).observe(record.latency_ms! / 1000);
    return true;
  }

  private countRun(record: NormalizedRecord, labels: IntegrationLabels): boolean {
    const integration = this.existing(record.integration, labels);
    const entity = this.entityOf(integration?.runs, record.job ?? '');
    const run = integration?.runs.get(entity);
    const status = record.run_status ?? 'unknown';
    const failed = status === 'failed';
    const counts = record.counts ? (JSON.parse(record.counts) as Record<string, unknown>) : {};
    const created = typeof counts.created === 'number' ? counts.created : undefined;
    const updated = typeof counts.updated === 'number' ? counts.updated : undefined;
    const timed = record.duration_ms !== null;
    const needed =
      (integration?.runs.size ? 0 : 1) +
      (run ? 0 : 1) +
      (run?.jobs.has(status) ? 0 : 1) +
      (failed && run?.failed === undefined ? 1 : 0) +
      (created !== undefined && run?.created === undefined ? 1 : 0) +
      (updated !== undefined && run?.updated === undefined ? 1 : 0) +
      (timed && run?.latency === undefined ? SYNC_LATENCY.series : 0);
    if (!this.admit(needed)) return false;
    const into = integration ?? this.create(record.integration, labels);
    into.changed.add('run');
    let series = run;
    if (!series) into.runs.set(entity, (series = { entity, labels: entityLabels(into.labels, entity), jobs: new Map() }));
    increment(series.jobs, status, 1);
    // Same labels as sync_jobs_total{status="failed"}, so the documented ratio matches series one to one.
    if (failed) series.failed = (series.failed ?? 0) + 1;
    if (created !== undefined) series.created = (series.created ?? 0) + created;
    if (updated !== undefined) series.updated = (series.updated ?? 0) + updated;
    if (timed) (series.latency ??= new HistogramState(SYNC_LATENCY)).observe(record.duration_ms!);
    return true;
  }

  private countMessages(record: NormalizedRecord, field: 'processed' | 'failed', labels: IntegrationLabels): boolean {
    const integration = this.existing(record.integration, labels);
    const attrs = record.attrs ? (JSON.parse(record.attrs) as Record<string, unknown>) : {};
    const queue = this.entityOf(integration?.messages, typeof attrs.queue === 'string' ? attrs.queue : '');
    const series = integration?.messages.get(queue);
    if (!this.admit(series?.[field] === undefined ? 1 : 0)) return false;
    const into = integration ?? this.create(record.integration, labels);
    into.changed.add('message');
    let counted = series;
    if (!counted) into.messages.set(queue, (counted = { queue, labels: queueLabels(into.labels, queue) }));
    counted[field] = (counted[field] ?? 0) + (Number.isSafeInteger(attrs.count) && (attrs.count as number) >= 0 ? (attrs.count as number) : 1);
    return true;
  }

  /** Gauge records other than the two queue gauges count for nothing here, and are not dropped. */
  private setGauge(record: NormalizedRecord, labels: IntegrationLabels): boolean {
    const field = record.name === QUEUE_DEPTH_GAUGE ? 'queueDepth' : record.name === DLQ_DEPTH_GAUGE ? 'dlqDepth' : undefined;
    if (field === undefined || record.value === null) return true;
    const integration = this.existing(record.integration, labels);
    const shown = integration?.[field];
    if (shown && shown.ts > record.ts) return true;
    if (!this.admit(shown ? 0 : 1)) return false;
    const into = integration ?? this.create(record.integration, labels);
    into.changed.add('gauge');
    into[field] = { value: record.value, ts: record.ts };
    return true;
  }

  /** Takes `needed` more series if the cap allows them. */
  private admit(needed: number): boolean {
    if (needed === 0) return true;
    if (this.series + needed > this.options.maxSeries) return false;
    this.series += needed;
    return true;
  }

  /**
   * The integration's series, relabelled when the catalogue moved it to another tenant or partner
   * since: its series carry the catalogue's current labels, rather than the old ones lingering.
   */
  private existing(id: string, labels: IntegrationLabels): IntegrationSeries | undefined {
    const integration = this.integrations.get(id);
    if (!integration || (integration.tenant === labels.tenant_id && integration.adapter === labels.adapter_type)) return integration;
    integration.tenant = labels.tenant_id;
    integration.adapter = labels.adapter_type;
    integration.labels = integrationLabels(id, labels);
    for (const series of integration.calls.values()) series.labels = entityLabels(integration.labels, series.entity);
    for (const series of integration.runs.values()) series.labels = entityLabels(integration.labels, series.entity);
    for (const series of integration.messages.values()) series.labels = queueLabels(integration.labels, series.queue);
    for (const kind of Object.keys(FAMILIES_OF) as Kind[]) integration.changed.add(kind);
    return integration;
  }

  private create(id: string, labels: IntegrationLabels): IntegrationSeries {
    let block = this.blocks.at(-1);
    if (!block || block.integrations.length >= BLOCK_SIZE) this.blocks.push((block = { integrations: [], zipped: new Map(), stale: new Set(), touched: new Set(), text: new Map() }));
    const integration: IntegrationSeries = { tenant: labels.tenant_id, adapter: labels.adapter_type, labels: integrationLabels(id, labels), calls: new Map(), runs: new Map(), messages: new Map(), slot: block.integrations.length, changed: new Set(), block };
    block.integrations.push(integration);
    this.integrations.set(id, integration);
    return integration;
  }

  /** The entity a value is counted under: itself while the integration has room, `_other` after. */
  private entityOf(seen: ReadonlyMap<string, unknown> | undefined, value: string): string {
    if (seen?.has(value)) return value;
    const named = seen ? seen.size - (seen.has(OTHER_ENTITY) ? 1 : 0) : 0;
    return named >= this.options.entitiesPerIntegration ? OTHER_ENTITY : value;
  }
}

/** Renders again the families of the kinds of record the integration counted since the last render. */
function renderChanged(integration: IntegrationSeries, scratch: Scratch): void {
  for (const kind of integration.changed) renderKind(integration, kind, scratch);
  integration.changed.clear();
}

/** Renders again the families one kind of record feeds, for one integration; its block's members of them go stale. */
function renderKind(integration: IntegrationSeries, kind: Kind, scratch: Scratch): void {
  const text: Partial<Record<FamilyKey, string>> = {};
  const add = (key: FamilyKey, lines: string) => (text[key] = (text[key] ?? '') + lines);
  const line = (key: FamilyKey, labels: string, value: number) => add(key, `${FAMILIES[key].name}{${labels}} ${sampleValue(value)}\n`);
  if (kind === 'call') {
    for (const call of integration.calls.values()) {
      for (const [status, n] of call.requests) line('requests', `${call.labels},${statusLabel(status)}`, n);
      if (call.rateLimits !== undefined) line('rateLimits', call.labels, call.rateLimits);
      if (call.connectionFailures !== undefined) line('connectionFailures', call.labels, call.connectionFailures);
    }
    if (integration.duration) add('duration', integration.duration.render(FAMILIES.duration.name, integration.labels));
  } else if (kind === 'run') {
    let runs = 0;
    for (const run of integration.runs.values()) {
      let processed = 0;
      for (const [status, n] of run.jobs) {
        line('jobs', `${run.labels},${statusLabel(status)}`, n);
        processed += n;
      }
      line('jobsProcessed', run.labels, processed);
      runs += processed;
      if (run.failed !== undefined) line('jobsFailed', `${run.labels},${statusLabel('failed')}`, run.failed);
      if (run.created !== undefined) line('created', run.labels, run.created);
      if (run.updated !== undefined) line('updated', run.labels, run.updated);
      if (run.latency) add('syncLatency', run.latency.render(FAMILIES.syncLatency.name, run.labels));
    }
    if (integration.runs.size > 0) line('jobsByIntegration', integration.labels, runs);
  } else if (kind === 'message') {
    for (const queue of integration.messages.values()) {
      if (queue.processed !== undefined) line('messagesProcessed', queue.labels, queue.processed);
      if (queue.failed !== undefined) line('messagesFailed', queue.labels, queue.failed);
    }
  } else {
    if (integration.queueDepth) line('queueDepth', integration.labels, integration.queueDepth.value);
    if (integration.dlqDepth) line('dlqDepth', integration.labels, integration.dlqDepth.value);
  }
  const { block } = integration;
  for (const key of FAMILIES_OF[kind]) {
    block.stale.add(key);
    block.touched.add(key);
    let lines = block.text.get(key);
    if (lines === undefined) block.text.set(key, (lines = new BlockText()));
    lines.set(integration.slot, scratch.encode(text[key] ?? ''));
  }
}

function integrationLabels(id: string, labels: IntegrationLabels): string {
  return labelText([
    ['tenant_id', labels.tenant_id],
    ['integration_id', id],
    ['adapter_type', labels.adapter_type],
  ]);
}

function entityLabels(integration: string, entity: string): string {
  return `${integration},entity="${escapeLabelValue(entity)}"`;
}

function queueLabels(integration: string, queue: string): string {
  return `${integration},queue="${escapeLabelValue(queue)}"`;
}

/** Which message counter an event feeds, if any. */
function messageFieldOf(name: string | null): 'processed' | 'failed' | undefined {
  return name === MESSAGE_PROCESSED_EVENT ? 'processed' : name === MESSAGE_FAILED_EVENT ? 'failed' : undefined;
}
