/**
 * The records of Switchboard's wire contract, v1 (POST /api/v1/ingest), as this client sends them,
 * and the shapes its methods take: the same fields, with `ts` optional (it defaults to now) and
 * the `kind` implied by the method. They mirror the server's src/ingest/wire.ts on purpose: the
 * client is a package of its own and depends on the contract, not on the server's code; the
 * tests send every kind through the real server.
 */
export type AttrValue = string | number | boolean;

/** A timestamp: RFC 3339 text, epoch milliseconds or a Date. */
export type Timestamp = string | number | Date;

export interface RecordContext {
  /** The catalogue id of the integration: `^[a-z0-9][a-z0-9._-]{0,63}$`. */
  integration: string;
  /** Defaults to the client's `env` option, else the server's "production". */
  env?: string;
  site?: string;
  release?: string;
  tenant?: string;
  correlation_id?: string;
  order_id?: string;
  shipment_id?: string;
  /** Up to 32 keys of string, number or boolean values. */
  attrs?: Record<string, AttrValue>;
}

export interface CallInput extends RecordContext {
  /** "outbound": we call the partner; "inbound": the partner calls us. */
  direction: 'outbound' | 'inbound';
  operation: string;
  /** The HTTP status (100–599); required unless `error` is given. */
  status?: number;
  /** "timeout", "connection", "dns", "tls" or another short string. */
  error?: string;
  latency_ms: number;
  attempt?: number;
  /** When the call was made; defaults to now. */
  ts?: Timestamp;
}

export interface RunInput extends RecordContext {
  job: string;
  status: 'success' | 'failed' | 'partial';
  duration_ms?: number;
  /** Name → integer ≥ 0, e.g. `{ skus: 5120 }`. */
  counts?: Record<string, number>;
  error?: string;
  /** When the run finished; defaults to now. */
  ts?: Timestamp;
}

export interface EventInput extends RecordContext {
  /** e.g. "order.received", "label.created", "webhook.received". */
  name: string;
  ts?: Timestamp;
}

export interface GaugeInput extends RecordContext {
  name: string;
  value: number;
  ts?: Timestamp;
}

export type RecordKind = 'call' | 'run' | 'event' | 'gauge';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * A structured log line (POST /api/v1/logs, the server's docs/logs.md): the integration-monitoring
 * shape. Ids in `metadata` (orderId, shipmentId, correlationId) tie the line to traces; `error`
 * there names what failed.
 */
export interface LogInput {
  integration: string;
  level: LogLevel;
  message?: string;
  operation?: string;
  service?: string;
  /** Defaults to the client's `tenant` option. */
  tenant?: string;
  metadata?: Record<string, unknown>;
  /** When it was logged; defaults to now. */
  ts?: Timestamp;
}

interface Wire<K extends RecordKind> {
  kind: K;
  ts: string | number;
}

export type WireCall = Wire<'call'> & Omit<CallInput, 'ts'>;
export type WireRun = Wire<'run'> & Omit<RunInput, 'ts'>;
export type WireEvent = Wire<'event'> & Omit<EventInput, 'ts'>;
export type WireGauge = Wire<'gauge'> & Omit<GaugeInput, 'ts'>;
/** A record exactly as it goes on the wire. */
export type WireRecord = WireCall | WireRun | WireEvent | WireGauge;

/** A log line as it goes on the wire (the snake_case spelling). */
export interface WireLog {
  timestamp: string | number;
  level: LogLevel;
  integration_id: string;
  tenant_id?: string;
  message?: string;
  operation?: string;
  service?: string;
  metadata?: Record<string, unknown>;
}

export type RecordInput<K extends RecordKind> = K extends 'call'
  ? CallInput
  : K extends 'run'
    ? RunInput
    : K extends 'event'
      ? EventInput
      : GaugeInput;
