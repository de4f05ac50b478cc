import { InputError } from '../errors.js';
import { HOUR, MINUTE, floorTo } from '../rollup/tiers.js';
import { OUTCOMES, type Outcome } from '../common/outcome.js';

/**
 * The query parameters of the read routes, each checked in one place: a bad value is a 400 that
 * names the parameter and what it takes, never a 500 from the engine. (Repeated parameters,
 * overlong values and too many of them are refused before any route runs: server/query-hygiene.ts.)
 */

/** The filters every read endpoint takes (env, site, release, operation, direction). */
export interface SeriesFilters {
  env?: string;
  site?: string;
  release?: string;
  operation?: string;
  direction?: string;
}

export interface Window {
  from: number;
  to: number;
}

export type QueryParams = Record<string, string | undefined>;

const FILTER_NAMES = ['env', 'site', 'release', 'operation', 'direction'] as const;

/** The latest instant a JavaScript Date holds (year 275760); epoch milliseconds beyond it are no time. */
export const MAX_TIME_MS = 8.64e15;
/** A filter value (env, site, release, operation) is at most this long. */
export const MAX_FILTER_CHARS = 512;
/** Ids of orders, shipments and correlations: the contract's bound. */
export const MAX_ID_CHARS = 128;

export const INTEGRATION_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A value as an error message shows it: never more than a few dozen characters of what was sent. */
export function shown(raw: string): string {
  if (raw.length <= 40 && /^[\w.:+\-,]*$/.test(raw)) return raw;
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}

/** An instant as a message shows it, whatever it is. */
export function isoOf(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? new Date(ms).toISOString() : String(ms);
}

export function integrationId(id: string, name = 'integration'): string {
  if (!INTEGRATION_ID.test(id)) throw new InputError(`${name} ${shown(id)} is not an integration id (^[a-z0-9][a-z0-9._-]{0,63}$)`, 'invalid_integration');
  return id;
}

/** RFC 3339 or epoch milliseconds, from 1970 up to the latest time a Date holds. */
export function parseTime(name: string, raw: string): number {
  const text = raw.trim();
  if (/^-?\d+$/.test(text)) {
    const ms = Number(text);
    if (ms < 0) throw new InputError(`${name}=${shown(raw)} is before 1970-01-01: epoch milliseconds are 0 or more`, 'invalid_time');
    if (ms > MAX_TIME_MS) throw new InputError(`${name}=${shown(raw)} is out of range: epoch milliseconds go up to ${MAX_TIME_MS} (year 275760)`, 'invalid_time');
    return ms;
  }
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new InputError(`${name}=${shown(raw)} is neither an RFC 3339 timestamp nor epoch milliseconds (e.g. 2026-11-20T12:00:00Z or 1795176000000)`, 'invalid_time');
  }
  if (ms < 0) throw new InputError(`${name}=${shown(raw)} is before 1970-01-01`, 'invalid_time');
  return ms;
}

/** What a window may cover: no older than retention keeps, no later than now plus the clock skew. */
export interface WindowBounds {
  /** How far back the data read is kept (undefined: as far back as 1970). */
  retentionMs?: number;
  /** How far ahead of the server clock a record may be. */
  skewMs?: number;
  /** The default span when `from` is absent (one hour). */
  defaultSpan?: number;
}

function days(ms: number): string {
  const d = ms / 86_400_000;
  return d >= 1 ? `${Math.round(d)} days` : `${Math.round(ms / 60_000)} minutes`;
}

/**
 * The requested window, clamped to what the store can hold (no older than `retentionMs` before
 * now, no later than now plus `skewMs`, to the next whole minute) and aligned down to whole
 * minutes (the finest rollup). Defaults: the last hour up to now. The answer of every windowed
 * read gives the window it used, so a clamped window is never a silent one.
 */
