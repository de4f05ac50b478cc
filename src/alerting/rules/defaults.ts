import type { CatalogueEntry } from '../../catalogue/types.js';
import { PAGE_PAIRS, TICKET_PAIRS, type BurnPair } from '../../budget/burn.js';
import { LATENCY_OBJECTIVE } from '../../budget/objectives.js';
import { RULE_DEFAULTS, type AlertRule } from './types.js';

/**
 * A share of 401/403 answers that a few callers with bad keys do not reach, and expired or revoked
 * credentials (most calls refused) pass at once.
 */
const AUTH_ERROR_THRESHOLD = 0.2;

const base = (entry: CatalogueEntry, name: string): Omit<AlertRule, 'kind'> => ({
  name: `${entry.id}:${name}`,
  integration: entry.id,
  severity: RULE_DEFAULTS.severity,
  labels: {},
  forMs: RULE_DEFAULTS.forMs,
  keepFiringForMs: RULE_DEFAULTS.keepFiringForMs,
  minVolume: RULE_DEFAULTS.minVolume,
  windowMs: RULE_DEFAULTS.windowMs,
  repeatIntervalMs: RULE_DEFAULTS.repeatIntervalMs,
  source: { origin: 'default' },
});

function runbookFor(entry: CatalogueEntry, preferred: string): { runbook?: string } {
  return entry.runbooks.includes(preferred) ? { runbook: preferred } : {};
}

/**
 * The rules every catalogued integration gets without anyone writing them (named
 * `<integration>:<what>`, so a rule of the same name in the alerting file replaces one):
 * - `error_rate`: 5xx share above 1 − its SLO success rate (5 % without one), critical when the
 *   integration is of high criticality;
 * - `latency_p95`: p95 above its SLO latency target, when it has one;
 * - `burn_rate:page` (critical) and `burn_rate:ticket` (warning): the SRE workbook's pairs of
 *   windows over its SLO success rate's error budget, when it has one below 100 %;
 * - `burn_rate:latency:page` and `burn_rate:latency:ticket`: the same pairs over its latency
 *   SLO's budget (5 % of calls may be slower than the p95 target), when it has one;
 * - `auth_errors`: 401/403 share above 20 %, the mark of credentials that expired or were revoked,
 *   which the 5xx rule never sees;
 * - `rate_limit`: 429 share above 10 %;
 * - `freshness:<event|job>`: one per SLO freshness target;
 * - `run_failures:<job>` (2 consecutive) and `count_drop:<job>` (30 % below the average of the last
 *   5 successful runs) for each job it has a heartbeat or a freshness target for.
 */
export function defaultRules(entry: CatalogueEntry): AlertRule[] {
  const rules: AlertRule[] = [];
  const critical = entry.criticality === 'high' ? 'critical' : 'warning';
  rules.push({
    ...base(entry, 'error_rate'),
    kind: 'error_rate',
    severity: critical,
    outcome: 'server_error',
    threshold: entry.slo.successRate !== undefined ? round(1 - entry.slo.successRate) : 0.05,
    ...runbookFor(entry, 'partner-timeouts-5xx'),
  });
  if (entry.slo.latencyP95Ms !== undefined) {
    rules.push({ ...base(entry, 'latency_p95'), kind: 'latency', quantile: 0.95, thresholdMs: entry.slo.latencyP95Ms, ...runbookFor(entry, 'partner-timeouts-5xx') });
  }
  const burn = (name: string, severity: AlertRule['severity'], burnPairs: readonly BurnPair[], slo: Pick<AlertRule, 'slo' | 'objective' | 'thresholdMs'>): AlertRule => ({
    ...base(entry, `burn_rate:${name}`),
    kind: 'burn_rate',
    severity,
    ...slo,
    burnPairs,
    forMs: 0,
    windowMs: Math.max(...burnPairs.map((pair) => pair.longMs)),
    ...runbookFor(entry, 'partner-timeouts-5xx'),
  });
  const objective = entry.slo.successRate;
  if (objective !== undefined && objective < 1) {
    rules.push(burn('page', 'critical', PAGE_PAIRS, { objective }), burn('ticket', 'warning', TICKET_PAIRS, { objective }));
  }
  if (entry.slo.latencyP95Ms !== undefined) {
    // A p95 target promises 95 % of calls within it: the other 5 % are the latency budget.
    const latency = { slo: 'latency' as const, objective: LATENCY_OBJECTIVE, thresholdMs: entry.slo.latencyP95Ms };
    rules.push(burn('latency:page', 'critical', PAGE_PAIRS, latency), burn('latency:ticket', 'warning', TICKET_PAIRS, latency));
  }
  rules.push({ ...base(entry, 'auth_errors'), kind: 'error_rate', severity: critical, outcome: 'auth_error', threshold: AUTH_ERROR_THRESHOLD, ...runbookFor(entry, 'credential-expiry') });
  rules.push({ ...base(entry, 'rate_limit'), kind: 'rate_limit', threshold: 0.1, ...runbookFor(entry, 'rate-limiting') });
  for (const target of entry.slo.freshness) {
    const what = target.event ?? target.job!;
    rules.push({
      ...base(entry, `freshness:${what}`),
      kind: 'freshness',
      ...(target.event ? { event: target.event } : { job: target.job! }),
      maxAgeMs: target.maxAgeMs,
      forMs: 0,
      ...runbookFor(entry, target.event ? 'webhook-gaps' : 'stale-feed'),
    });
  }
  const jobs = new Set<string>();
  for (const target of entry.slo.freshness) if (target.job) jobs.add(target.job);
  for (const check of entry.checks) if (check.type === 'heartbeat') jobs.add(check.job);
  for (const job of [...jobs].sort()) {
    rules.push({ ...base(entry, `run_failures:${job}`), kind: 'run_failures', job, consecutive: 2, forMs: 0, ...runbookFor(entry, 'stale-feed') });
    rules.push({ ...base(entry, `count_drop:${job}`), kind: 'count_drop', job, percent: 30, runs: 5, forMs: 0, ...runbookFor(entry, 'count-drop') });
  }
  return rules;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
