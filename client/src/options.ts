import type { RecordDefaults } from './prepare.js';
import type { DeliveryError, DropReport } from './reports.js';

export interface ClientOptions extends RecordDefaults {
  /** The Switchboard server, e.g. "http://localhost:7300" (or its full ingest URL). */
  url: string;
  /** An ingest key ("switchboard keys create"). */
  key: string;
  /** Records per request, at most. Default 500 (the server takes up to 10,000). */
  maxBatchRecords?: number;
  /** Bytes of JSON per request, at most; a bigger record is dropped as invalid. Default 1 MiB. */
  maxBatchBytes?: number;
  /** How long a record may wait for its batch to fill before it is sent anyway. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Records held in memory, at most, sending or waiting; past it the oldest are dropped. Default 10,000. */
  maxBufferedRecords?: number;
  /** A request with no answer by then is abandoned and retried. Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** The first retry waits about this long; each further one twice as long. Default 500 ms. */
  initialBackoffMs?: number;
  /** No retry waits longer, unless the server's Retry-After asks for it. Default 30,000 ms. */
  maxBackoffMs?: number;
  /** How long flush() waits when not given a timeout. Default 10,000 ms. */
  flushTimeoutMs?: number;
  /** Close (flush, then drop what is left) when Node's event loop runs dry. Default true. */
  flushOnExit?: boolean;
  /** How long that final flush may take. Default 2,000 ms. */
  exitTimeoutMs?: number;
  /** The fetch the client posts with. Default: the global fetch. */
  fetch?: typeof fetch;
  /** Told of every failed request, and of unusable options. */
  onError?: (error: DeliveryError) => void;
  /** Told of every record that will not be stored, and why. */
  onDrop?: (drop: DropReport) => void;
}

export const DEFAULTS = {
  maxBatchRecords: 500,
  maxBatchBytes: 1024 * 1024,
  flushIntervalMs: 1000,
  maxBufferedRecords: 10_000,
  requestTimeoutMs: 10_000,
  initialBackoffMs: 500,
  maxBackoffMs: 30_000,
  flushTimeoutMs: 10_000,
  exitTimeoutMs: 2_000,
} as const;

type Tunable = keyof typeof DEFAULTS;

export interface Settings extends Record<Tunable, number> {
  ingestUrl: string;
  /** Where log lines go: the ingest URL's server, POST /api/v1/logs. */
  logsUrl: string;
  key: string;
  defaults: RecordDefaults;
  flushOnExit: boolean;
  fetch: typeof fetch | undefined;
  onError: ClientOptions['onError'];
  onDrop: ClientOptions['onDrop'];
}

export interface Resolved {
  settings: Settings;
  /** Options that were replaced by their defaults, in words. */
  problems: string[];
  /** Set when the client cannot send at all (no usable url, key or fetch). */
  unusable?: string;
}

const INGEST_PATH = '/api/v1/ingest';

function ingestUrlOf(url: unknown): string | { problem: string } {
  if (typeof url !== 'string' || url === '') return { problem: 'url is required, e.g. "http://localhost:7300"' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `url "${url}" is not an absolute URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: `url must be http or https, not ${parsed.protocol}` };
  if (parsed.username || parsed.password) return { problem: 'url must not carry credentials; pass the ingest key as "key"' };
  if (!parsed.pathname.endsWith(INGEST_PATH)) parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}${INGEST_PATH}`;
  return parsed.toString();
}

function keyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string' || key === '') return 'key is required (create one with "switchboard keys create")';
  // It goes into a header: anything fetch would refuse there is a configuration error, not a network one.
  if (!/^[\x21-\x7e]+$/.test(key)) return 'key must be printable ASCII without spaces';
  return undefined;
}

export function resolveOptions(options: ClientOptions): Resolved {
  const given = (typeof options === 'object' && options !== null ? options : {}) as Partial<ClientOptions>;
  const problems: string[] = [];
  const tunables = {} as Record<Tunable, number>;
  for (const name of Object.keys(DEFAULTS) as Tunable[]) {
    const value = given[name];
    const valid = typeof value === 'number' && Number.isFinite(value) && value > 0;
    if (value !== undefined && !valid) problems.push(`${name} must be a positive number; using ${DEFAULTS[name]}`);
    tunables[name] = valid ? value : DEFAULTS[name];
  }
  tunables.maxBatchRecords = Math.floor(tunables.maxBatchRecords);
  if (tunables.maxBatchRecords > tunables.maxBufferedRecords) {
    problems.push(`maxBatchRecords (${tunables.maxBatchRecords}) exceeds maxBufferedRecords; using ${tunables.maxBufferedRecords}`);
    tunables.maxBatchRecords = Math.floor(tunables.maxBufferedRecords);
  }
  const ingestUrl = ingestUrlOf(given.url);
  const fetchImpl = given.fetch ?? (typeof fetch === 'function' ? fetch : undefined);
  const unusable =
    typeof ingestUrl === 'object' ? ingestUrl.problem : (keyProblem(given.key) ?? (fetchImpl ? undefined : 'no fetch: pass one as "fetch"'));
  return {
    settings: {
      ...tunables,
      ingestUrl: typeof ingestUrl === 'string' ? ingestUrl : '',
      logsUrl: typeof ingestUrl === 'string' ? ingestUrl.replace(/\/api\/v1\/ingest$/, '/api/v1/logs') : '',
      key: typeof given.key === 'string' ? given.key : '',
      defaults: { env: given.env, site: given.site, release: given.release, tenant: given.tenant },
      flushOnExit: given.flushOnExit ?? true,
      fetch: fetchImpl,
      onError: typeof given.onError === 'function' ? given.onError : undefined,
      onDrop: typeof given.onDrop === 'function' ? given.onDrop : undefined,
    },
    problems,
    ...(unusable ? { unusable } : {}),
  };
}
