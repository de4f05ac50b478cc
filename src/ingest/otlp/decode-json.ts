import { InputError } from '../../errors.js';
import { syntaxMessage } from '../body.js';
import { attributesOf, int64Value, type PlainValue } from './attributes.js';
import type { Attributes, OtlpSpan, SpanItem } from './types.js';

/**
 * Reads an ExportTraceServiceRequest in the OTLP/JSON encoding: lowerCamelCase keys (snake_case
 * is read too, as the Collector does), hex ids, 64-bit integers as decimal strings or numbers,
 * enums as integers, unknown fields ignored. A body whose structure cannot be walked (bad JSON,
 * a list that is not a list) rejects the request; a span with a field of the wrong type rejects
 * only that span, so the good ones around it are kept.
 */
export type JsonObject = Record<string, unknown>;

/** A field of the wrong type; `path` is relative to the span or resource being read. */
export class FieldError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a nested part, naming it in the path of any field error from inside. */
export function within<T>(prefix: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw error instanceof FieldError ? new FieldError(`${prefix}.${error.path}`, error.message) : error;
  }
}

const snakeNames = new Map<string, string>();
export function get(object: JsonObject, name: string): unknown {
  if (object[name] !== undefined) return object[name];
  let snake = snakeNames.get(name);
  if (snake === undefined) snakeNames.set(name, (snake = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)));
  return object[snake];
}

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const describeType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

export function string(object: JsonObject, name: string): string {
  const value = get(object, name);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new FieldError(name, `must be a string, not ${describeType(value)}`);
  return value;
}

export function hexId(object: JsonObject, name: string): string {
  const value = string(object, name);
  if (!/^[0-9a-fA-F]*$/.test(value)) {
    throw new FieldError(name, `must be hex digits (OTLP/JSON encodes ids as hex, not base64), not ${JSON.stringify(value.slice(0, 40))}`);
  }
  return value.toLowerCase();
}

export function enumInt(object: JsonObject, name: string, example: string): number {
  const value = get(object, name);
  if (value === undefined || value === null) return 0;
  if (!Number.isInteger(value)) {
    throw new FieldError(name, `must be an integer (OTLP/JSON encodes enums as integers, e.g. ${example}), not ${JSON.stringify(value)}`);
  }
  return value as number;
}

export function unixNano(object: JsonObject, name: string): bigint {
  const value = get(object, name);
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  throw new FieldError(name, `must be nanoseconds since the epoch, as a decimal string or an integer, not ${JSON.stringify(value)}`);
}

export function list(object: JsonObject, name: string): unknown[] {
  const value = get(object, name);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new FieldError(name, `must be an array, not ${describeType(value)}`);
  return value;
}

export function objectAt(items: unknown[], index: number, name: string): JsonObject {
  const item = items[index];
  if (!isObject(item)) throw new FieldError(`${name}[${index}]`, `must be an object, not ${describeType(item)}`);
  return item;
}

export function anyValue(value: unknown, path: string): PlainValue {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new FieldError(path, `must be an AnyValue object such as {"stringValue": "…"}, not ${describeType(value)}`);
  for (const [name, accepts] of VALUE_READERS) {
    const inner = get(value, name);
    if (inner !== undefined && inner !== null) return accepts(inner, `${path}.${name}`);
  }
  return null;
}

const VALUE_READERS: Array<[string, (value: unknown, path: string) => PlainValue]> = [
  ['stringValue', (value, path) => primitive(value, 'string', path)],
  ['boolValue', (value, path) => primitive(value, 'boolean', path)],
  [
    'intValue',
    (value, path) => {
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) return int64Value(BigInt(value));
      throw new FieldError(path, `must be an integer, as a decimal string or a number, not ${JSON.stringify(value)}`);
    },
  ],
  [
    'doubleValue',
    // proto3 JSON spells the non-finite doubles as strings.
    (value, path) => (typeof value === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(value) ? value : primitive(value, 'number', path)),
  ],
  ['arrayValue', (value, path) => valuesOf(value, path).map((item, index) => anyValue(item, `${path}.values[${index}]`))],
  ['kvlistValue', (value, path) => Object.fromEntries(keyValues(valuesOf(value, path), `${path}.values`))],
  ['bytesValue', (value, path) => primitive(value, 'string', path)],
];

function primitive(value: unknown, type: 'string' | 'number' | 'boolean', path: string): string | number | boolean {
  if (typeof value !== type) throw new FieldError(path, `must be a ${type}, not ${describeType(value)}`);
  return value as string | number | boolean;
}

/** The `values` of an ArrayValue or a KeyValueList. */
function valuesOf(value: unknown, path: string): unknown[] {
  if (!isObject(value)) throw new FieldError(path, `must be {"values": […]}, not ${describeType(value)}`);
  return within(path, () => list(value, 'values'));
}

