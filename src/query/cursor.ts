import { InputError } from '../errors.js';
import { shown } from './params.js';

/**
 * Cursors of the paginated lists: an answer's `next` is the key of its last item, opaque to the
 * caller (base64url of a small JSON array), given back as `cursor` for the page after it. A cursor
 * is checked against the shape its list uses before any of it reaches the store, so a forged or
 * stale one is a 400, never an engine error.
 */

export type CursorPart = 'number' | 'string';
type Value<P extends CursorPart> = P extends 'number' ? number : string;
export type CursorValues<S extends readonly CursorPart[]> = { [K in keyof S]: Value<S[K]> };

export const MAX_CURSOR_CHARS = 512;

export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor<const S extends readonly CursorPart[]>(raw: string | undefined, shape: S, name = 'cursor'): CursorValues<S> | undefined {
  if (raw === undefined || raw === '') return undefined;
  const refuse = () =>
    new InputError(`${name}=${shown(raw)} is not a cursor of this list: give back the "next" of the page before, or leave ${name} out for the first page`, 'invalid_cursor');
  if (raw.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(raw)) throw refuse();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(values) || values.length !== shape.length) throw refuse();
  shape.forEach((part, i) => {
    const value: unknown = values[i];
    const ok = part === 'number' ? typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= 8.64e15 : typeof value === 'string' && value.length <= 256;
    if (!ok) throw refuse();
  });
  return values as CursorValues<S>;
}

/** A page of a list read `limit + 1` long: the first `limit` items, and the cursor after them when there were more. */
export function pageOf<T>(items: readonly T[], limit: number, keyOf: (item: T) => ReadonlyArray<string | number>): { items: T[]; next: string | null } {
  if (items.length <= limit) return { items: [...items], next: null };
  const page = items.slice(0, limit);
  return { items: page, next: encodeCursor(keyOf(page[page.length - 1]!)) };
}
