import { InputError, messageOf } from '../../errors.js';
import { attributesOf, int64Value, type PlainValue } from './attributes.js';
import { ExportTraceServiceRequest } from './proto.js';
import type { OtlpSpan, SpanItem } from './types.js';

/** protobufjs decodes 64-bit fields as Long objects (two 32-bit halves), or as numbers without the long package. */
export interface Long {
  low: number;
  high: number;
}

/** The decoded message, as protobufjs builds it from the schema in proto.ts. */
export interface AnyValueMessage {
  stringValue: string;
  boolValue: boolean;
  intValue: Long | number;
  doubleValue: number;
  arrayValue: { values: AnyValueMessage[] } | null;
  kvlistValue: { values: KeyValueMessage[] } | null;
  bytesValue: Uint8Array;
}
export interface KeyValueMessage {
  key: string;
  value: AnyValueMessage | null;
}
interface SpanMessage {
  traceId: Uint8Array;
  spanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: Long | number;
  endTimeUnixNano: Long | number;
  attributes: KeyValueMessage[];
  events: Array<{ name: string; attributes: KeyValueMessage[] }>;
  status: { code: number; message: string } | null;
}
interface RequestMessage {
  resourceSpans: Array<{ resource: { attributes: KeyValueMessage[] } | null; scopeSpans: Array<{ spans: SpanMessage[] }> }>;
}

export function uint64(value: Long | number): bigint {
  return typeof value === 'number' ? BigInt(value) : (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

/** Most integer attributes (ports, status codes, counts) fit 32 bits: skip BigInt for them. */
function int64(value: Long | number): number | string {
  if (typeof value === 'number') return value;
  if (value.high === 0 && value.low >= 0) return value.low;
  return int64Value(BigInt.asIntN(64, uint64(value)));
}

/** The member the bytes carried is an own property of the message (see AnyValue in proto.ts). */
export function plainOf(value: AnyValueMessage | null): PlainValue {
  if (value === null) return null;
  if (Object.hasOwn(value, 'stringValue')) return value.stringValue;
  if (Object.hasOwn(value, 'intValue')) return int64(value.intValue);
  if (Object.hasOwn(value, 'boolValue')) return value.boolValue;
  if (Object.hasOwn(value, 'doubleValue')) return value.doubleValue;
  if (Object.hasOwn(value, 'arrayValue')) return (value.arrayValue?.values ?? []).map(plainOf);
  if (Object.hasOwn(value, 'kvlistValue')) return Object.fromEntries((value.kvlistValue?.values ?? []).map((pair) => [pair.key, plainOf(pair.value)]));
  if (Object.hasOwn(value, 'bytesValue')) return Buffer.from(value.bytesValue).toString('base64');
  return null;
}

export const attributesFrom = (pairs: KeyValueMessage[]) => attributesOf(pairs.map((pair) => [pair.key, plainOf(pair.value)]));
// An absent bytes field decodes as an empty array, not a Uint8Array.
export const hex = (bytes: Uint8Array) => (bytes.length === 0 ? '' : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'));

function spanOf(message: SpanMessage): OtlpSpan {
  return {
    traceId: hex(message.traceId),
    spanId: hex(message.spanId),
    name: message.name,
    kind: message.kind,
    startNs: uint64(message.startTimeUnixNano),
    endNs: uint64(message.endTimeUnixNano),
    attributes: attributesFrom(message.attributes),
    events: message.events.map((event) => ({ name: event.name, attributes: attributesFrom(event.attributes) })),
    status: { code: message.status?.code ?? 0, message: message.status?.message ?? '' },
  };
}

/** Reads an ExportTraceServiceRequest in the binary encoding; bytes that do not decode reject the whole request. */
export function readProtobufRequest(body: Buffer): SpanItem[] {
  let request: RequestMessage;
  try {
    request = ExportTraceServiceRequest.decode(body) as unknown as RequestMessage;
  } catch (error) {
    throw new InputError(`the body is not a protobuf ExportTraceServiceRequest: ${messageOf(error)}`, 'invalid_protobuf');
  }
  const items: SpanItem[] = [];
  request.resourceSpans.forEach((resourceSpans, r) => {
    const resource = attributesFrom(resourceSpans.resource?.attributes ?? []);
    resourceSpans.scopeSpans.forEach((scopeSpans, s) => {
      scopeSpans.spans.forEach((span, i) => {
        items.push({ where: `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`, resource, span: spanOf(span) });
      });
    });
  });
  return items;
}