export function keyValues(items: unknown[], path: string): Array<[string, PlainValue]> {
  return items.map((_, index) => {
    const pair = objectAt(items, index, path);
    const key = get(pair, 'key');
    if (typeof key !== 'string') throw new FieldError(`${path}[${index}].key`, `must be a string, not ${describeType(key)}`);
    return [key, anyValue(get(pair, 'value'), `${path}[${index}].value`)];
  });
}

export const attributes = (object: JsonObject): Attributes => attributesOf(keyValues(list(object, 'attributes'), 'attributes'));

function spanOf(object: JsonObject): OtlpSpan {
  const status = get(object, 'status') ?? {};
  if (!isObject(status)) throw new FieldError('status', `must be an object, not ${describeType(status)}`);
  const events = list(object, 'events');
  return {
    traceId: hexId(object, 'traceId'),
    spanId: hexId(object, 'spanId'),
    name: string(object, 'name'),
    kind: enumInt(object, 'kind', '3 for SPAN_KIND_CLIENT'),
    startNs: unixNano(object, 'startTimeUnixNano'),
    endNs: unixNano(object, 'endTimeUnixNano'),
    attributes: attributes(object),
    events: events.map((_, index) => {
      const event = objectAt(events, index, 'events');
      return within(`events[${index}]`, () => ({ name: string(event, 'name'), attributes: attributes(event) }));
    }),
    status: within('status', () => ({ code: enumInt(status, 'code', '2 for STATUS_CODE_ERROR'), message: string(status, 'message') })),
  };
}

export function fieldMessage(error: unknown, where: string): string {
  if (error instanceof FieldError) return `${where ? `${where}.` : ''}${error.path} ${error.message}`;
  throw error;
}

/** The three nested lists of an OTLP export request, and the request's name in the protocol. */
export interface OtlpJsonShape {
  request: string;
  resources: string;
  scopes: string;
  items: string;
}

/** One item of a request read: its resource and what `read` made of it, or why it was rejected. */
export type OtlpJsonItem<T> = { where: string; resource: Attributes; value: T } | { where: string; error: string };

/**
 * Reads an export request in the OTLP/JSON encoding (traces, logs): a body that is not one, or a
 * list that is not a list, rejects the request (it leaves nothing to count); an item with a field
 * of the wrong type, or under an invalid resource, rejects only that item.
 */
export function readOtlpJson<T>(body: Buffer, shape: OtlpJsonShape, read: (item: JsonObject) => T): Array<OtlpJsonItem<T>> {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the body is not valid JSON: ${syntaxMessage(error, text)}`, 'invalid_json');
  }
  if (!isObject(parsed)) {
    throw new InputError(`the body must be a JSON object {"${shape.resources}": […]} (an ${shape.request}), not ${describeType(parsed)}`, 'invalid_otlp');
  }
  const structure = (object: JsonObject, name: string, where: string): JsonObject[] => {
    try {
      const items = list(object, name);
      return items.map((_, index) => objectAt(items, index, name));
    } catch (error) {
      throw new InputError(`the body is not an OTLP/JSON ${shape.request}: ${fieldMessage(error, where)}`, 'invalid_otlp');
    }
  };
  const items: Array<OtlpJsonItem<T>> = [];
  structure(parsed, shape.resources, '').forEach((resourceObject, r) => {
    const at = `${shape.resources}[${r}]`;
    const resourceAttributes = get(resourceObject, 'resource');
    let resource: Attributes | string;
    try {
      resource = isObject(resourceAttributes) ? attributes(resourceAttributes) : new Map();
    } catch (error) {
      resource = fieldMessage(error, `${at}.resource`);
    }
    structure(resourceObject, shape.scopes, at).forEach((scope, s) => {
      structure(scope, shape.items, `${at}.${shape.scopes}[${s}]`).forEach((item, i) => {
        const where = `${at}.${shape.scopes}[${s}].${shape.items}[${i}]`;
        if (typeof resource === 'string') {
          items.push({ where, error: `its resource is invalid: ${resource}` });
          return;
        }
        try {
          items.push({ where, resource, value: read(item) });
        } catch (error) {
          items.push({ where, error: fieldMessage(error, '') });
        }
      });
    });
  });
  return items;
}

const TRACES: OtlpJsonShape = { request: 'ExportTraceServiceRequest', resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' };

export function readJsonRequest(body: Buffer): SpanItem[] {
  return readOtlpJson(body, TRACES, spanOf).map((item) => ('error' in item ? item : { where: item.where, resource: item.resource, span: item.value }));
}
