import type { CatalogueEntry, FreshnessTarget } from '../catalogue/types.js';
import { describeDuration } from '../catalogue/duration.js';

export const HEALTH_STATUSES = ['healthy', 'degraded', 'down', 'unknown'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

const RANK: Record<HealthStatus, number> = { unknown: 0, healthy: 1, degraded: 2, down: 3 };

/** Fewer calls than this in the recent window say too little to judge rates by. */
export const MIN_VOLUME = 20;
/** Share of partner-side failures (5xx, timeouts, network, 429, auth) that makes an integration down. */
export const DOWN_FAILURE_SHARE = 0.25;
/** Without a catalogue SLO, this share of partner-side failures makes it degraded. */
export const DEFAULT_DEGRADED_FAILURE_SHARE = 0.05;

export interface MinuteSignals {
  t: number;
  volume: number;
  ok: number;
  /** Failures on the partner's side: every class but ok and client_error. */
  failed: number;
  /** Read only for an integration whose window p95 is over its target (null otherwise). */
  p95: number | null;
}

export interface RecentSignals {
  windowMs: number;
  volume: number;
  ok: number;
  failed: number;
  worstOutcome: string | null;
  /** Read only for an integration with a latency target (null otherwise). */
  p95: number | null;
  /**
   * Per minute, oldest first, ending with the current minute: read only for an integration with a
   * finding whose duration is reported (`reportsDuration`), empty otherwise.
   */
  minutes: MinuteSignals[];
}

export interface CheckState {
  name: string;
  type: string;
  status: 'up' | 'degraded' | 'down' | 'pending';
  consecutive_failures: number;
  last: { ts: number; error: string | null } | null;
}

export interface FreshnessState {
  target: FreshnessTarget;
  /** Newest matching record (successful run for a job), or null if none was ever seen. */
  lastTs: number | null;
}

/** A firing alert of the integration. */
export interface AlertState {
  rule: string;
  kind: string;
  severity: string;
  summary: string;
}

export interface HealthInput {
  now: number;
  entry: CatalogueEntry | undefined;
  signals: RecentSignals;
  checks: CheckState[];
  freshness: FreshnessState[];
  /** Its firing alerts (none when alerting is off). */
  alerts?: AlertState[];
}

export interface Finding {
  status: HealthStatus;
  reason: string;
}

export interface Health {
  status: HealthStatus;
  reasons: string[];
}

function percent(share: number): string {
  const value = share * 100;
  return Math.abs(value - Math.round(value)) < 0.05 ? `${Math.round(value)} %` : `${value.toFixed(1)} %`;
}

/** The start of the trailing run of minutes (with calls) in which a per-minute condition held, or null. */
function heldSince(minutes: MinuteSignals[], breached: (minute: MinuteSignals) => boolean): number | null {
  let since: number | null = null;
  for (let i = minutes.length - 1; i >= 0; i--) {
    const minute = minutes[i]!;
    if (minute.volume === 0) continue;
    if (!breached(minute)) break;
    since = minute.t;
  }
  return since;
}

/**
 * " for 5 min": the time from the first breaching minute's start to now, in whole minutes rounded
 * down, so that the duration grows with the clock (counting buckets said "2 min" one minute in).
 */
function heldWords(now: number, since: number | null): string {
  if (since === null) return '';
  const minutes = Math.floor((now - since) / 60_000);
  return minutes >= 1 ? ` for ${describeDuration(minutes * 60_000)}` : '';
}

/** What the call conditions below read: a window's counts, or one minute's. */
type Calls = Pick<MinuteSignals, 'volume' | 'ok' | 'failed' | 'p95'>;

const isDown = (calls: Calls) => calls.failed / calls.volume >= DOWN_FAILURE_SHARE;
const belowSuccessTarget = (target: number) => (calls: Calls) => calls.ok / calls.volume < target;
export const overLatencyTarget = (target: number) => (calls: Calls) => calls.p95 !== null && calls.p95 > target;

/**
 * Whether judging a window's calls finds a condition it says the duration of ("for 12 min"), and
 * so needs the last hour minute by minute: the inputs read those for such integrations alone.
 */
export function reportsDuration(window: Calls, entry: CatalogueEntry | undefined): boolean {
  if (window.volume < MIN_VOLUME) return false;
  const successTarget = entry?.slo.successRate;
  const latencyTarget = entry?.slo.latencyP95Ms;
  return isDown(window) || (successTarget !== undefined && belowSuccessTarget(successTarget)(window)) || (latencyTarget !== undefined && overLatencyTarget(latencyTarget)(window));
}

function judgeSignals(input: HealthInput): Finding[] {
  const { signals, entry } = input;
  const findings: Finding[] = [];
  if (signals.volume < MIN_VOLUME) return findings;
  const window = describeDuration(signals.windowMs);
  const failedShare = signals.failed / signals.volume;
  if (isDown(signals)) {
    const held = heldSince(signals.minutes, isDown);
    findings.push({
      status: 'down',
      reason: `${percent(failedShare)} of calls failing (mostly ${signals.worstOutcome?.replace('_', ' ') ?? 'errors'})${heldWords(input.now, held)}`,
    });
  }
  const target = entry?.slo.successRate;
  const successRate = signals.ok / signals.volume;
  if (target !== undefined && belowSuccessTarget(target)(signals)) {
    const held = heldSince(signals.minutes, belowSuccessTarget(target));
    findings.push({
      status: 'degraded',
      reason: `success rate ${percent(successRate)} over ${window}, below the ${percent(target)} target${heldWords(input.now, held)}`,
    });
  } else if (target === undefined && failedShare >= DEFAULT_DEGRADED_FAILURE_SHARE && failedShare < DOWN_FAILURE_SHARE) {
    findings.push({ status: 'degraded', reason: `${percent(failedShare)} of calls failing over ${window}` });
  }
  const latencyTarget = entry?.slo.latencyP95Ms;
  if (latencyTarget !== undefined && signals.p95 !== null && overLatencyTarget(latencyTarget)(signals)) {
    const held = heldSince(signals.minutes, overLatencyTarget(latencyTarget));
    findings.push({
      status: 'degraded',
      reason: `p95 ${describeDuration(signals.p95)} over ${describeDuration(latencyTarget)} target${heldWords(input.now, held)}`,
    });
  }
  return findings;
}

function judgeChecks(checks: CheckState[]): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    if (check.status === 'up' || check.status === 'pending') continue;
    const detail = check.last?.error ? `: ${check.last.error}` : '';
    if (check.type === 'heartbeat') {
      findings.push({ status: 'degraded', reason: `heartbeat ${check.name} ${check.last?.error ?? 'is late'}` });
    } else if (check.status === 'degraded') {
      findings.push({ status: 'degraded', reason: `check ${check.name}${detail}` });
    } else {
      const runs = check.consecutive_failures;
      findings.push({
        status: runs >= 2 || check.type === 'tls' ? 'down' : 'degraded',
        reason: `check ${check.name} failing${runs > 1 ? ` for ${runs} runs` : ''}${detail}`,
      });
    }
  }
  return findings;
}

