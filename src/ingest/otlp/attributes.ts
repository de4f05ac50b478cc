import type { AttrValue } from '../wire.js';
import type { Attributes } from './types.js';

/** An OTLP AnyValue as either encoding decodes it; null for an empty one. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

/** A 64-bit integer as a number when it is exactly one, else as decimal text. */
export function int64Value(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}

function flatten(value: Exclude<PlainValue, null>): AttrValue {
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/** Key/value pairs as attributes; empty values are dropped, as OTLP treats them as absent. */
export function attributesOf(pairs: Iterable<[string, PlainValue]>): Attributes {
  const attributes: Attributes = new Map();
  for (const [key, value] of pairs) if (value !== null) attributes.set(key, flatten(value));
  return attributes;
}
