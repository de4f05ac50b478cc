/**
 * A trace's records as timeline steps, oldest first: what each one was, how it ended, the time
 * since the step before it, and whether it was a retry. The same call repeated in a row with the
 * same outcome (a polling loop, a retry storm) collapses into one group, so a trace of thousands
 * of records stays a page long.
 */
import type { TraceRecord } from '../query/trace.js';
import { milestoneOf, type MilestoneName } from './milestones.js';
import { factsOf } from './records.js';

/** A group lists at most this many of its steps; its figures still cover all of them. */
export const GROUP_STEPS_SHOWN = 100;

export interface TimelineStep {
  type: 'step';
  record_id: number;
  ts: number;
  /** Since the end of the step (or group) before; null for the first. */
  gap_ms: number | null;
  integration: string;
  kind: string;
  /** The operation of a call, the job of a run, the name of an event or gauge. */
  name: string | null;
  direction: string | null;
  /** A call's outcome class or a run's status; null for events and gauges. */
  outcome: string | null;
  /** A call's HTTP status or a run's status. */
  status: number | string | null;
  error: string | null;
  /** A call's latency or a run's duration. */
  latency_ms: number | null;
  attempt: number | null;
  failed: boolean;
  /** attempt > 1, or the same call (integration, direction, operation) failed last time. */
  retry: boolean;
  /** A failed call made again later in the trace. */
  retried: boolean;
  milestone: MilestoneName | null;
  order_id: string | null;
  shipment_id: string | null;
  correlation_id: string | null;
  attrs: Record<string, unknown> | null;
}

export interface TimelineGroup {
  type: 'group';
  count: number;
  first_ts: number;
  last_ts: number;
  gap_ms: number | null;
  integration: string;
  kind: 'call';
  name: string | null;
  direction: string | null;
  outcome: string | null;
  /** The distinct HTTP statuses and errors among the calls. */
  statuses: number[];
  errors: string[];
  latency_min_ms: number | null;
  latency_max_ms: number | null;
  failed: boolean;
  retries: number;
  /** The first GROUP_STEPS_SHOWN steps; `steps_omitted` says how many more there were. */
  steps: TimelineStep[];
  steps_omitted: number;
}

export type TimelineEntry = TimelineStep | TimelineGroup;

const callKey = (step: TimelineStep) => `${step.integration}\u0000${step.direction}\u0000${step.name}`;

/** Every record as a step, with retries found: attempt > 1, or a failure followed by the same call. */
export function stepsOf(records: readonly TraceRecord[]): TimelineStep[] {
  const lastOfCall = new Map<string, TimelineStep>();
  let previousTs: number | null = null;
  return records.map((record) => {
    const facts = factsOf(record);
    const step: TimelineStep = {
      type: 'step',
      record_id: record.id,
      ts: record.ts,
      gap_ms: previousTs === null ? null : record.ts - previousTs,
      integration: record.integration,
      kind: record.kind,
      name: facts.name,
      direction: facts.direction,
      outcome: facts.outcome,
      status: facts.status,
      error: facts.error,
      latency_ms: facts.latencyMs,
      attempt: facts.attempt,
      failed: facts.failed,
      retry: false,
      retried: false,
      milestone: milestoneOf(record),
      order_id: record.order_id,
      shipment_id: record.shipment_id,
      correlation_id: record.correlation_id,
      attrs: record.attrs,
    };
    previousTs = record.ts;
    if (record.kind === 'call') {
      const key = callKey(step);
      const before = lastOfCall.get(key);
      step.retry = (step.attempt ?? 1) > 1 || before?.failed === true;
      if (before?.failed) before.retried = true;
      lastOfCall.set(key, step);
    }
    return step;
  });
}

const sameCall = (a: TimelineStep, b: TimelineStep) => a.kind === 'call' && b.kind === 'call' && callKey(a) === callKey(b) && a.outcome === b.outcome;

function groupOf(run: TimelineStep[]): TimelineGroup {
  const first = run[0]!;
  const latencies = run.map((s) => s.latency_ms).filter((v): v is number => v !== null);
  const statuses = new Set<number>();
  const errors = new Set<string>();
  for (const s of run) {
    if (typeof s.status === 'number') statuses.add(s.status);
    if (s.error) errors.add(s.error);
  }
  return {
    type: 'group',
    count: run.length,
    first_ts: first.ts,
    last_ts: run[run.length - 1]!.ts,
    gap_ms: first.gap_ms,
    integration: first.integration,
    kind: 'call',
    name: first.name,
    direction: first.direction,
    outcome: first.outcome,
    statuses: [...statuses].sort((a, b) => a - b),
    errors: [...errors].sort(),
    latency_min_ms: latencies.length ? latencies.reduce((a, b) => Math.min(a, b)) : null,
    latency_max_ms: latencies.length ? latencies.reduce((a, b) => Math.max(a, b)) : null,
    failed: first.failed,
    retries: run.filter((s) => s.retry).length,
    steps: run.slice(0, GROUP_STEPS_SHOWN),
    steps_omitted: Math.max(0, run.length - GROUP_STEPS_SHOWN),
  };
}

/** Runs of the same call with the same outcome, two or more in a row, become groups. */
export function groupRepeats(steps: readonly TimelineStep[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (let i = 0; i < steps.length; ) {
    let end = i + 1;
    while (end < steps.length && sameCall(steps[i]!, steps[end]!)) end++;
    entries.push(end - i >= 2 ? groupOf(steps.slice(i, end)) : steps[i]!);
    i = end;
  }
  return entries;
}
