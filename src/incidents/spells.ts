/**
 * Incidents: the spells an integration was degraded or down, read from its health history, with
 * the alerts that fired and were acknowledged around them, and the customer reports made during
 * them. Pure functions over rows, so the figures are exact and testable without a server.
 */
export interface HealthChange {
  ts: number;
  status: string;
}

export interface AlertMoment {
  ts: number;
  /** pending or firing: the alert saw the breach; firing: someone was told; acknowledged: someone took it. */
  kind: 'pending' | 'firing' | 'acknowledged';
}

export interface CustomerReport {
  id: number;
  integration: string;
  reported_at: number;
  ticket: string;
  note: string | null;
  recorded_by: string;
}

export interface Incident {
  integration: string;
  /** The worst status of the spell. */
  status: 'degraded' | 'down';
  /** The earliest evidence: the health change, or an alert's breach just before it. */
  started_at: number;
  /** The first alert that fired (someone was told); null when none did. */
  detected_at: number | null;
  acknowledged_at: number | null;
  /** Back to healthy; null while it lasts. */
  recovered_at: number | null;
  ttd_ms: number | null;
  ttr_ms: number | null;
  reports: Array<CustomerReport & { detected_before: boolean; lead_ms: number | null }>;
}

/** Alerts fire before health shows them (health counts firing alerts): their breach this long before still belongs to the spell. */
export const ALERT_LEAD_MS = 15 * 60_000;

const BAD = new Set(['degraded', 'down']);

/** The bad spells of one integration's health history (oldest first). */
export function spellsOf(changes: readonly HealthChange[]): Array<{ from: number; to: number | null; status: 'degraded' | 'down' }> {
  const spells: Array<{ from: number; to: number | null; status: 'degraded' | 'down' }> = [];
  let open: { from: number; to: number | null; status: 'degraded' | 'down' } | undefined;
  for (const change of [...changes].sort((a, b) => a.ts - b.ts)) {
    if (BAD.has(change.status)) {
      if (!open) spells.push((open = { from: change.ts, to: null, status: change.status as 'degraded' | 'down' }));
      else if (change.status === 'down') open.status = 'down';
    } else if (open && change.status === 'healthy') {
      open.to = change.ts;
      open = undefined;
    }
  }
  return spells;
}

/** Incidents of one integration from its health changes, its alerts' moments and its customer reports. */
export function incidentsOf(integration: string, changes: readonly HealthChange[], moments: readonly AlertMoment[], reports: readonly CustomerReport[]): Incident[] {
  const sorted = [...moments].sort((a, b) => a.ts - b.ts);
  return spellsOf(changes).map((spell) => {
    const end = spell.to ?? Number.POSITIVE_INFINITY;
    const around = sorted.filter((moment) => moment.ts >= spell.from - ALERT_LEAD_MS && moment.ts <= end);
    const breach = around.find((moment) => moment.kind !== 'acknowledged')?.ts;
    const started = Math.min(spell.from, breach ?? spell.from);
    const detected = around.find((moment) => moment.kind === 'firing')?.ts ?? null;
    const acknowledged = around.find((moment) => moment.kind === 'acknowledged')?.ts ?? null;
    const during = reports
      .filter((report) => report.reported_at >= started && report.reported_at <= end)
      .map((report) => {
        const before = detected !== null && detected <= report.reported_at;
        return { ...report, detected_before: before, lead_ms: before ? report.reported_at - detected! : null };
      });
    return {
      integration,
      status: spell.status,
      started_at: started,
      detected_at: detected,
      acknowledged_at: acknowledged,
      recovered_at: spell.to,
      ttd_ms: detected === null ? null : detected - started,
      ttr_ms: spell.to === null ? null : spell.to - started,
      reports: during,
    };
  });
}

export interface Figures {
  incidents: number;
  /** Mean time to detect and to recover, over the incidents that were detected / recovered. */
  mttd_ms: number | null;
  mttr_ms: number | null;
  reports: number;
  detected_before_reported: number;
  /** detected_before_reported ÷ reports; null without reports. A report outside every incident counts as not detected. */
  detected_before_reported_share: number | null;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function figuresOf(incidents: readonly Incident[], reports: readonly CustomerReport[]): Figures {
  const detectedBefore = new Set(incidents.flatMap((incident) => incident.reports.filter((report) => report.detected_before).map((report) => report.id)));
  return {
    incidents: incidents.length,
    mttd_ms: mean(incidents.flatMap((incident) => (incident.ttd_ms === null ? [] : [incident.ttd_ms]))),
    mttr_ms: mean(incidents.flatMap((incident) => (incident.ttr_ms === null ? [] : [incident.ttr_ms]))),
    reports: reports.length,
    detected_before_reported: detectedBefore.size,
    detected_before_reported_share: reports.length === 0 ? null : detectedBefore.size / reports.length,
  };
}
