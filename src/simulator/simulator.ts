/**
 * The traffic simulator: realistic, deterministic wire records for the demo integrations, for the
 * demo command, tests and benchmarks.
 *
 * Output is a function of the seed, the options and the incidents: the same seed gives the same
 * records, and cutting time into different consecutive windows gives the same stream.
 */
import type { WireRecord } from '../ingest/wire.js';
import { CATALOGUE, INTEGRATION_IDS, type IntegrationProfile } from './catalogue.js';
import { compileCatalogue, type SimContext } from './context.js';
import { FlowEngine } from './flows.js';
import { gaugesBetween } from './gauges.js';
import { messagesBetween } from './messages.js';
import { IncidentBook, type Incident, type IncidentKind } from './incidents.js';
import { runsBetween } from './runs.js';
import { MINUTE_MS, STEADY_SPILL_MS, steadyCallsOfMinute } from './traffic.js';

export { CATALOGUE, INTEGRATION_IDS } from './catalogue.js';
export type { IntegrationProfile, IntegrationType, OperationProfile, JobProfile, GaugeProfile, LatencyShape, ErrorMix } from './catalogue.js';
export { INCIDENT_KINDS, type Incident, type IncidentKind, type IncidentKindInfo } from './incidents.js';
export { FLOW_HORIZON_MS } from './flows.js';

export const DEFAULT_SEED = 42;

export interface SimulatorOptions {
  /** Any integer; default 42. */
  seed?: number;
  /** Catalogue ids to generate records for; default all. Each keeps exactly the records it would have in the full set. */
  integrations?: readonly string[];
  /** Multiplies call and order rates (not job schedules or gauges); default 1. */
  scale?: number;
}

export interface StartIncidentOptions {
  /** Default: the kind's usual target (see INCIDENT_KINDS). */
  integration?: string;
  /** Default: the end of the last generated window, or now if nothing was generated yet. */
  startMs?: number;
  /** Default: the kind's usual duration. */
  durationMs?: number;
}

export interface Simulator {
  readonly seed: number;
  readonly scale: number;
  /** Profiles of the integrations this simulator generates, for display. */
  readonly integrations: readonly IntegrationProfile[];
  /** Every record with `fromMs ≤ ts < toMs`, sorted by ts. Call with consecutive windows for a live stream. */
  generate(fromMs: number, toMs: number): WireRecord[];
  startIncident(kind: IncidentKind, options?: StartIncidentOptions): Incident;
  /** Ends the incident at the end of the last generated window; returns it, or undefined if unknown. */
  stopIncident(id: string): Incident | undefined;
  /** Incidents in effect at `atMs` (default: the end of the last generated window). */
  activeIncidents(atMs?: number): Incident[];
  /** Every incident started so far, ended ones included. */
  incidents(): Incident[];
}

function byTs(a: WireRecord, b: WireRecord): number {
  return (a.ts as number) - (b.ts as number);
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`scale must be a positive number, got ${scale}`);
  const wanted = options.integrations ?? INTEGRATION_IDS;
  for (const id of wanted) {
    if (!INTEGRATION_IDS.includes(id)) throw new Error(`unknown integration "${id}"; known: ${INTEGRATION_IDS.join(', ')}`);
  }

  const integrations = compileCatalogue(CATALOGUE);
  const included = new Set(wanted);
  const profiles = new Map(integrations.filter((i) => included.has(i.profile.id)).map((i) => [i.profile.id, i.profile]));
  const incidents = new IncidentBook(profiles);
  const ctx: SimContext = {
    seed: seed >>> 0,
    scale,
    integrations,
    included,
    incidents,
  };
  const flows = new FlowEngine(ctx);

  // Steady minutes are generated whole; keep the last few so a live feeder ticking every second
  // does not regenerate the same minute sixty times. Invalidated whenever incidents change.
  let cache = new Map<number, WireRecord[]>();
  let cacheVersion = incidents.version;
  let cursor: number | undefined;

  function steadyCalls(fromMs: number, toMs: number): WireRecord[] {
    if (cacheVersion !== incidents.version) {
      cache = new Map();
      cacheVersion = incidents.version;
    }
    const firstMinute = Math.floor((fromMs - STEADY_SPILL_MS) / MINUTE_MS);
    const lastMinute = Math.floor((toMs - 1) / MINUTE_MS);
    const out: WireRecord[] = [];
    const next = new Map<number, WireRecord[]>();
    for (let minute = firstMinute; minute <= lastMinute; minute++) {
      const calls = cache.get(minute) ?? steadyCallsOfMinute(ctx, minute);
      next.set(minute, calls);
      for (const call of calls) {
        const ts = call.ts as number;
        if (ts >= fromMs && ts < toMs) out.push(call);
      }
    }
    // Only small windows are worth remembering; a backfill of hours would just hold memory.
    cache = lastMinute - firstMinute <= 8 ? next : new Map();
    return out;
  }

  const simulator: Simulator = {
    seed: ctx.seed,
    scale,
    integrations: CATALOGUE.filter((profile) => included.has(profile.id)),

    generate(fromMs, toMs) {
      if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) throw new Error('generate needs finite epoch milliseconds');
      const from = Math.ceil(fromMs);
      const to = Math.ceil(toMs);
      if (to <= from) return [];
      const records = steadyCalls(from, to).concat(flows.generate(from, to), runsBetween(ctx, from, to), gaugesBetween(ctx, from, to), messagesBetween(ctx, from, to));
      records.sort(byTs);
      cursor = to;
      return records;
    },

    startIncident(kind, opts = {}) {
      const incident = incidents.start(kind, opts.integration, opts.startMs ?? cursor ?? Date.now(), opts.durationMs);
      return { ...incident };
    },

    stopIncident(id) {
      return incidents.stop(id, cursor ?? Date.now());
    },

    activeIncidents(atMs) {
      return incidents.activeAt(atMs ?? cursor ?? Date.now());
    },

    incidents() {
      return incidents.all();
    },
  };
  return simulator;
}
