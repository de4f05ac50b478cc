import type { CatalogueEntry, CheckDefinition } from '../catalogue/types.js';

export type CheckStatus = 'up' | 'degraded' | 'down';

/** What one probe saw. Never carries a header value or a resolved secret. */
export interface CheckResult {
  status: CheckStatus;
  latency_ms: number;
  http_status?: number;
  error?: string;
  detail?: Record<string, unknown>;
}

/** A result as stored in check_results and served by the API. */
export interface StoredCheckResult {
  ts: number;
  status: CheckStatus;
  latency_ms: number | null;
  http_status: number | null;
  error: string | null;
  detail: Record<string, unknown> | null;
}

export interface ProbeContext {
  /** Where `${NAME}` references are read from, at probe time (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Wall clock for certificate ages (default Date.now). */
  now?: () => number;
  /**
   * Extra CA certificates (PEM) trusted beside the system store, for partners with a private CA.
   * Without it Node's default store applies, which honours NODE_EXTRA_CA_CERTS.
   */
  trustedCa?: string[];
}

export type Probe<C extends CheckDefinition = CheckDefinition> = (check: C, context?: ProbeContext) => Promise<CheckResult>;

/** The part of the catalogue the checks read: src/catalogue/catalogue.ts Catalogue fits it. */
export interface CatalogueSource {
  all(): Array<Pick<CatalogueEntry, 'id' | 'checks'>>;
  get?(id: string): Pick<CatalogueEntry, 'id' | 'checks'> | undefined;
  onChange(listener: () => void): void;
}

/** pino-style logger (a Fastify logger fits). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export function findCheck(catalogue: CatalogueSource, integration: string, name: string): CheckDefinition | undefined {
  const entry = catalogue.get ? catalogue.get(integration) : catalogue.all().find((e) => e.id === integration);
  return entry?.checks.find((check) => check.name === name);
}

export function findEntry(catalogue: CatalogueSource, integration: string): Pick<CatalogueEntry, 'id' | 'checks'> | undefined {
  return catalogue.get ? catalogue.get(integration) : catalogue.all().find((e) => e.id === integration);
}
