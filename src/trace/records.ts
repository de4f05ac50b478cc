import type { TraceRecord } from '../query/trace.js';

/** The flow events that say something went wrong, though they are events and not failed calls. */
export const FAILURE_EVENTS: ReadonlySet<string> = new Set(['label.failed', 'exception.raised']);

/** What a timeline shows of any record, whatever its kind. */
export interface RecordFacts {
  /** The operation of a call, the job of a run, the name of an event or gauge. */
  name: string | null;
  direction: string | null;
  /** A call's outcome class, or a run's status. */
  outcome: string | null;
  /** A call's HTTP status, or a run's status. */
  status: number | string | null;
  error: string | null;
  /** A call's latency, or a run's duration. */
  latencyMs: number | null;
  attempt: number | null;
  failed: boolean;
}

type Fields = Partial<{
  name: string | null;
  operation: string | null;
  job: string | null;
  direction: string | null;
  outcome: string | null;
  status: number | string | null;
  error: string | null;
  latency_ms: number | null;
  duration_ms: number | null;
  attempt: number | null;
}>;

export function factsOf(record: TraceRecord): RecordFacts {
  // presentRecord's variants differ by kind; read them through one optional shape.
  const r = record as TraceRecord & Fields;
  switch (record.kind) {
    case 'call':
      return {
        name: r.operation ?? null,
        direction: r.direction ?? null,
        outcome: r.outcome ?? null,
        status: r.status ?? null,
        error: r.error ?? null,
        latencyMs: r.latency_ms ?? null,
        attempt: r.attempt ?? 1,
        failed: r.outcome !== 'ok',
      };
    case 'run':
      return {
        name: r.job ?? null,
        direction: null,
        outcome: (r.status as string | null) ?? null,
        status: r.status ?? null,
        error: r.error ?? null,
        latencyMs: r.duration_ms ?? null,
        attempt: null,
        failed: r.status !== 'success',
      };
    default:
      return {
        name: r.name ?? null,
        direction: null,
        outcome: null,
        status: null,
        error: null,
        latencyMs: null,
        attempt: null,
        failed: record.kind === 'event' && FAILURE_EVENTS.has(r.name ?? ''),
      };
  }
}

/** A string attribute of a record, if it has one (events carry their detail there). */
export function textAttr(record: TraceRecord, name: string): string | undefined {
  const value = record.attrs?.[name];
  return value === undefined || value === null ? undefined : String(value);
}
