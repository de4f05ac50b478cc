import type { AlertRule } from '../alerting/rules/types.js';
import type { CatalogueEntry } from '../catalogue/types.js';
import { problemOfAlert } from './problems.js';
import type { MessagePattern, RecoveryProblem } from './types.js';

/** What went wrong, as a person reads it: a status, an outcome class, an error text, a Retry-After. */
export interface Symptom {
  status?: number | null;
  outcome?: string | null;
  error?: string | null;
  retryAfterSeconds?: number | null;
}

/** A plain sentence, the next step, and the recovery action or runbook that fits. */
export interface Advice {
  message: string;
  next: string;
  /** A recovery action of the integration declared for this problem. */
  action: string | null;
  runbook: string | null;
  /** The team's own pattern (catalogue) or a shipped one. */
  source: 'catalogue' | 'shipped';
}

interface ShippedPattern {
  test: (symptom: Symptom, text: string) => boolean;
  problem: RecoveryProblem | null;
  runbook: string;
  message: string;
  next: (symptom: Symptom) => string;
}

const has = (pattern: RegExp) => (_symptom: Symptom, text: string) => pattern.test(text);
const status = (test: (status: number) => boolean) => (symptom: Symptom) => symptom.status != null && test(symptom.status);
const outcome = (name: string) => (symptom: Symptom) => symptom.outcome === name;

/** The common patterns, most specific first: the error text says more than the status. */
const SHIPPED: readonly ShippedPattern[] = [
  {
    test: has(/CERT_HAS_EXPIRED|certificate (has )?expired|certificate expir/i),
    problem: null,
    runbook: 'credential-expiry',
    message: "The partner's TLS certificate has expired, so no call can be trusted.",
    next: () => 'Open a partner ticket to have it renewed now; nothing on our side fixes it.',
  },
  {
    test: has(/\bTLS\b|\bSSL\b|CERT_|self-signed|certificate/i),
    problem: 'network_error',
    runbook: 'credential-expiry',
    message: 'The secure (TLS) connection to the partner failed.',
    next: () => "Check the partner's certificate chain and our client certificate; if theirs changed, open a partner ticket.",
  },
  {
    test: has(/ENOTFOUND|EAI_AGAIN|does not resolve|getaddrinfo/i),
    problem: 'network_error',
    runbook: 'partner-timeouts-5xx',
    message: "The partner's host name does not resolve (DNS).",
    next: () => "Check the host in the integration's configuration and the partner's status page; a moved API needs the new address.",
  },
  {
    test: has(/expired[_ ]token|token[^.]{0,40}expired|invalid_grant|jwt expired|token[_ ]revoked/i),
    problem: 'auth_error',
    runbook: 'credential-expiry',
    message: 'The access token has expired or been revoked.',
    next: () => 'Refresh the token; if refreshing fails too, re-authorize the connection.',
  },
  {
    test: status((s) => s === 401),
    problem: 'auth_error',
    runbook: 'credential-expiry',
    message: 'The partner refused our credentials (401).',
    next: () => 'Refresh the token or re-authorize the connection, and check whether the credential was rotated.',
  },
  {
    test: status((s) => s === 403),
    problem: 'auth_error',
    runbook: 'credential-expiry',
    message: 'The partner refused the request: our credentials lack a permission (403).',
    next: () => 'Check the scopes granted to the connection, then re-authorize it with the ones it needs.',
  },
  {
    test: (symptom) => symptom.status === 429 || symptom.outcome === 'rate_limited',
    problem: 'rate_limited',
    runbook: 'rate-limiting',
    message: 'The partner is limiting how often we may call (429).',
    next: (symptom) =>
      symptom.retryAfterSeconds != null
        ? `It asks us to wait ${symptom.retryAfterSeconds} s: hold retries until then and send less at once.`
        : 'Slow down: retry with backoff, send less at once, and ask the partner for a higher limit if it is normal traffic.',
  },
  {
    test: (symptom, text) => symptom.outcome === 'timeout' || /timed out|ETIMEDOUT|timeout/i.test(text),
    problem: 'timeout',
    runbook: 'partner-timeouts-5xx',
    message: 'The partner did not answer in time.',
    next: () => "Retry; if it goes on, check the partner's status page and open a partner ticket.",
  },
  {
    test: (symptom, text) => symptom.outcome === 'network_error' || /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|connection (refused|reset)/i.test(text),
    problem: 'network_error',
    runbook: 'partner-timeouts-5xx',
    message: 'The partner could not be reached (the connection failed).',
    next: () => "Retry; check our outbound network and the partner's status page.",
  },
  {
    test: (symptom) => (symptom.status != null && symptom.status >= 500) || symptom.outcome === 'server_error',
    problem: 'server_error',
    runbook: 'partner-timeouts-5xx',
    message: "The partner's server failed (5xx): the problem is on their side.",
    next: () => 'Retry the failed calls; if it lasts more than a few minutes, open a partner ticket.',
  },
  {
    test: (symptom) => (symptom.status != null && symptom.status >= 400) || symptom.outcome === 'client_error',
    problem: 'client_error',
    runbook: 'partner-timeouts-5xx',
    message: 'The partner rejected our requests as invalid (4xx).',
    next: () => "A retry fails the same way: compare the failed requests with the partner's API version and recent changes on our side.",
  },
];

function matchesTeamPattern(pattern: MessagePattern, symptom: Symptom, text: string): boolean {
  if (pattern.status && (symptom.status == null || !pattern.status.includes(symptom.status))) return false;
  if (pattern.outcome && symptom.outcome !== pattern.outcome) return false;
  if (pattern.match) {
    try {
      if (!new RegExp(pattern.match, 'i').test(text)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** The first of the integration's recovery actions declared for this problem. */
function actionFor(entry: CatalogueEntry | undefined, problem: RecoveryProblem | null): string | null {
  if (!entry || !problem) return null;
  return entry.recovery.find((action) => action.fixes.includes(problem))?.name ?? null;
}

/**
 * What a symptom means and what to do next: the integration's own patterns (catalogue
 * `spec.messages`) first, then the shipped ones. Null when nothing fits (a success, say).
 */
export function adviceFor(symptom: Symptom, entry?: CatalogueEntry): Advice | null {
  const text = symptom.error ?? '';
  for (const pattern of entry?.messages ?? []) {
    if (!matchesTeamPattern(pattern, symptom, text)) continue;
    const shipped = SHIPPED.find((candidate) => candidate.test(symptom, text));
    return {
      message: pattern.message,
      next: shipped?.next(symptom) ?? 'Follow the runbook.',
      action: pattern.action ?? actionFor(entry, shipped?.problem ?? null),
      runbook: pattern.runbook ?? shipped?.runbook ?? null,
      source: 'catalogue',
    };
  }
  const shipped = SHIPPED.find((candidate) => candidate.test(symptom, text));
  if (!shipped) return null;
  return { message: shipped.message, next: shipped.next(symptom), action: actionFor(entry, shipped.problem), runbook: shipped.runbook, source: 'shipped' };
}

/** Advice for an alert: its problem class, with the status and error of its newest sample failure. */
export function adviceForAlert(kind: string, rule: Pick<AlertRule, 'outcome' | 'gauge' | 'name'> | undefined, samples: ReadonlyArray<{ status: number | null; error: string | null }>, entry: CatalogueEntry | undefined): Advice | null {
  const problem = problemOfAlert(kind, rule);
  const sample = samples[0];
  if (!problem && !sample) return null;
  return adviceFor({ outcome: problem, status: sample?.status ?? null, error: sample?.error ?? null }, entry);
}
