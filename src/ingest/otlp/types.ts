import type { AttrValue } from '../wire.js';

/**
 * A span as both OTLP encodings read it, before any Switchboard meaning is given to it.
 * Attribute values are flattened to what a record's attrs can hold: arrays and maps become JSON
 * text, bytes base64, and 64-bit integers beyond 2^53 decimal text.
 */
export type Attributes = Map<string, AttrValue>;

export interface OtlpSpan {
  /** Lower-case hex, as decoded (its length is checked by the mapping). */
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Attributes;
  events: Array<{ name: string; attributes: Attributes }>;
  status: { code: number; message: string };
}

/** One span of a request with its resource, or why it could not be read; `where` locates it in the request. */
export type SpanItem = { where: string; resource: Attributes; span: OtlpSpan } | { where: string; error: string };

export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;
