import type { MessagePattern, RecoveryAction } from '../recovery/types.js';

/** A catalogue record, as the rest of Switchboard uses it (durations in ms, defaults filled in). */
export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
  url?: string;
  chat?: string;
}

export interface FreshnessTarget {
  /** The event name (e.g. tracking.updated) or job whose newest record must be younger than maxAgeMs. */
  event?: string;
  job?: string;
  maxAgeMs: number;
}

interface CheckBase {
  name: string;
  integration: string;
  intervalMs: number;
  timeoutMs: number;
}

export interface HttpCheck extends CheckBase {
  type: 'http';
  url: string;
  method: string;
  /** Header values as written, with ${ENV} references still unresolved: secrets are read at probe time. */
  headers: Record<string, string>;
  body?: string;
  expectStatus: number[];
  expectJson?: { path: string; equals?: string | number | boolean | null };
  maxLatencyMs?: number;
  clientCertificate?: { certFile: string; keyFile: string };
}

export interface TlsCheck extends CheckBase {
  type: 'tls';
  host: string;
  port: number;
  warnBeforeMs: number;
  clientCertificate?: { certFile: string; keyFile: string };
}

export interface TcpCheck extends CheckBase {
  type: 'tcp';
  host: string;
  port: number;
}

export interface DnsCheck extends CheckBase {
  type: 'dns';
  host: string;
  recordType: 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT';
}

export interface HeartbeatCheck extends CheckBase {
  type: 'heartbeat';
  periodMs?: number;
  cron?: string;
  graceMs: number;
  /** The job a ping reports on; defaults to the check name. */
  job: string;
}

export type CheckDefinition = HttpCheck | TlsCheck | TcpCheck | DnsCheck | HeartbeatCheck;

/** A log operation that stands for a run or a call of the integration (docs/logs.md). */
export interface LogSignalRule {
  /** The log line's operation, exactly. */
  operation: string;
  signal: 'run' | 'call';
  /** A run's job (default: the metadata's entity, else the operation). */
  job?: string;
  /** A run's status (default: failed when the line is an error or names one, else success). */
  status?: 'success' | 'failed' | 'partial';
  /** A call's operation (default: the log operation). */
  callOperation?: string;
  /** A call's direction (default: outbound). */
  direction?: 'inbound' | 'outbound';
}

export interface CatalogueEntry {
  id: string;
  title: string;
  description?: string;
  tags: string[];
  links: Array<{ url: string; title?: string }>;
  type: 'shop' | 'marketplace' | 'carrier' | 'saas' | 'feed';
  partner: string;
  direction: 'inbound' | 'outbound' | 'both';
  criticality: 'high' | 'medium' | 'low';
  criticalFlows: string[];
  auth?: { method: string; rotation?: string; expires?: string };
  apiVersion?: string;
  /** `periodMs`: the period error budgets are kept over (30 days when not given). */
  slo: { successRate?: number; latencyP95Ms?: number; periodMs?: number; freshness: FreshnessTarget[] };
  owner: string;
  /** Who may see it: spec.tenant, or the owner team when none is given. */
  tenant: string;
  contacts: { support?: Contact; escalation: Contact[]; partnerTicketing?: Contact };
  knownRisks: string[];
  runbooks: string[];
  lifecycle: { supportedVersions: string[]; deprecation?: string; plannedChanges: string[]; sandbox?: string };
  checks: CheckDefinition[];
  /** How its log lines become runs and calls besides the defaults (docs/logs.md, "Derived signals"). */
  logSignals: LogSignalRule[];
  /** Recovery actions (docs/recovery.md): what a responder, or Switchboard itself, can do about a problem. */
  recovery: RecoveryAction[];
  /** The team's own plain-words messages for error patterns, matched before the shipped ones. */
  messages: MessagePattern[];
  /** Where it was declared, for messages and the console. */
  source: { file: string; line: number };
}

export type { FileProblem as CatalogueProblem } from '../yaml/documents.js';