function judgeFreshness(now: number, freshness: FreshnessState[]): Finding[] {
  return freshness.flatMap(({ target, lastTs }): Finding[] => {
    const what = target.event ?? `successful ${target.job} run`;
    if (lastTs === null) return [{ status: 'degraded', reason: `no ${what} seen yet (expected within ${describeDuration(target.maxAgeMs)})` }];
    const age = now - lastTs;
    if (age <= target.maxAgeMs) return [];
    return [{ status: 'degraded', reason: `no ${what} for ${describeDuration(age)} (target ${describeDuration(target.maxAgeMs)})` }];
  });
}

/**
 * A firing critical error-rate alert makes the integration down; any other firing alert makes it
 * degraded. Only error-rate alerts may say "down": the alert engine holds back latency and
 * rate-limit notifications of an integration that is down, so those alerts must not put it there.
 */
function judgeAlerts(alerts: AlertState[]): Finding[] {
  return alerts.map((alert) => ({
    status: alert.kind === 'error_rate' && alert.severity === 'critical' ? 'down' : 'degraded',
    reason: `alert ${alert.rule} firing: ${alert.summary}`,
  }));
}

/**
 * One integration's health now: the worst of what its checks, its recent golden signals against
 * its SLOs, the freshness of its events and jobs, and its firing alerts say, with every reason in words.
 */
export function evaluateHealth(input: HealthInput): Health {
  // SLO breaches first among equals: the tile shows the first reason, and the breach is what the figures beside it measure.
  const findings = [...judgeSignals(input), ...judgeChecks(input.checks), ...judgeFreshness(input.now, input.freshness), ...judgeAlerts(input.alerts ?? [])].sort(
    (a, b) => RANK[b.status] - RANK[a.status],
  );
  if (findings.length > 0) return { status: findings[0]!.status, reasons: findings.map((f) => f.reason) };
  const { volume, ok, windowMs } = input.signals;
  const window = describeDuration(windowMs);
  const otherEvidence = input.checks.some((c) => c.status === 'up') || input.freshness.some((f) => f.lastTs !== null);
  if (volume >= MIN_VOLUME) return { status: 'healthy', reasons: [`${percent(ok / volume)} success over ${volume.toLocaleString('en-US')} calls in ${window}`] };
  if (otherEvidence) return { status: 'healthy', reasons: ['checks passing and data fresh'] };
  if (volume > 0) return { status: 'unknown', reasons: [`only ${volume} call${volume === 1 ? '' : 's'} in ${window}: too few to judge`] };
  return { status: 'unknown', reasons: [`no calls, check results or runs in the last ${window}`] };
}
