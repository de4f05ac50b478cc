import type { Outcome as Draw, CompiledIntegration, CompiledOperation } from '../simulator/context.js';
import type { IntegrationProfile, OperationProfile } from '../simulator/catalogue.js';
import { dayFactor } from '../simulator/daycycle.js';
import { NO_CALL_EFFECTS, type CallEffects, type IncidentBook } from '../simulator/incidents.js';
import { Random, hashSeed } from '../simulator/random.js';
import { outcomeOf, OUTCOMES, type Outcome } from '../common/outcome.js';
import { CALL_ROLLUPS, INTEGRATION_ROLLUPS, entryIn, mergeInto, type RollupEntry } from '../rollup/tables.js';
import { DAY, HOUR, MINUTE } from '../rollup/tiers.js';
import type { LatencySketch } from '../rollup/sketch.js';

/** Latency samples drawn per operation × hour × incident state: their weights add up to the calls. */
const LATENCY_SAMPLES = 12;

/**
 * Calls per minute at the afternoon peak: the operation's own rate, or for calls that order
 * flows or job runs make, the rate those make them at (orders of a shop, its share of shipments
 * for a carrier, a run's calls every few minutes).
 */
export function peakPerMinute(profile: IntegrationProfile, op: OperationProfile, all: readonly IntegrationProfile[]): number {
  if (op.peakPerMin > 0) return op.peakPerMin;
  if (op.drivenBy === 'runs') {
    return (profile.jobs ?? []).filter((job) => job.calls?.operation === op.operation).reduce((sum, job) => sum + (job.calls!.min + job.calls!.max) / 2 / job.everyMinutes, 0);
  }
  if (profile.orders) return profile.orders.peakPerMin;
  const orders = all.reduce((sum, other) => sum + (other.orders?.peakPerMin ?? 0), 0);
  return orders * (profile.shipmentShare ?? 0) * (op.direction === 'inbound' ? 3 : 1);
}

