/**
 * The timeline of a trace: the same records GET /api/v1/trace answers with, read as a story.
 * Steps and groups of repeats, the milestones reached, and what the flow should have done by now.
 */
import type { TraceExpectations } from '../config.js';
import { NotFoundError } from '../errors.js';
import type { QueryContext } from '../query/context.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { MAX_TRACE_RECORDS, trace, type TraceIdKind, type TraceRecord } from '../query/trace.js';
import { judgeExpectations } from './expectations.js';
import { summarizeMilestones } from './milestones.js';
import { retentionNote } from './search.js';
import { groupRepeats, stepsOf, type TimelineStep } from './steps.js';
import { traceLogLines } from '../logs/trace-lines.js';

/** Each list of related ids stops at this many. */
export const RELATED_IDS_SHOWN = 20;

export interface TraceKey {
  kind: TraceIdKind;
  id: string;
}

const ID_WORDS: Record<TraceIdKind, string> = { order_id: 'order', shipment_id: 'shipment', correlation_id: 'correlation' };

function distinct(records: readonly TraceRecord[], pick: (record: TraceRecord) => string | null): string[] {
  const seen = new Set<string>();
  for (const record of records) {
    const value = pick(record);
    if (value !== null) seen.add(value);
    if (seen.size >= RELATED_IDS_SHOWN) break;
  }
  return [...seen];
}

function integrationsOf(steps: readonly TimelineStep[]) {
  const byId = new Map<string, { id: string; records: number; failures: number }>();
  for (const step of steps) {
    let entry = byId.get(step.integration);
    if (!entry) byId.set(step.integration, (entry = { id: step.integration, records: 0, failures: 0 }));
    entry.records += 1;
    if (step.failed) entry.failures += 1;
  }
  return [...byId.values()];
}

export function buildTimeline(key: TraceKey, records: readonly TraceRecord[], truncated: boolean, rules: TraceExpectations, now: number) {
  const steps = stepsOf(records);
  const first = records[0]?.ts ?? null;
  const last = records[records.length - 1]?.ts ?? null;
  // Records past the cut were not read: judge the flow as it stood at the last one shown.
  const judgedAt = truncated && last !== null ? last : now;
  const expectations = judgeExpectations(records, key.kind, rules, judgedAt);
  const count = (kind: string) => records.filter((r) => r.kind === kind).length;
  return {
    [key.kind]: key.id,
    kind: key.kind,
    id: key.id,
    truncated,
    max_records: MAX_TRACE_RECORDS,
    as_of: now,
    judged_at: judgedAt,
    first_ts: first,
    last_ts: last,
    summary: {
      records: records.length,
      calls: count('call'),
      events: count('event'),
      runs: count('run'),
      gauges: count('gauge'),
      failures: steps.filter((s) => s.failed).length,
      retries: steps.filter((s) => s.retry).length,
    },
    integrations: integrationsOf(steps),
    related: {
      order_ids: distinct(records, (r) => r.order_id),
      shipment_ids: distinct(records, (r) => r.shipment_id),
      correlation_ids: distinct(records, (r) => r.correlation_id),
    },
    milestones: summarizeMilestones(records, expectations),
    missing: expectations.filter((e) => e.state === 'missing').map((e) => e.message),
    expectations,
    steps: groupRepeats(steps),
  };
}

export async function traceTimeline(context: QueryContext, key: TraceKey, integrations?: IntegrationFilter) {
  const traced = await trace(context.db, key, integrations);
  const timeline = buildTimeline(key, traced.records, traced.truncated, context.config.trace, context.clock());
  // The log lines that carry the trace's ids (src/logs/): what the adapters said meanwhile.
  const own = (list: string[], kind: TraceKey['kind']) => (key.kind === kind && !list.includes(key.id) ? [key.id, ...list] : list);
  const lines = await traceLogLines(context.db, {
    order_ids: own(timeline.related.order_ids, 'order_id'),
    shipment_ids: own(timeline.related.shipment_ids, 'shipment_id'),
    correlation_ids: own(timeline.related.correlation_ids, 'correlation_id'),
  }, integrations, context.clock() - context.config.retention.logsMs);
  if (traced.records.length === 0 && lines.logs.length === 0) {
    throw new NotFoundError(`no record carries ${ID_WORDS[key.kind]} id "${key.id}" (${retentionNote(context.config.retention.rawMs)})`);
  }
  return { ...timeline, logs: lines.logs, logs_truncated: lines.truncated };
}
