/**
 * Scripted incidents: a kind, a target integration and a time span. The generators ask this book
 * "what is wrong with integration X at time T?" and bend their output accordingly, so an incident
 * shows up in calls, flows, runs and gauges alike.
 */
import type { IntegrationProfile } from './catalogue.js';

export type IncidentKind =
  | 'server-errors'
  | 'latency-spike'
  | 'rate-limit-storm'
  | 'auth-expired'
  | 'webhook-gap'
  | 'count-drop'
  | 'run-failures';

export interface IncidentKindInfo {
  readonly kind: IncidentKind;
  readonly description: string;
  readonly defaultIntegration: string;
  readonly defaultDurationMs: number;
  /** What the target must have for the incident to mean anything. */
  readonly needs: 'outbound-calls' | 'inbound-calls' | 'job-runs';
}

const MINUTE = 60_000;

export const INCIDENT_KINDS: readonly IncidentKindInfo[] = [
  { kind: 'server-errors', description: 'partner answers ~40 % of calls with 502/503/504', defaultIntegration: 'dhl-carrier', defaultDurationMs: 20 * MINUTE, needs: 'outbound-calls' },
  { kind: 'latency-spike', description: 'partner slows down: latencies (and p95) ×5, more timeouts', defaultIntegration: 'ups-carrier', defaultDurationMs: 20 * MINUTE, needs: 'outbound-calls' },
  { kind: 'rate-limit-storm', description: 'partner throttles ~55 % of calls with 429', defaultIntegration: 'amazon-marketplace', defaultDurationMs: 20 * MINUTE, needs: 'outbound-calls' },
  { kind: 'auth-expired', description: 'credentials expired: token refresh and most calls get 401', defaultIntegration: 'salesforce-sync', defaultDurationMs: 20 * MINUTE, needs: 'outbound-calls' },
  { kind: 'webhook-gap', description: 'partner stops delivering webhooks (shops redeliver afterwards)', defaultIntegration: 'shopify-connector', defaultDurationMs: 30 * MINUTE, needs: 'inbound-calls' },
  { kind: 'count-drop', description: 'feed runs succeed but record counts drop ~45 %', defaultIntegration: 'retailer-feed', defaultDurationMs: 120 * MINUTE, needs: 'job-runs' },
  { kind: 'run-failures', description: 'every feed / job run fails', defaultIntegration: 'retailer-feed', defaultDurationMs: 60 * MINUTE, needs: 'job-runs' },
];

export function incidentKindInfo(kind: string): IncidentKindInfo | undefined {
  return INCIDENT_KINDS.find((info) => info.kind === kind);
}

export interface Incident {
  readonly id: string;
  readonly kind: IncidentKind;
  readonly integration: string;
  readonly startMs: number;
  /** Exclusive; moves earlier when the incident is stopped. */
  endMs: number;
}

/** How an integration's calls are bent at one moment. The neutral value changes nothing. */
export interface CallEffects {
  readonly latencyFactor: number;
  readonly serverErrorShare: number;
  readonly rateLimitShare: number;
  readonly authFailureShare: number;
  readonly webhookGap: boolean;
}

export const NO_CALL_EFFECTS: CallEffects = {
  latencyFactor: 1,
  serverErrorShare: 0,
  rateLimitShare: 0,
  authFailureShare: 0,
  webhookGap: false,
};

export interface RunEffects {
  readonly countFactor: number;
  readonly forceFailure: boolean;
}

export const NO_RUN_EFFECTS: RunEffects = { countFactor: 1, forceFailure: false };

/** Kinds that degrade calls, and so build up backlogs in the integration's queues. */
const BACKLOG_KINDS: ReadonlySet<IncidentKind> = new Set(['server-errors', 'latency-spike', 'rate-limit-storm', 'auth-expired']);

function meetsNeed(profile: IntegrationProfile, need: IncidentKindInfo['needs']): boolean {
  switch (need) {
    case 'outbound-calls':
      return profile.operations.some((op) => op.direction === 'outbound');
    case 'inbound-calls':
      return profile.operations.some((op) => op.direction === 'inbound');
    case 'job-runs':
      return (profile.jobs?.length ?? 0) > 0;
  }
}

export class IncidentBook {
  private readonly incidents: Incident[] = [];
  private nextNumber = 1;
  /** Bumped on every change, so callers caching generated output know when to throw it away. */
  version = 0;

  constructor(private readonly profiles: ReadonlyMap<string, IntegrationProfile>) {}

