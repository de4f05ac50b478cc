import type { LogSignalRule } from '../catalogue/types.js';
import { RECORD_LIMITS } from '../ingest/limits.js';
import type { WireCall, WireRun } from '../ingest/wire.js';
import { classifyError } from './classify.js';
import type { NormalizedLog } from './record.js';

/**
 * The default mapping of log operations to Switchboard's signals (docs/logs.md, "Derived
 * signals"): a team that only ships logs gets runs and calls, so golden signals, run health and
 * alerts. A catalogue record's `logSignals` add operations of its own (and win over these).
 */
export const DEFAULT_LOG_SIGNALS: readonly LogSignalRule[] = [
  { operation: 'sync.completed', signal: 'run', status: 'success' },
  { operation: 'sync.failed', signal: 'run', status: 'failed' },
  { operation: 'fetch.completed', signal: 'call' },
  { operation: 'fetch.failed', signal: 'call' },
  { operation: 'push.completed', signal: 'call' },
  { operation: 'push.failed', signal: 'call' },
];

const DEFAULTS = new Map(DEFAULT_LOG_SIGNALS.map((rule) => [rule.operation, rule]));
const FAILING_LEVELS = new Set(['error', 'fatal']);

const numberAt = (metadata: Record<string, unknown>, key: string): number | undefined => {
  const value = metadata[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
};
const textAt = (metadata: Record<string, unknown>, key: string): string | undefined => (typeof metadata[key] === 'string' ? (metadata[key] as string) : undefined);

/** The rule of a line's operation: the catalogue's, else the default one, else none. */
export function ruleFor(operation: string | null, own: readonly LogSignalRule[]): LogSignalRule | undefined {
  if (operation === null) return undefined;
  return own.find((rule) => rule.operation === operation) ?? DEFAULTS.get(operation);
}

/** What the line says failed: the metadata's error, else its message when the line is an error. */
function errorOf(log: NormalizedLog, metadata: Record<string, unknown>): string | undefined {
  const error = textAt(metadata, 'error') ?? (FAILING_LEVELS.has(log.level) ? log.message ?? undefined : undefined);
  return error === undefined ? undefined : error.slice(0, RECORD_LIMITS.errorText);
}

function base(log: NormalizedLog) {
  return {
    ts: log.ts,
    integration: log.integration,
    ...(log.tenant !== null ? { tenant: log.tenant } : {}),
    ...(log.correlation_id !== null ? { correlation_id: log.correlation_id } : {}),
    ...(log.order_id !== null ? { order_id: log.order_id } : {}),
    ...(log.shipment_id !== null ? { shipment_id: log.shipment_id } : {}),
    attrs: { derived_from: 'log', log_operation: log.operation ?? '' },
  };
}

/**
 * The run or call a line stands for, in the wire shape (validated like any record by the caller),
 * or undefined. A run: job from the rule, else `<operation prefix>.<entity>`; duration from
 * `metadata.duration` (ms), records from `metadata.recordCount`. A call: outbound unless the rule
 * says otherwise, its latency `metadata.duration`, its outcome from the error's words.
 */
export function deriveRecord(log: NormalizedLog, own: readonly LogSignalRule[]): WireRun | WireCall | undefined {
  const rule = ruleFor(log.operation, own);
  if (!rule) return undefined;
  const metadata = log.details ?? {};
  const prefix = log.operation!.split('.')[0]!;
  const entity = textAt(metadata, 'entity');
  const error = errorOf(log, metadata);
  const duration = numberAt(metadata, 'duration');
  if (rule.signal === 'run') {
    const records = numberAt(metadata, 'recordCount');
    return {
      ...base(log),
      kind: 'run',
      job: rule.job ?? (entity ? `${prefix}.${entity}` : log.operation!),
      status: rule.status ?? (error !== undefined ? 'failed' : 'success'),
      ...(duration !== undefined ? { duration_ms: Math.round(duration) } : {}),
      ...(records !== undefined ? { counts: { records: Math.round(records) } } : {}),
      ...(error !== undefined ? { error } : {}),
    };
  }
  const failed = error !== undefined || FAILING_LEVELS.has(log.level);
  const outcome = failed ? classifyError(error ?? log.operation!, metadata.status ?? metadata.statusCode) : { status: numberAt(metadata, 'status') ?? 200 };
  return {
    ...base(log),
    kind: 'call',
    direction: rule.direction ?? 'outbound',
    operation: rule.callOperation ?? (entity ? `${prefix}.${entity}` : prefix),
    latency_ms: Math.min(duration ?? 0, RECORD_LIMITS.latencyMs),
    ...('status' in outcome ? { status: outcome.status, ...(error !== undefined ? { error } : {}) } : { error: outcome.error }),
  };
}
