/**
 * A pino transport: the service's pino logs shipped to Switchboard from pino's worker thread, so
 * batching, retries and HTTP never run on the service's own event loop:
 *
 *   const logger = pino({ transport: { target: '@switchboard/client/pino-transport', options: { url, key, integration: 'shop-sync' } } });
 *
 * Lines are mapped as the in-process destination maps them (./pino.ts). The options cross into
 * the worker by structured clone, so they hold data only: functions (onError, onDrop, fetch) come
 * from a module the worker imports, named by the `hooks` option. When the
 * logger's transport ends (pino ends it as the process exits, or `logger.flush()` then
 * `transport.end()`), the client sends what it holds before the worker stops: pino waits for that
 * up to 10 seconds, so the client gets `closeTimeoutMs` (default 8,000) of it.
 *
 * pino's worker (thread-stream) needs a stream with write, end and the error, close and drain
 * events; that little is written out here instead of taking Node's stream module or
 * pino-abstract-transport, so the client keeps no dependencies.
 */
import { SwitchboardClient } from './client.js';
import type { ClientOptions } from './options.js';
import { pinoLineWriter } from './pino.js';

/** What a hooks module may export, each a named export: the client's options that are functions. */
export type PinoTransportHooks = Pick<ClientOptions, 'onError' | 'onDrop' | 'fetch'>;
const HOOKS = ['onError', 'onDrop', 'fetch'] as const;

export interface PinoTransportOptions extends Omit<ClientOptions, 'onError' | 'onDrop' | 'fetch' | 'flushOnExit'> {
  /** The integration of lines that name none (an `integration` field wins). */
  integration: string;
  /** The service of every line (default: pino's `name`). */
  service?: string;
  /** How long the client may take to send what it holds when the transport ends. Default 8,000 ms. */
  closeTimeoutMs?: number;
  /**
   * A module the worker imports for the options that cannot be cloned into it: its named exports
   * `onError`, `onDrop` and `fetch` (each optional, functions). A package name, an absolute path, a
   * `file:` URL, or a path starting with `./` or `../` (from the process's working directory).
   */
  hooks?: string;
}

/** A path as a file URL (a relative one from the working directory); a package name or URL as it is. */
function moduleUrl(specifier: string): string {
  if (specifier.startsWith('/')) return new URL(specifier, 'file:///').href;
  if (!/^\.\.?\//.test(specifier)) return specifier;
  const cwd = (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.() ?? '/';
  return new URL(specifier, new URL(cwd.endsWith('/') ? cwd : `${cwd}/`, 'file:///')).href;
}

/** The `hooks` module's functions; a module that exports none of them, or a non-function, is refused. */
export async function loadHooks(specifier: string): Promise<PinoTransportHooks> {
  const loaded = (await import(moduleUrl(specifier))) as Record<string, unknown>;
  const hooks: PinoTransportHooks = {};
  for (const name of HOOKS) {
    const value = loaded[name];
    if (value === undefined) continue;
    if (typeof value !== 'function') throw new TypeError(`the pino transport's hooks module ${specifier} exports ${name} as ${typeof value}, not a function`);
    Object.assign(hooks, { [name]: value });
  }
  if (Object.keys(hooks).length === 0) throw new TypeError(`the pino transport's hooks module ${specifier} exports none of ${HOOKS.join(', ')}`);
  return hooks;
}

type Listener = (...args: unknown[]) => void;

/** The stream pino's worker writes to. */
export interface PinoTransportStream {
  readonly client: SwitchboardClient;
  readonly writableEnded: boolean;
  readonly writableNeedDrain: boolean;
  write(chunk: string): boolean;
  end(): void;
  on(event: string, listener: Listener): PinoTransportStream;
  once(event: string, listener: Listener): PinoTransportStream;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 8_000;

export default async function pinoTransport(options: PinoTransportOptions): Promise<PinoTransportStream> {
  const { hooks, ...clientOptions } = options;
  const client = new SwitchboardClient({ ...clientOptions, ...(hooks === undefined ? {} : await loadHooks(hooks)), flushOnExit: false });
  const lines = pinoLineWriter(client, options);
  const listeners = new Map<string, Array<{ listener: Listener; once: boolean }>>();
  const emit = (event: string, ...args: unknown[]) => {
    const registered = listeners.get(event) ?? [];
    listeners.set(event, registered.filter((entry) => !entry.once));
    for (const { listener } of registered) listener(...args);
  };
  const listen = (event: string, listener: Listener, once: boolean) => {
    listeners.set(event, [...(listeners.get(event) ?? []), { listener, once }]);
    return stream;
  };
  let ended = false;
  const stream: PinoTransportStream = {
    client,
    get writableEnded() {
      return ended;
    },
    // The client buffers (and drops the oldest past its bound), so pino never has to wait.
    writableNeedDrain: false,
    write(chunk: string) {
      lines.write(chunk);
      return true;
    },
    end() {
      if (ended) return;
      ended = true;
      lines.end();
      void client.close(options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS).then(
        () => emit('close'),
        (error: unknown) => {
          emit('error', error);
          emit('close');
        },
      );
    },
    on: (event, listener) => listen(event, listener, false),
    once: (event, listener) => listen(event, listener, true),
  };
  return stream;
}
