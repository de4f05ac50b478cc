import { preview } from '../ingest/normalize.js';
import { judgeKey, REDACTED, redactText } from '../ingest/redact.js';

export interface MetadataBounds {
  metadataChars: number;
  metadataDepth: number;
  metadataKeys: number;
}

/** A reason a metadata object is refused; the caller turns it into the line's rejection. */
export class MetadataProblem extends Error {}

/**
 * A line's metadata with every secret masked, as the ingest path masks attributes: the value of a
 * secret-named key whole (whatever it holds, an object too), secrets inside strings and keys where
 * they stand; nested objects and arrays are walked to the bounded depth. Null when there is none.
 */
export function redactMetadata(value: unknown, bounds: MetadataBounds): { redacted: Record<string, unknown>; json: string } | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new MetadataProblem(`metadata must be an object, not ${preview(value)}`);
  const redacted = walk(value, 'metadata', 1, bounds) as Record<string, unknown>;
  const json = JSON.stringify(redacted);
  if (json.length > bounds.metadataChars) {
    throw new MetadataProblem(`metadata is ${json.length} characters as JSON; the limit is ${bounds.metadataChars}`);
  }
  return { redacted, json };
}

function walk(value: unknown, path: string, depth: number, bounds: MetadataBounds): unknown {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new MetadataProblem(`${path} contains a NUL character (\\u0000), which cannot be stored`);
    return redactText(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MetadataProblem(`${path} must be a finite number`);
    return value;
  }
  if (typeof value === 'boolean' || value === null) return value;
  if (depth > bounds.metadataDepth) throw new MetadataProblem(`${path} is nested deeper than ${bounds.metadataDepth} levels`);
  if (Array.isArray(value)) {
    if (value.length > bounds.metadataKeys) throw new MetadataProblem(`${path} has more than ${bounds.metadataKeys} items`);
    return value.map((item, i) => walk(item, `${path}[${i}]`, depth + 1, bounds));
  }
  const keys = Object.keys(value as object);
  if (keys.length > bounds.metadataKeys) throw new MetadataProblem(`${path} has more than ${bounds.metadataKeys} keys`);
  const clean: Record<string, unknown> = {};
  for (const key of keys) {
    if (key.length > 128) throw new MetadataProblem(`${path} has a key longer than 128 characters (${preview(key)})`);
    if (key.includes('\u0000')) throw new MetadataProblem(`${path} has a key with a NUL character (\\u0000)`);
    const inner = (value as Record<string, unknown>)[key];
    const { name, secret } = judgeKey(key);
    const masked = secret ? REDACTED : walk(inner, `${path}.${key}`, depth + 1, bounds);
    // A key such as "__proto__" stays an ordinary key instead of setting the prototype; only then
    // defineProperty, which turns the object into a slow dictionary that JSON.stringify crawls.
    if (name === '__proto__') Object.defineProperty(clean, name, { value: masked, enumerable: true, writable: true, configurable: true });
    else clean[name] = masked;
  }
  return clean;
}
