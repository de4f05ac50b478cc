import type { CheckDefinition } from '../catalogue/types.js';
import { redactText } from '../ingest/redact.js';

/** Raised by a probe's own deadline; its message is what the result says. */
export class ProbeTimeout extends Error {
  constructor(readonly timeoutMs: number, readonly phase?: string) {
    super(`timed out after ${Math.round(timeoutMs)} ms`);
    this.name = 'ProbeTimeout';
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the peer',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name does not resolve',
  EAI_AGAIN: 'host name lookup failed temporarily',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  ECONNABORTED: 'connection aborted',
  EADDRNOTAVAIL: 'address not available',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain ends in an untrusted self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server certificate issuer is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this host',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the server requires a client certificate',
};

/**
 * A transport error in words an operator can act on, with the system code kept for searching:
 * "connection refused (ECONNREFUSED)". OpenSSL's long error strings are cut to their reason.
 */
export function describeError(error: unknown): string {
  if (error instanceof ProbeTimeout) return error.message;
  const err = error as NodeJS.ErrnoException & { reason?: string };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code && NETWORK_CODES[code]) return `${NETWORK_CODES[code]} (${code})`;
  if (code?.startsWith('ERR_SSL_') && err.reason) return `TLS error: ${err.reason} (${code})`;
  const message = err instanceof Error ? err.message : String(error);
  const short = message.split('\n')[0]!.slice(0, 300);
  return code && !short.includes(code) ? `${short} (${code})` : short;
}

export function formatUtc(ms: number, now: number): string {
  const iso = new Date(ms).toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return now - ms < 20 * 3_600_000 && iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** Where a check points, fit to show: never a resolved secret, never a literal credential. */
export function describeTarget(check: CheckDefinition): string {
  switch (check.type) {
    case 'http':
      return redactText(check.url);
    case 'tls':
    case 'tcp':
      return `${check.host}:${check.port}`;
    case 'dns':
      return `${check.host} (${check.recordType})`;
    case 'heartbeat':
      return heartbeatPath(check.integration, check.name);
  }
}

export function heartbeatPath(integration: string, name: string): string {
  return `/api/v1/heartbeats/${encodeURIComponent(integration)}/${encodeURIComponent(name)}`;
}
