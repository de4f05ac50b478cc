import { sql, type Kysely, type SqlBool } from 'kysely';
import { InputError } from '../errors.js';
import { parseSearch, shown, type QueryParams, type Window } from '../query/params.js';
import { isPostgres } from '../store/partitions.js';
import type { Database } from '../store/schema.js';
import { LOG_LEVELS, type LogLevel } from './record.js';

export const LOGS_LIMIT = 100;
export const LOGS_MAX_LIMIT = 500;
/** The longest text search, in characters. */
export const MAX_LOG_SEARCH_CHARS = 200;

export interface LogFilters {
  levels?: LogLevel[];
  operation?: string;
  /** Case-insensitive text, found in the message, the operation or the metadata. */
  text?: string;
  /** The lines of one error type. */
  fingerprint?: string;
}

/** `level=warn,error`, `operation=…`, `q=…` of a search. */
export function parseLogFilters(query: QueryParams): LogFilters {
  const filters: LogFilters = {};
  if (query.level) {
    const levels = [...new Set(query.level.split(',').map((level) => level.trim().toLowerCase()))];
    for (const level of levels) {
      if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new InputError(`level=${shown(level)} is not a log level; use ${LOG_LEVELS.join(', ')} (several: level=warn,error)`, 'invalid_value');
    }
    filters.levels = levels as LogLevel[];
  }
  if (query.operation) {
    if (query.operation.length > 200) throw new InputError(`operation is ${query.operation.length} characters long; an operation is at most 200`, 'parameter_too_long');
    filters.operation = query.operation;
  }
  if (query.fingerprint) {
    if (!/^[0-9a-f]{16}$/.test(query.fingerprint)) throw new InputError(`fingerprint=${shown(query.fingerprint)} is not an error type's fingerprint (16 hex digits, from GET …/logs/errors)`, 'invalid_value');
    filters.fingerprint = query.fingerprint;
  }
  const text = parseSearch(query.q, MAX_LOG_SEARCH_CHARS);
  if (text !== undefined) filters.text = text;
  return filters;
}

/** A LIKE pattern that finds `text` anywhere, its own %, _ and ! taken literally (escape '!'). */
function containing(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** A stored line as the API shows it. */
export function presentLog(row: {
  id: number; ts: number; integration: string; level: string; service: string | null; operation: string | null; message: string | null; fingerprint: string | null;
  tenant: string | null; correlation_id: string | null; order_id: string | null; shipment_id: string | null; trace_id: string | null; span_id: string | null; metadata: string | null;
}) {
  return {
    id: Number(row.id),
    ts: Number(row.ts),
    integration: row.integration,
    level: row.level,
    service: row.service,
    operation: row.operation,
    message: row.message,
    fingerprint: row.fingerprint,
    tenant: row.tenant,
    correlation_id: row.correlation_id,
    order_id: row.order_id,
    shipment_id: row.shipment_id,
    trace_id: row.trace_id,
    span_id: row.span_id,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
  };
}

export type PresentedLog = ReturnType<typeof presentLog>;

export const LOG_READ_COLUMNS = [
  'id', 'ts', 'integration', 'level', 'service', 'operation', 'message', 'fingerprint', 'tenant',
  'correlation_id', 'order_id', 'shipment_id', 'trace_id', 'span_id', 'metadata',
] as const;

/**
 * An integration's lines in a window, newest first, `limit` of them after the cursor (the ts and
 * id of the last line of the page before). The (integration, ts, id) index, or the one with level
 * when levels are asked, serves the order; a text filter is checked on the lines that index walks,
 * and the read gate's deadline bounds how far (docs/logs.md).
 */
export async function searchLogs(db: Kysely<Database>, integration: string, window: Window, filters: LogFilters, limit: number, before?: readonly [number, number]) {
  let query = db
    .selectFrom('log_records')
    .select(LOG_READ_COLUMNS)
    .where('integration', '=', integration)
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to);
  if (filters.levels) query = query.where('level', 'in', filters.levels);
  if (filters.operation !== undefined) query = query.where('operation', '=', filters.operation);
  if (filters.fingerprint !== undefined) query = query.where('fingerprint', '=', filters.fingerprint);
  if (filters.text !== undefined) {
    const like = sql.raw(isPostgres(db) ? 'ilike' : 'like');
    const pattern = containing(filters.text);
    query = query.where((eb) => eb.or(['message', 'operation', 'metadata'].map((column) => sql<SqlBool>`${sql.ref(column)} ${like} ${pattern} escape '!'`)));
  }
  if (before) {
    const [ts, id] = before;
    query = query.where((eb) => eb.or([eb('ts', '<', ts), eb.and([eb('ts', '=', ts), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('ts', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(presentLog);
}
