import { createHash } from 'node:crypto';
import type { CatalogueEntry } from '../catalogue/types.js';
import type { Evaluation } from './evaluate/types.js';
import type { AlertRule } from './rules/types.js';
import type { AlertState, NotificationKind } from './types.js';

/**
 * The alert lifecycle, per rule × integration × labels (one `alerts` row, found by fingerprint):
 *
 *   inactive ─breaching─► pending ─held for `for`─► firing ─not breaching for `keepFiringFor`─► resolved
 *       ▲                    │ (not breaching)                 ▲ breaching again (or a blip)      │
 *       └────────────────────┘                                 └──── resolved ─breaching─► pending
 *
 * - "held" is what the data proves on its own time (see provenHeld in evaluate/common.ts: slices
 *   that all cross, not counting the edge slices), or an exact measure (the time past a freshness
 *   limit, since a failed run); the lifecycle's clock only where the data cannot say.
 *   `for: 0` fires at once;
 * - while firing, every breaching evaluation moves last_breach_at; it resolves only once
 *   `keepFiringFor` has passed without one, so a short recovery blip keeps it firing (no flapping);
 * - an evaluation that cannot judge (below minVolume, no data) holds the state as it is;
 * - notifications: `firing` on firing (or, if it was held back by a silence or inhibition, on the
 *   first cycle it no longer is), `repeat` every `repeatInterval` while firing, `resolved` once on
 *   resolution when a firing notification went out. An acknowledged alert sends neither repeats
 *   nor a held-back firing: someone is on it. Its resolution still goes out.
 */
export interface AlertSnapshot {
  state: AlertState;
  pending_since: number | null;
  fired_at: number | null;
  resolved_at: number | null;
  last_breach_at: number | null;
  last_notified_at: number | null;
  /** Set while on-call has acknowledged this firing (written by the API, never by a cycle). */
  acknowledged_at?: number | null;
}

export interface Decision {
  next: AlertState;
  /** The state changes (an alert_events row). */
  changed: boolean;
  /** The notification this evaluation calls for, before silences and inhibition. */
  notify: NotificationKind | null;
  /** Catch-up: firing, never notified (held back earlier); sent only if nothing holds it back now. */
  catchUp: boolean;
  snapshot: AlertSnapshot;
}

export function decide(current: AlertSnapshot | undefined, evaluation: Evaluation, rule: AlertRule, now: number): Decision {
  const was: AlertSnapshot = current ?? { state: 'inactive', pending_since: null, fired_at: null, resolved_at: null, last_breach_at: null, last_notified_at: null };
  const keep = (): Decision => ({ next: was.state, changed: false, notify: null, catchUp: false, snapshot: was });
  if (!evaluation.judged) return keep();
  const next = (state: AlertState, patch: Partial<AlertSnapshot>, notify: NotificationKind | null = null): Decision => ({
    next: state,
    changed: state !== was.state,
    notify,
    catchUp: false,
    snapshot: { ...was, ...patch, state },
  });
  if (evaluation.breaching) {
    switch (was.state) {
      case 'inactive':
      case 'resolved': {
        if ((evaluation.heldMs ?? 0) >= rule.forMs) {
          return next('firing', { pending_since: now, fired_at: now, resolved_at: null, last_breach_at: now, last_notified_at: null }, 'firing');
        }
        return next('pending', { pending_since: now, fired_at: null, resolved_at: null, last_breach_at: now, last_notified_at: null });
      }
      case 'pending': {
        // The data's own time when it can say (late data or a slow cycle then neither shortens nor
        // lengthens `for`); the lifecycle's clock only for rules whose data cannot.
        const held = evaluation.heldMs ?? now - (was.pending_since ?? now);
        if (held >= rule.forMs) return next('firing', { fired_at: now, last_breach_at: now }, 'firing');
        return { ...next('pending', { last_breach_at: now }), changed: false };
      }
      case 'firing': {
        const decision: Decision = { ...next('firing', { last_breach_at: now }), changed: false };
        return withFiringNotifications(decision, rule, now);
      }
    }
  }
  switch (was.state) {
    case 'pending':
      return next('inactive', { pending_since: null });
    case 'firing': {
      if (now - (was.last_breach_at ?? now) >= rule.keepFiringForMs) {
        return next('resolved', { resolved_at: now }, was.last_notified_at !== null ? 'resolved' : null);
      }
      return withFiringNotifications(keep(), rule, now);
    }
    default:
      return keep();
  }
}

function withFiringNotifications(decision: Decision, rule: AlertRule, now: number): Decision {
  if (decision.snapshot.acknowledged_at != null) return decision;
  const notified = decision.snapshot.last_notified_at;
  if (notified === null) return { ...decision, notify: 'firing', catchUp: true };
  if (now - notified >= rule.repeatIntervalMs) return { ...decision, notify: 'repeat' };
  return decision;
}

/** An alert's labels: who, what and how bad, plus the rule's own labels (e.g. team). */
export function alertLabels(rule: AlertRule, integration: string, entry: CatalogueEntry | undefined): Record<string, string> {
  const labels: Record<string, string> = { alertname: rule.name, integration, severity: rule.severity, kind: rule.kind };
  if (entry?.owner) labels.team = entry.owner;
  for (const key of ['env', 'site', 'operation', 'direction'] as const) {
    const value = rule[key];
    if (value !== undefined) labels[key] = value;
  }
  return { ...labels, ...rule.labels };
}

/** Stable id of rule × integration × labels. */
export function fingerprintOf(rule: string, integration: string, labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((key) => [key, labels[key]]);
  return createHash('sha256').update(JSON.stringify([rule, integration, sorted])).digest('hex').slice(0, 16);
}

export interface SilenceMatcher {
  label: string;
  value: string;
  regex?: boolean;
}

/** All matchers must match the alert's labels (a regex is anchored, like Alertmanager's =~). */
export function silenceMatches(matchers: readonly SilenceMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const actual = labels[m.label] ?? '';
    if (!m.regex) return actual === m.value;
    try {
      return new RegExp(`^(?:${m.value})$`).test(actual);
    } catch {
      return false;
    }
  });
}

/**
 * Inhibition: an integration that is down — its health status is down, or it has a firing critical
 * error_rate alert — does not also notify for its latency and rate-limit alerts (they are symptoms
 * of the same incident). The alerts still change state; the held-back notification is recorded.
 */
export const INHIBITED_KINDS = new Set(['latency', 'rate_limit']);
