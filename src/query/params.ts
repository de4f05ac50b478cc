import { InputError } from '../errors.js';
import { HOUR, MINUTE, floorTo } from '../rollup/tiers.js';
import { OUTCOMES, type Outcome } from '../ingest/outcome.js';

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

export function parseTime(name: string, raw: string): number {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms)) {
    throw new InputError(`${name}=${raw} is neither an RFC 3339 timestamp nor epoch milliseconds`);
  }
  return ms;
}

/**
 * The requested window, aligned down to whole minutes (the finest rollup). Defaults: the last
 * hour up to now.
 */
export function parseWindow(query: QueryParams, now: number, defaultSpan = HOUR): Window {
  const to = floorTo(query.to ? parseTime('to', query.to) : now + MINUTE - 1, MINUTE);
  const from = floorTo(query.from ? parseTime('from', query.from) : to - defaultSpan, MINUTE);
  if (from >= to) {
    throw new InputError(
      `the window is empty: from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()}) once both are aligned down to whole minutes`,
    );
  }
  return { from, to };
}

export function parseFilters(query: QueryParams): SeriesFilters {
  const filters: SeriesFilters = {};
  for (const name of FILTER_NAMES) {
    const value = query[name];
    if (value !== undefined && value !== '') filters[name] = value;
  }
  if (filters.direction && filters.direction !== 'inbound' && filters.direction !== 'outbound') {
    throw new InputError(`direction=${filters.direction} must be "inbound" or "outbound"`);
  }
  return filters;
}

export function parseLimit(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InputError(`limit=${raw} must be a whole number from 1 to ${max}`);
  }
  return limit;
}

/** `outcome=server_error,timeout`: the failure classes to list (default: every class but ok). */
export function parseOutcomes(raw: string | undefined): Outcome[] {
  if (raw === undefined || raw === '') return OUTCOMES.filter((outcome) => outcome !== 'ok');
  const outcomes = raw.split(',').map((value) => value.trim());
  for (const outcome of outcomes) {
    if (!(OUTCOMES as readonly string[]).includes(outcome)) {
      throw new InputError(`outcome=${outcome} is not an outcome class; use ${OUTCOMES.join(', ')}`);
    }
  }
  return outcomes as Outcome[];
}
