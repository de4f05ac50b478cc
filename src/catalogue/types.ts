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
  slo: { successRate?: number; latencyP95Ms?: number; freshness: FreshnessTarget[] };
  owner: string;
  /** Who may see it: spec.tenant, or the owner team when none is given. */
  tenant: string;
  contacts: { support?: Contact; escalation: Contact[]; partnerTicketing?: Contact };
  knownRisks: string[];
  runbooks: string[];
  lifecycle: { supportedVersions: string[]; deprecation?: string; plannedChanges: string[]; sandbox?: string };
  checks: CheckDefinition[];
  /** Where it was declared, for messages and the console. */
  source: { file: string; line: number };
}

export type { FileProblem as CatalogueProblem } from '../yaml/documents.js';