/** The most frequent value of a weights table: the seeded series' env, site and release. */
function heaviest(weights: Readonly<Record<string, number>>): string {
  return Object.entries(weights).sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * Each outcome's share of an operation's calls under the incident effects, as the simulator's
 * resolveCall draws them: an outbound call meets the incident first (401, then 429, then 5xx),
 * what is left meets the operation's usual error mix.
 */
export function outcomeShares(op: CompiledOperation, effects: CallEffects): Map<Outcome, number> {
  const shares = new Map<Outcome, number>(OUTCOMES.map((outcome) => [outcome, 0]));
  const add = (outcome: Outcome, share: number) => shares.set(outcome, shares.get(outcome)! + share);
  let left = 1;
  if (op.profile.direction === 'outbound') {
    const auth = effects.authFailureShare > 0 && op.profile.operation === 'token.refresh' ? 1 : effects.authFailureShare;
    const limited = Math.max(auth, effects.rateLimitShare);
    const failed = Math.max(limited, effects.serverErrorShare);
    add('auth_error', auth);
    add('rate_limited', limited - auth);
    add('server_error', failed - limited);
    left = 1 - failed;
  }
  const { values, cumulative } = op.errorTable;
  const total = cumulative.at(-1)!;
  values.forEach((draw: Draw, i) => add(outcomeOf(draw.status, draw.error), (left * op.errorShare * (cumulative[i]! - (cumulative[i - 1] ?? 0))) / total));
  add('ok', left * (1 - op.errorShare));
  return shares;
}

const shareCache = new WeakMap<CompiledOperation, Map<string, Map<Outcome, number>>>();

/** outcomeShares, worked out once per operation and incident state. */
function sharesOf(op: CompiledOperation, effects: CallEffects): Map<Outcome, number> {
  let byEffects = shareCache.get(op);
  if (!byEffects) shareCache.set(op, (byEffects = new Map()));
  const key = JSON.stringify(effects);
  let shares = byEffects.get(key);
  if (!shares) byEffects.set(key, (shares = outcomeShares(op, effects)));
  return shares;
}

export interface HistoryRollups {
  calls: RollupEntry[];
  integrations: RollupEntry[];
}

/**
 * The call and per-integration rollups of the hours [from, to) at the hour and day tiers, as the
 * compactor leaves them once settled: each day row holds exactly its hours. Traffic follows the
 * simulator's profiles (rates, day cycle, error mixes, latencies) and the incidents in `book`
 * bend it as they bend live traffic.
 */
export function historyRollups(integrations: readonly CompiledIntegration[], book: IncidentBook, window: { from: number; to: number }, scale: number): HistoryRollups {
  const calls = new Map<string, RollupEntry>();
  const perIntegration = new Map<string, RollupEntry>();
  const profiles = integrations.map((integration) => integration.profile);
  for (const integration of integrations) {
    const { profile } = integration;
    const series = { integration: profile.id, env: heaviest(profile.envs), site: heaviest(profile.sites), release: heaviest(profile.releases) };
    for (const op of integration.operations) {
      const rate = peakPerMinute(profile, op.profile, profiles) * scale;
      const callSeries = { ...series, operation: op.profile.operation, direction: op.profile.direction };
      for (let hour = window.from; hour < window.to; hour += HOUR) {
        // The last hour may end early, where the live simulator's minutes take over.
        const minutes = Math.min(60, (window.to - hour) / MINUTE);
        const volume = Math.round(minutes * rate * dayFactor(hour + HOUR / 2, profile.nightFloor));
        if (volume === 0) continue;
        const call = entryIn(calls, CALL_ROLLUPS, callSeries, HOUR, hour);
        addHour(call, integration, op, book, { hour, minutes, volume });
        mergeInto(INTEGRATION_ROLLUPS, entryIn(perIntegration, INTEGRATION_ROLLUPS, series, HOUR, hour), call);
      }
    }
  }
  const withDays = (hours: Map<string, RollupEntry>, spec: typeof CALL_ROLLUPS | typeof INTEGRATION_ROLLUPS): RollupEntry[] => {
    const days = new Map<string, RollupEntry>();
    for (const entry of hours.values()) mergeInto(spec, entryIn(days, spec, entry, DAY, Math.floor(entry.bucket / DAY) * DAY), entry);
    return [...hours.values(), ...days.values()];
  };
  return { calls: withDays(calls, CALL_ROLLUPS), integrations: withDays(perIntegration, INTEGRATION_ROLLUPS) };
}

/**
 * One operation's calls of the first `minutes` of an hour: outcome counts and latencies, minute
 * by minute where an incident touches it.
 */
function addHour(entry: RollupEntry, integration: CompiledIntegration, op: CompiledOperation, book: IncidentBook, span: { hour: number; minutes: number; volume: number }): void {
  const { hour, minutes, volume } = span;
  const id = integration.profile.id;
  const states = new Map<string, { effects: CallEffects; minutes: number }>();
  const touched = book.touches(id, hour, hour + minutes * MINUTE);
  if (!touched) states.set('', { effects: NO_CALL_EFFECTS, minutes });
  for (let minute = 0; touched && minute < minutes; minute++) {
    const effects = book.callEffects(id, hour + minute * MINUTE);
    const key = JSON.stringify(effects);
    const state = states.get(key) ?? { effects, minutes: 0 };
    state.minutes += 1;
    states.set(key, state);
  }
  const expected = new Map<Outcome, number>(OUTCOMES.map((outcome) => [outcome, 0]));
  let left = volume;
  let state = 0;
  for (const { effects, minutes: length } of states.values()) {
    const calls = state === states.size - 1 ? left : Math.round((volume * length) / minutes);
    left -= calls;
    for (const [outcome, share] of sharesOf(op, effects)) expected.set(outcome, expected.get(outcome)! + calls * share);
    const factor = op.profile.direction === 'outbound' ? effects.latencyFactor : 1;
    const rng = new Random(hashSeed(integration.index, op.index, hour / HOUR, state++));
    const sketch = entry.latency_sketch as LatencySketch;
    for (let sample = 0; sample < LATENCY_SAMPLES; sample++) {
      const weight = Math.floor(calls / LATENCY_SAMPLES) + (sample < calls % LATENCY_SAMPLES ? 1 : 0);
      if (weight > 0) sketch.add(Math.min(rng.lognormal(op.profile.latency.medianMs, op.profile.latency.sigma) * factor, op.profile.latency.timeoutMs), weight);
    }
  }
  let failed = 0;
  for (const outcome of OUTCOMES) {
    if (outcome === 'ok') continue;
    const count = Math.round(expected.get(outcome)!);
    entry[outcome] = (entry[outcome] as number) + count;
    failed += count;
  }
  entry.volume = (entry.volume as number) + volume;
  entry.ok = (entry.ok as number) + volume - failed;
}
