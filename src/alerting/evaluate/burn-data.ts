import type { Kysely } from 'kysely';
import { coverage, type Tally } from '../../budget/burn.js';
import { firstSeen, latencyKey, latencyTally, successTally, windowEnd, type CallCounts, type LatencyTarget, type SlowCounts, type WindowCounts, type WindowLatency } from '../../budget/totals.js';
import type { Database } from '../../store/schema.js';
import type { AlertRule } from '../rules/types.js';

/** Where a cycle finds the burn-rate rules' counts and, for a rule without its own, the SLO's objective. */
export interface BurnSources {
  /** Shared by the engine's cycles, so the settled parts of long windows are read once. */
  counts: WindowCounts;
  /** The same, for the calls slower than the latency rules' thresholds. */
  latency: WindowLatency;
  /** The catalogue's SLO success rate of an integration, if any. */
  objectiveOf: (integration: string) => number | undefined;
  /** The catalogue's p95 latency target of an integration, if any. */
  latencyTargetOf: (integration: string) => number | undefined;
}

/** The latency threshold a burn-rate rule judges an integration by: its own, or the catalogue's p95 target. */
export function latencyThresholdOf(rule: AlertRule, integration: string, sources: Pick<BurnSources, 'latencyTargetOf'>): number | undefined {
  return rule.thresholdMs ?? sources.latencyTargetOf(integration);
}

/** Calls, bad and slow calls per integration over every window the cycle's burn-rate rules name. */
export class BurnData {
  private constructor(
    private readonly end: number,
    private readonly byLength: Map<number, Map<string, CallCounts>>,
    private readonly slowByLength: Map<number, Map<string, SlowCounts>>,
    private readonly first: Map<string, number>,
    readonly objectiveOf: (integration: string) => number | undefined,
    readonly latencyTargetOf: (integration: string) => number | undefined,
  ) {}

  static async load(db: Kysely<Database>, now: number, rules: ReadonlyArray<{ rule: AlertRule; integration: string }>, sources: BurnSources | undefined): Promise<BurnData> {
    const lengths = new Set<number>();
    const latencyLengths = new Set<number>();
    const targets = new Map<string, LatencyTarget>();
    for (const { rule, integration } of rules) {
      if (rule.kind !== 'burn_rate') continue;
      const latency = rule.slo === 'latency';
      for (const pair of rule.burnPairs ?? []) for (const length of [pair.longMs, pair.shortMs]) (latency ? latencyLengths : lengths).add(length);
      const thresholdMs = latency && sources ? latencyThresholdOf(rule, integration, sources) : undefined;
      if (thresholdMs !== undefined) targets.set(latencyKey({ integration, thresholdMs }), { integration, thresholdMs });
    }
    const none = () => undefined;
    if (!sources || (lengths.size === 0 && targets.size === 0)) return new BurnData(windowEnd(now), new Map(), new Map(), new Map(), sources?.objectiveOf ?? none, sources?.latencyTargetOf ?? none);
    return new BurnData(
      windowEnd(now),
      lengths.size === 0 ? new Map() : await sources.counts.read(db, now, [...lengths]),
      targets.size === 0 ? new Map() : await sources.latency.read(db, now, [...latencyLengths], [...targets.values()]),
      await firstSeen(db),
      sources.objectiveOf,
      sources.latencyTargetOf,
    );
  }

  /** The calls of an integration over the window of this length ending now, and how many failed. */
  tally(integration: string, lengthMs: number): Tally {
    return successTally(this.byLength.get(lengthMs)?.get(integration), coverage(this.first.get(integration), this.end, lengthMs));
  }

  /** The calls of an integration over the window of this length ending now, and how many were slower than `thresholdMs`. */
  latencyTally(integration: string, thresholdMs: number, lengthMs: number): Tally {
    return latencyTally(this.slowByLength.get(lengthMs)?.get(latencyKey({ integration, thresholdMs })), coverage(this.first.get(integration), this.end, lengthMs));
  }
}
