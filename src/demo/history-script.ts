import type { IncidentKind } from '../simulator/incidents.js';
import { MINUTE } from '../rollup/tiers.js';

/**
 * The incidents of the demo's seeded history: a month of an on-call rota's usual trouble, of
 * different kinds and lengths, some caught by an alert before a customer called and some not.
 * Times are minutes after the incident began; the alert and health moments follow what the live
 * rules would have done (the rule's `for`, the health window seeing the failures).
 */
export interface ScriptedIncident {
  kind: IncidentKind;
  integration: string;
  /** The alert rule that fired (a default rule or one of the demo alerting file's). */
  rule: string;
  /** Which month (the one before the current, or the current) and when in it, UTC. */
  month: 'previous' | 'current';
  day: number;
  hour: number;
  minute: number;
  durationMinutes: number;
  /** When the alert saw the breach (pending) and fired; when someone acknowledged it (null: nobody had yet). */
  pendingAfter: number;
  firingAfter: number;
  acknowledgedAfter: number | null;
  /** When health turned bad, and the status it turned to. */
  healthAfter: number;
  status: 'degraded' | 'down';
  reason: string;
  /** Customer reports support recorded: minutes after the start, and the ticket. */
  reports: Array<{ after: number; ticket: string; note: string }>;
}

export const SCRIPTED_INCIDENTS: readonly ScriptedIncident[] = [
  {
    kind: 'server-errors',
    integration: 'dhl-carrier',
    rule: 'dhl-carrier:error_rate',
    month: 'previous',
    day: 3,
    hour: 14,
    minute: 10,
    durationMinutes: 38,
    pendingAfter: 1,
    firingAfter: 3,
    acknowledgedAfter: 7,
    healthAfter: 2,
    status: 'down',
    reason: '40 % of calls failing (mostly server error)',
    reports: [{ after: 19, ticket: 'SUP-4102', note: 'Warehouse cannot print DHL labels' }],
  },
  {
    kind: 'auth-expired',
    integration: 'salesforce-sync',
    rule: 'salesforce-sync:auth_errors',
    month: 'previous',
    day: 9,
    hour: 7,
    minute: 40,
    durationMinutes: 125,
    pendingAfter: 1,
    firingAfter: 3,
    acknowledgedAfter: 26,
    healthAfter: 2,
    status: 'down',
    reason: '90 % of calls failing (mostly auth error)',
    reports: [{ after: 48, ticket: 'SUP-4131', note: 'Sales team: new contacts missing in the CRM since this morning' }],
  },
  {
    kind: 'latency-spike',
    integration: 'ups-carrier',
    rule: 'ups-carrier:latency_p95',
    month: 'previous',
    day: 14,
    hour: 16,
    minute: 20,
    durationMinutes: 47,
    pendingAfter: 4,
    firingAfter: 12,
    acknowledgedAfter: 20,
    healthAfter: 5,
    status: 'degraded',
    reason: 'p95 over the 2.5 s target',
    reports: [{ after: 6, ticket: 'SUP-4188', note: 'Shop checkout slow to show UPS rates' }],
  },
  {
    kind: 'server-errors',
    integration: 'shopify-connector',
    rule: 'shopify-connector:error_rate',
    month: 'previous',
    day: 21,
    hour: 11,
    minute: 5,
    durationMinutes: 14,
    pendingAfter: 1,
    firingAfter: 3,
    acknowledgedAfter: null,
    healthAfter: 2,
    status: 'down',
    reason: '40 % of calls failing (mostly server error)',
    reports: [],
  },
  {
    kind: 'rate-limit-storm',
    integration: 'amazon-marketplace',
    rule: 'amazon-marketplace:rate_limit',
    month: 'previous',
    day: 27,
    hour: 9,
    minute: 30,
    durationMinutes: 70,
    pendingAfter: 2,
    firingAfter: 5,
    acknowledgedAfter: 9,
    healthAfter: 2,
    status: 'down',
    reason: '55 % of calls failing (mostly rate limited)',
    reports: [{ after: 31, ticket: 'SUP-4310', note: 'Amazon listings not updating' }],
  },
  {
    kind: 'latency-spike',
    integration: 'dhl-carrier',
    rule: 'dhl-carrier:latency_p95',
    month: 'current',
    day: 2,
    hour: 15,
    minute: 0,
    durationMinutes: 22,
    pendingAfter: 4,
    firingAfter: 9,
    acknowledgedAfter: 13,
    healthAfter: 5,
    status: 'degraded',
    reason: 'p95 over the 800 ms target',
    reports: [{ after: 15, ticket: 'SUP-4377', note: 'Tracking page slow for DHL parcels' }],
  },
];

/** A scripted incident placed in time: every moment in epoch ms. */
export interface PlacedIncident extends ScriptedIncident {
  startMs: number;
  endMs: number;
  pendingAt: number;
  firingAt: number;
  acknowledgedAt: number | null;
  healthAt: number;
  /** The alert resolves and health turns healthy a little after the failures stop. */
  recoveredAt: number;
}

/** How long after the failures stop the alert resolves and health is healthy again. */
const RECOVERY_LAG_MS = 3 * MINUTE;

/**
 * The scripted incidents placed in the months around `now` (UTC), keeping those that are over
 * (recovered) before `until`: the seeded history ends where the live simulator's begins.
 */
export function placeIncidents(now: number, until: number): PlacedIncident[] {
  const date = new Date(now);
  return SCRIPTED_INCIDENTS.map((incident) => {
    const monthOffset = incident.month === 'previous' ? -1 : 0;
    const startMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + monthOffset, incident.day, incident.hour, incident.minute);
    const at = (minutes: number) => startMs + minutes * MINUTE;
    const endMs = at(incident.durationMinutes);
    return {
      ...incident,
      startMs,
      endMs,
      pendingAt: at(incident.pendingAfter),
      firingAt: at(incident.firingAfter),
      acknowledgedAt: incident.acknowledgedAfter === null ? null : at(incident.acknowledgedAfter),
      healthAt: at(incident.healthAfter),
      recoveredAt: endMs + RECOVERY_LAG_MS,
    };
  }).filter((incident) => incident.recoveredAt < until);
}
