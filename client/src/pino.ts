/**
 * A pino destination that ships a service's pino logs to Switchboard as log lines, in one line of
 * configuration:
 *
 *   const logger = pino(pinoDestination({ url, key, integration: 'shop-sync', service: 'sync-worker' }));
 *
 * Each line pino writes is mapped to the log shape (docs/logs.md, "pino"): pino's numeric level to
 * its name, `time` to the timestamp, `msg` to the message, `integration` / `operation` / `tenantId`
 * fields to theirs, `err` to metadata.error, everything else (but pid and hostname) to metadata.
 * It needs nothing from pino itself: pino writes to any object with a `write` method.
 */
import { SwitchboardClient } from './client.js';
import type { ClientOptions } from './options.js';
import type { LogInput, LogLevel } from './records.js';

export interface PinoDestinationOptions extends ClientOptions {
  /** The integration of lines that name none (an `integration` field wins). */
  integration: string;
  /** The service of every line (default: pino's `name`). */
  service?: string;
  /** An existing client to send through (its options are used; `url` and `key` are then ignored). */
  client?: SwitchboardClient;
}

const LEVELS: ReadonlyArray<[number, LogLevel]> = [[60, 'fatal'], [50, 'error'], [40, 'warn'], [30, 'info'], [20, 'debug'], [0, 'trace']];
/** pino's own fields, and those the line's shape takes. */
const TAKEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v', 'integration', 'integrationId', 'operation', 'tenantId', 'tenant', 'err']);

function levelOf(level: unknown): LogLevel {
  if (typeof level === 'string') return (LEVELS.find(([, name]) => name === level)?.[1] ?? 'info');
  const value = typeof level === 'number' ? level : 30;
  return LEVELS.find(([floor]) => value >= floor)![1];
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** One line pino wrote (its JSON object) as a log line. */
export function logOfPino(line: Record<string, unknown>, options: Pick<PinoDestinationOptions, 'integration' | 'service'>): LogInput {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(line)) if (!TAKEN.has(key)) metadata[key] = value;
  const err = line.err as { message?: unknown; type?: unknown } | undefined;
  if (err && typeof err === 'object') {
    metadata.error = text(err.message) ?? String(err);
    if (text(err.type)) metadata.errorType = err.type;
  }
  const service = options.service ?? text(line.name);
  const operation = text(line.operation);
  const tenant = text(line.tenantId) ?? text(line.tenant);
  const message = text(line.msg);
  return {
    integration: text(line.integration) ?? text(line.integrationId) ?? options.integration,
    level: levelOf(line.level),
    ...(typeof line.time === 'number' ? { ts: line.time } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(operation !== undefined ? { operation } : {}),
    ...(service !== undefined ? { service } : {}),
    ...(tenant !== undefined ? { tenant } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

/**
 * Hands the lines in what pino wrote to the client, one client.log() each. A chunk may end inside
 * a line (a worker thread reads pino's output in pieces): the rest waits for the next chunk.
 */
export function pinoLineWriter(client: SwitchboardClient, options: Pick<PinoDestinationOptions, 'integration' | 'service'>): { write: (chunk: string) => void; end: () => void } {
  let partial = '';
  const send = (entry: string) => {
    if (entry.trim() === '') return;
    try {
      client.log(logOfPino(JSON.parse(entry) as Record<string, unknown>, options));
    } catch {
      // pino writes JSON; anything else (a custom serializer's text) is sent as its message.
      client.log({ integration: options.integration, level: 'info', message: entry, ...(options.service ? { service: options.service } : {}) });
    }
  };
  return {
    write(chunk: string) {
      const entries = (partial + chunk).split('\n');
      partial = entries.pop()!;
      entries.forEach(send);
    },
    end() {
      send(partial);
      partial = '';
    },
  };
}

/** A destination for pino: every line it writes becomes a client.log(); flush and close through the client. */
export function pinoDestination(options: PinoDestinationOptions): { write: (chunk: string) => void; client: SwitchboardClient } {
  const client = options.client ?? new SwitchboardClient(options);
  const lines = pinoLineWriter(client, options);
  return {
    client,
    write(chunk: string) {
      // pino writes one whole line per call in process.
      lines.write(chunk);
      lines.end();
    },
  };
}
