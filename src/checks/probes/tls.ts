import { isIP } from 'node:net';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { TlsCheck } from '../../catalogue/types.js';
import { describeError, ProbeTimeout } from '../describe.js';
import { ClientCertificateError, tlsOptions } from '../tls-options.js';
import type { CheckResult, Probe, ProbeContext } from '../types.js';

const DAY = 86_400_000;
/**
 * In TLS 1.3 the client finishes its handshake before the server has judged the client's
 * certificate; a server that rejects it says so in an alert just after. A server that accepts
 * sends its session tickets at that moment, so the probe waits for either, this long at most.
 */
const SETTLE_MS = 500;

interface Handshake {
  certificate: PeerCertificate;
  authorized: boolean;
  authorizationError: string | undefined;
  protocol: string | null;
  ms: number;
}

function handshake(check: TlsCheck, options: object, started: number): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    let socket: TLSSocket;
    let settled = false;
    let secured: Omit<Handshake, 'ms'> | undefined;
    let securedAt = 0;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(settleTimer);
      socket.destroy();
      if (error) reject(error);
      else resolve({ ...secured!, ms: securedAt - started });
    };
    const timer = setTimeout(() => finish(new ProbeTimeout(check.timeoutMs, secured ? 'client certificate' : 'handshake')), check.timeoutMs);
    let settleTimer: NodeJS.Timeout | undefined;
    socket = connect({
      host: check.host,
      port: check.port,
      ...(isIP(check.host) ? {} : { servername: check.host }),
      // Trust is judged below, so an expired or untrusted certificate is reported, not just refused.
      rejectUnauthorized: false,
      ...options,
    });
    socket.once('secureConnect', () => {
      securedAt = performance.now();
      secured = {
        certificate: socket.getPeerCertificate(),
        authorized: socket.authorized,
        authorizationError: socket.authorizationError === undefined ? undefined : String(socket.authorizationError),
        protocol: socket.getProtocol(),
      };
      if (secured.protocol !== 'TLSv1.3') return finish(null);
      settleTimer = setTimeout(() => finish(null), Math.max(0, Math.min(SETTLE_MS, started + check.timeoutMs - performance.now())));
    });
    socket.on('session', () => finish(null));
    socket.on('data', () => finish(null));
    socket.on('error', (error) => finish(error));
    socket.on('close', () => (secured ? finish(null) : finish(new Error('the server closed the connection during the handshake'))));
  });
}

function nameOf(entity: PeerCertificate['subject'] | undefined): string | undefined {
  if (!entity) return undefined;
  const cn = entity.CN ?? entity.O;
  return Array.isArray(cn) ? cn[0] : cn;
}

/** Whole days, rounded: a certificate issued for 3 days "expires in 3 days" a minute later. */
function wholeDays(ms: number): number {
  return Math.round(ms / DAY) + 0;
}

function days(ms: number): string {
  const n = Math.abs(wholeDays(ms));
  if (n === 0) return `${Math.max(1, Math.floor(Math.abs(ms) / 3_600_000))} h`;
  return `${n} day${n === 1 ? '' : 's'}`;
}

export const probeTls: Probe<TlsCheck> = async (check, context: ProbeContext = {}) => {
  let options;
  try {
    options = await tlsOptions(check.clientCertificate, context);
  } catch (error) {
    if (error instanceof ClientCertificateError) return { status: 'down', latency_ms: 0, error: error.message };
    throw error;
  }
  const started = performance.now();
  let seen: Handshake;
  try {
    seen = await handshake(check, options, started);
  } catch (error) {
    return {
      status: 'down',
      latency_ms: Math.round((performance.now() - started) * 10) / 10,
      error: `TLS handshake with ${check.host}:${check.port} failed: ${describeError(error)}`,
    };
  }
  const now = (context.now ?? Date.now)();
  const validTo = Date.parse(seen.certificate.valid_to);
  const left = validTo - now;
  const date = new Date(validTo).toISOString().slice(0, 10);
  const detail = {
    valid_to: new Date(validTo).toISOString(),
    valid_from: new Date(Date.parse(seen.certificate.valid_from)).toISOString(),
    issuer: nameOf(seen.certificate.issuer) ?? null,
    subject_cn: nameOf(seen.certificate.subject) ?? null,
    days_left: wholeDays(left),
    protocol: seen.protocol,
    authorized: seen.authorized,
    ...(seen.authorizationError ? { authorization_error: seen.authorizationError } : {}),
  };
  const result: Omit<CheckResult, 'status'> = { latency_ms: Math.round(seen.ms * 10) / 10, detail };
  if (left <= 0) return { status: 'down', ...result, error: `certificate for ${check.host} expired ${days(left)} ago (${date})` };
  if (!seen.authorized && seen.authorizationError !== 'CERT_HAS_EXPIRED') {
    return { status: 'down', ...result, error: `certificate for ${check.host} is not trusted: ${describeError({ code: seen.authorizationError, message: seen.authorizationError })}` };
  }
  if (left <= check.warnBeforeMs) return { status: 'degraded', ...result, error: `certificate for ${check.host} expires in ${days(left)} (${date})` };
  return { status: 'up', ...result };
};
