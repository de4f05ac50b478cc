import type { LogSignalRule } from '../catalogue/types.js';
import { RECORD_LIMITS } from '../ingest/limits.js';
import { outcomeOf } from '../common/outcome.js';
import { checkBounds, NO_KIND_FIELDS, type TimeBounds } from '../ingest/normalize.js';
import type { NormalizedRecord } from '../store/record.js';
import { BoundedMemo } from '../common/bounded-memo.js';
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

/** A derived record the store would refuse: its line is kept, the record skipped. */
export const SKIPPED = 'skipped';

const shortText = (value: string) => value.length <= RECORD_LIMITS.shortText;

/** The attrs of a derived record depend on its line's operation alone: written once per operation. */
const attrsByOperation = new BoundedMemo<string, string>();
const attrsOf = (operation: string) => attrsByOperation.get(operation) ?? attrsByOperation.remember(operation, JSON.stringify({ derived_from: 'log', log_operation: operation }));

/** What every derived record takes from its line (all of it already validated and redacted); the kind's fields are set on it. */
function base(log: NormalizedLog, operation: string): NormalizedRecord {
  return {
    kind: 'call',
    ts: log.ts,
    integration: log.integration,
    env: 'production',
    site: null,
    release: null,
    tenant: log.tenant,
    correlation_id: log.correlation_id,
    order_id: log.order_id,
    shipment_id: log.shipment_id,
    ...NO_KIND_FIELDS,
    attrs: attrsOf(operation),
  };
}

/**
 * The run or call a line stands for, in the shape the store keeps, or undefined; SKIPPED when it
 * would break a record's bounds (its time past the raw records' retention, a duration past a
 * run's, a record count past 2^53, a job or operation name past 200 characters, a status no HTTP
 * status). Built from the
 * line as validated and redacted (src/logs/record.ts), so it is neither validated nor redacted a
 * second time: every string comes from the redacted line (or the catalogue's rule). A run: job
 * from the rule, else `<operation prefix>.<entity>`; duration from `metadata.duration` (ms),
 * records from `metadata.recordCount`. A call: outbound unless the rule says otherwise, its
 * latency `metadata.duration`, its outcome from the error's words.
 */
export function deriveRecord(log: NormalizedLog, own: readonly LogSignalRule[], rawBounds: TimeBounds): NormalizedRecord | typeof SKIPPED | undefined {
  const logOperation = log.operation;
  const rule = ruleFor(logOperation, own);
  if (!rule || logOperation === null) return undefined;
  if (checkBounds(log.ts, rawBounds) !== null) return SKIPPED;
  const metadata = log.details ?? {};
  const dot = logOperation.indexOf('.');
  const prefix = dot < 0 ? logOperation : logOperation.slice(0, dot);
  const entity = textAt(metadata, 'entity');
  const error = errorOf(log, metadata) ?? null;
  const duration = numberAt(metadata, 'duration');
  if (rule.signal === 'run') {
    const job = rule.job ?? (entity ? `${prefix}.${entity}` : logOperation);
    const durationMs = duration === undefined ? null : Math.round(duration);
    const records = numberAt(metadata, 'recordCount');
    if (!shortText(job) || (durationMs !== null && durationMs > RECORD_LIMITS.durationMs) || (records !== undefined && Math.round(records) > Number.MAX_SAFE_INTEGER)) return SKIPPED;
    const run = base(log, logOperation);
    run.kind = 'run';
    run.job = job;
    run.run_status = rule.status ?? (error !== null ? 'failed' : 'success');
    run.duration_ms = durationMs;
    run.counts = records === undefined ? null : JSON.stringify({ records: Math.round(records) });
    run.error = error;
    return run;
  }
  const operation = rule.callOperation ?? (entity ? `${prefix}.${entity}` : prefix);
  if (!shortText(operation)) return SKIPPED;
  const failed = error !== null || FAILING_LEVELS.has(log.level);
  const outcome = failed ? classifyError(error ?? logOperation, metadata.status ?? metadata.statusCode) : { status: numberAt(metadata, 'status') ?? 200 };
  const status = 'status' in outcome ? outcome.status : undefined;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) return SKIPPED;
  const callError = 'status' in outcome ? error : outcome.error;
  const call = base(log, logOperation);
  call.direction = rule.direction ?? 'outbound';
  call.operation = operation;
  call.http_status = status ?? null;
  call.outcome = outcomeOf(status, callError ?? undefined);
  call.error = callError;
  call.latency_ms = Math.min(duration ?? 0, RECORD_LIMITS.latencyMs);
  call.attempt = 1;
  return call;
}
