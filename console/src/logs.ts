/** The integration's log lines and error groups (docs/logs.md): answers and the Logs tab's filters. */
import type { components } from './api-types';
import type { Answer } from './types';


type Schemas = components['schemas'];

export type LogLine = Schemas['StoredLogLine'];
export type LogLevel = LogLine['level'];
export type LogsAnswer = Answer<'/api/v1/integrations/{id}/logs'>;
export type ErrorGroup = Schemas['LogErrorGroup'];
export type ErrorGroupsAnswer = Answer<'/api/v1/integrations/{id}/logs/errors'>;

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