  start(kind: IncidentKind, integration: string | undefined, startMs: number, durationMs: number | undefined): Incident {
    const info = incidentKindInfo(kind);
    if (!info) {
      throw new Error(`unknown incident kind "${kind}"; known: ${INCIDENT_KINDS.map((k) => k.kind).join(', ')}`);
    }
    const target = integration ?? info.defaultIntegration;
    const profile = this.profiles.get(target);
    if (!profile) throw new Error(`incident target "${target}" is not one of this simulator's integrations`);
    if (!meetsNeed(profile, info.needs)) {
      throw new Error(`incident "${kind}" needs an integration with ${info.needs.replace('-', ' ')}; "${target}" has none`);
    }
    const duration = durationMs ?? info.defaultDurationMs;
    if (!Number.isFinite(startMs) || !(duration > 0)) throw new Error('incident needs a finite start and a positive duration');
    const incident: Incident = {
      id: `inc-${this.nextNumber++}`,
      kind,
      integration: target,
      startMs: Math.floor(startMs),
      endMs: Math.floor(startMs + duration),
    };
    this.incidents.push(incident);
    this.version++;
    return incident;
  }

  /** Ends the incident at `atMs` (or drops it if it had not begun). */
  stop(id: string, atMs: number): Incident | undefined {
    const index = this.incidents.findIndex((incident) => incident.id === id);
    const incident = this.incidents[index];
    if (!incident) return undefined;
    if (atMs <= incident.startMs) this.incidents.splice(index, 1);
    else incident.endMs = Math.min(incident.endMs, Math.floor(atMs));
    this.version++;
    return { ...incident };
  }

  all(): Incident[] {
    return this.incidents.map((incident) => ({ ...incident }));
  }

  activeAt(atMs: number): Incident[] {
    return this.incidents.filter((i) => i.startMs <= atMs && atMs < i.endMs).map((i) => ({ ...i }));
  }

  /** Cheap pre-check so the hot paths skip per-call lookups when nothing is going on. */
  touches(integration: string, fromMs: number, toMs: number): boolean {
    for (const i of this.incidents) {
      if (i.integration === integration && i.startMs < toMs && fromMs < i.endMs) return true;
    }
    return false;
  }

  callEffects(integration: string, atMs: number): CallEffects {
    let effects: CallEffects | undefined;
    for (const i of this.incidents) {
      if (i.integration !== integration || atMs < i.startMs || atMs >= i.endMs) continue;
      const base = effects ?? NO_CALL_EFFECTS;
      switch (i.kind) {
        case 'server-errors':
          effects = { ...base, serverErrorShare: 0.4 };
          break;
        case 'latency-spike':
          effects = { ...base, latencyFactor: 5 };
          break;
        case 'rate-limit-storm':
          effects = { ...base, rateLimitShare: 0.55 };
          break;
        case 'auth-expired':
          effects = { ...base, authFailureShare: 0.9 };
          break;
        case 'webhook-gap':
          effects = { ...base, webhookGap: true };
          break;
        default:
          break;
      }
    }
    return effects ?? NO_CALL_EFFECTS;
  }

  /** The end of the webhook gap covering `atMs`, if any (shops redeliver what they held back then). */
  webhookGapEnd(integration: string, atMs: number): number | undefined {
    let end: number | undefined;
    for (const i of this.incidents) {
      if (i.kind === 'webhook-gap' && i.integration === integration && i.startMs <= atMs && atMs < i.endMs) {
        end = Math.max(end ?? 0, i.endMs);
      }
    }
    return end;
  }

  runEffects(integration: string, atMs: number): RunEffects {
    let effects: RunEffects | undefined;
    for (const i of this.incidents) {
      if (i.integration !== integration || atMs < i.startMs || atMs >= i.endMs) continue;
      const base = effects ?? NO_RUN_EFFECTS;
      if (i.kind === 'count-drop') effects = { ...base, countFactor: 0.55 };
      if (i.kind === 'run-failures') effects = { ...base, forceFailure: true };
    }
    return effects ?? NO_RUN_EFFECTS;
  }

  /** Whether a call-degrading incident, one that builds up a backlog, is in effect at `atMs`. */
  buildsBacklog(integration: string, atMs: number): boolean {
    return this.incidents.some((i) => i.integration === integration && BACKLOG_KINDS.has(i.kind) && i.startMs <= atMs && atMs < i.endMs);
  }

  /**
   * Minutes of backlog built up by call-degrading incidents at `atMs`: it grows while the incident
   * lasts and drains twice as fast afterwards, which is how a queue behind a sick partner looks.
   */
  backlogMinutes(integration: string, atMs: number): number {
    let total = 0;
    for (const i of this.incidents) {
      if (i.integration !== integration || !BACKLOG_KINDS.has(i.kind) || atMs < i.startMs) continue;
      const built = (Math.min(atMs, i.endMs) - i.startMs) / MINUTE;
      const drained = atMs > i.endMs ? (2 * (atMs - i.endMs)) / MINUTE : 0;
      total += Math.max(0, built - drained);
    }
    return total;
  }
}
