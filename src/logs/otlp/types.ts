import type { PlainValue } from '../../ingest/otlp/attributes.js';
import type { Attributes } from '../../ingest/otlp/types.js';

/** A log record as both OTLP encodings read it, before it is mapped to a log line. */
export interface OtlpLogRecord {
  timeNs: bigint;
  observedNs: bigint;
  severityNumber: number;
  severityText: string;
  body: PlainValue;
  attributes: Attributes;
  /** Lower-case hex; empty when absent. */
  traceId: string;
  spanId: string;
  eventName: string;
}

/** One record of a request with its resource, or why it could not be read; `where` locates it. */
export type LogRecordItem = { where: string; resource: Attributes; record: OtlpLogRecord } | { where: string; error: string };
