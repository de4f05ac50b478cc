/** The integration's log lines and error groups (docs/logs.md): answers and the Logs tab's filters. */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogLine {
  id: number;
  ts: number;
  integration: string;
  level: LogLevel;
  service: string | null;
  operation: string | null;
  message: string | null;
  fingerprint: string | null;
  tenant: string | null;
  correlation_id: string | null;
  order_id: string | null;
  shipment_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  metadata: Record<string, unknown> | null;
}

export interface LogsAnswer {
  from: number;
  to: number;
  logs: LogLine[];
  next: string | null;
}

export interface ErrorGroup {
  fingerprint: string;
  level: 'warn' | 'error' | 'fatal';
  pattern: string;
  sample: string;
  sample_ts: number;
  first_seen: number;
  last_seen: number;
  total_lines: number;
  lines: number;
  previous_lines: number;
  trend: 'new' | 'rising' | 'falling' | 'steady';
  points: number[];
}

export interface ErrorGroupsAnswer {
  from: number;
  to: number;
  step_ms: number;
  t: number[];
  groups: ErrorGroup[];
}

/** Which lines the Logs tab shows: kept in the URL, so a filtered view (an alert's sample) is a link. */
export interface LogFilters {
  /** `warn,error`: only these levels; empty: every level. */
  level: string;
  operation: string;
  q: string;
  fingerprint: string;
  /** A line's ts: the lines five minutes either side of it, whatever the other filters. */
  around: string;
}

export const LOG_FILTER_NAMES = ['level', 'operation', 'q', 'fingerprint', 'around'] as const;

export const LEVEL_CHOICES: Array<{ value: string; label: string }> = [
  { value: '', label: 'Every level' },
  { value: 'warn,error,fatal', label: 'Warnings and errors' },
  { value: 'error,fatal', label: 'Errors' },
  { value: 'info', label: 'Info' },
  { value: 'debug,trace', label: 'Debug' },
];

export function readLogFilters(search: string): LogFilters {
  const query = new URLSearchParams(search);
  return Object.fromEntries(LOG_FILTER_NAMES.map((name) => [name, query.get(name) ?? ''])) as unknown as LogFilters;
}

/** The page's search with the Logs tab's filters replaced (the window and tab kept). */
export function withLogFilters(search: string, filters: Partial<LogFilters>): string {
  const query = new URLSearchParams(search);
  query.set('tab', 'logs');
  for (const [name, value] of Object.entries(filters)) {
    if (value) query.set(name, value);
    else query.delete(name);
  }
  return `?${query.toString()}`;
}

/** Five minutes either side of a line: its context. */
export const CONTEXT_MS = 5 * 60_000;
