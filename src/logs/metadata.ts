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

/**
 * The value with its secrets masked: the value itself while nothing in it is masked (most
 * metadata holds none), else a copy made from the first change on, so a clean line costs no copy.
 */
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
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const masked = walk(value[i], `${path}[${i}]`, depth + 1, bounds);
      if (copy === undefined && masked !== value[i]) copy = value.slice(0, i);
      if (copy !== undefined) copy.push(masked);
    }
    return copy ?? value;
  }
  const keys = Object.keys(value as object);
  if (keys.length > bounds.metadataKeys) throw new MetadataProblem(`${path} has more than ${bounds.metadataKeys} keys`);
  let copy: Record<string, unknown> | undefined;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length > 128) throw new MetadataProblem(`${path} has a key longer than 128 characters (${preview(key)})`);
    if (key.includes('\u0000')) throw new MetadataProblem(`${path} has a key with a NUL character (\\u0000)`);
    const inner = (value as Record<string, unknown>)[key];
    const { name, secret } = judgeKey(key);
    const masked = secret ? REDACTED : walk(inner, `${path}.${key}`, depth + 1, bounds);
    if (copy === undefined && (masked !== inner || name !== key)) {
      copy = {};
      for (const earlier of keys.slice(0, k)) put(copy, earlier, (value as Record<string, unknown>)[earlier]);
    }
    if (copy !== undefined) put(copy, name, masked);
  }
  return copy ?? value;
}

function put(object: Record<string, unknown>, key: string, value: unknown): void {
  // A key such as "__proto__" stays an ordinary key instead of setting the prototype; only then
  // defineProperty, which turns the object into a slow dictionary that JSON.stringify crawls.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