export function parseWindow(query: QueryParams, now: number, bounds: WindowBounds | number = {}): Window {
  const { retentionMs, skewMs = 5 * MINUTE, defaultSpan = HOUR } = typeof bounds === 'number' ? { defaultSpan: bounds } : bounds;
  const latest = floorTo(now + skewMs + MINUTE - 1, MINUTE);
  const oldest = retentionMs === undefined ? 0 : Math.max(0, floorTo(now - retentionMs, MINUTE));
  const askedTo = query.to ? parseTime('to', query.to) : now + MINUTE - 1;
  const askedFrom = query.from ? parseTime('from', query.from) : floorTo(Math.min(askedTo, latest), MINUTE) - defaultSpan;
  if (askedFrom >= latest) {
    throw new InputError(`the window starts (${isoOf(askedFrom)}) in the future; the latest data is at most ${days(skewMs)} ahead of now (${isoOf(now)})`, 'window_out_of_range');
  }
  if (askedFrom >= askedTo) {
    throw new InputError(`the window is empty: from (${isoOf(askedFrom)}) must be before to (${isoOf(askedTo)})`, 'empty_window');
  }
  if (askedTo <= oldest) {
    throw new InputError(
      `the window ends (${isoOf(askedTo)}) before the oldest data kept (${isoOf(oldest)}: this is kept ${days(retentionMs ?? 0)}); ask for a later window`,
      'window_out_of_range',
    );
  }
  const to = floorTo(Math.min(askedTo, latest), MINUTE);
  const from = floorTo(Math.max(askedFrom, oldest), MINUTE);
  if (from >= to) {
    throw new InputError(
      `the window is empty: from (${isoOf(from)}) must be before to (${isoOf(to)}) once both are aligned down to whole minutes`,
      'empty_window',
    );
  }
  return { from, to };
}

export function parseFilters(query: QueryParams): SeriesFilters {
  const filters: SeriesFilters = {};
  for (const name of FILTER_NAMES) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    if (value.length > MAX_FILTER_CHARS) throw new InputError(`${name} is ${value.length} characters long; a filter is at most ${MAX_FILTER_CHARS}`, 'parameter_too_long');
    filters[name] = value;
  }
  if (filters.direction && filters.direction !== 'inbound' && filters.direction !== 'outbound') {
    throw new InputError(`direction=${shown(filters.direction)} must be "inbound" or "outbound"`);
  }
  return filters;
}

export function parseLimit(raw: string | undefined, fallback: number, max: number, name = 'limit'): number {
  if (raw === undefined) return fallback;
  const limit = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) {
    throw new InputError(`${name}=${shown(raw)} must be a whole number from 1 to ${max}`, 'invalid_limit');
  }
  return limit;
}

/** One of a few words; absent or empty: undefined. */
export function parseEnum<T extends string>(name: string, raw: string | undefined, values: readonly T[]): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!(values as readonly string[]).includes(raw)) throw new InputError(`${name}=${shown(raw)} must be one of ${values.join(', ')}`, 'invalid_value');
  return raw as T;
}

/** `true` or `false`; absent or empty: undefined. */
export function parseBoolean(name: string, raw: string | undefined): boolean | undefined {
  const value = parseEnum(name, raw, ['true', 'false'] as const);
  return value === undefined ? undefined : value === 'true';
}

/** A positive whole number (a step, an id), as sent. */
export function parsePositiveInteger(name: string, raw: string): number {
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new InputError(`${name}=${shown(raw)} must be a positive whole number`, `invalid_${name}`);
  return value;
}

/** `outcome=server_error,timeout`: the failure classes to list (default: every class but ok). */
export function parseOutcomes(raw: string | undefined): Outcome[] {
  if (raw === undefined || raw === '') return OUTCOMES.filter((outcome) => outcome !== 'ok');
  const outcomes = [...new Set(raw.split(',').map((value) => value.trim()))];
  for (const outcome of outcomes) {
    if (!(OUTCOMES as readonly string[]).includes(outcome)) {
      throw new InputError(`outcome=${shown(outcome)} is not an outcome class; use ${OUTCOMES.join(', ')}`, 'invalid_value');
    }
  }
  return outcomes as Outcome[];
}

/** A search string: trimmed, at most `max` characters; empty or absent, no search. */
export function parseSearch(raw: string | undefined, max = 100, name = 'q'): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  if (text.length > max) throw new InputError(`${name} is ${text.length} characters long; a search is at most ${max}`, 'invalid_search');
  return text;
}
