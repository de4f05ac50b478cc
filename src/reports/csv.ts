import { csvRow } from '../common/csv.js';
import type { IntegrationReport, TenantRow } from './reports.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The integration report as CSV: one figure a row (section, item, figure, value), times in RFC 3339. */
export function integrationReportCsv(report: IntegrationReport): string {
  const rows: unknown[][] = [['section', 'item', 'figure', 'value']];
  const summary = (figure: string, value: unknown) => rows.push(['summary', '', figure, value]);
  summary('integration', report.integration);
  summary('tenant', report.tenant);
  summary('from', iso(report.from));
  summary('to', iso(report.to));
  for (const [figure, value] of Object.entries(report.availability)) summary(figure, value);
  for (const [figure, value] of Object.entries(report.budget ?? {})) if (figure !== 'volume') summary(`budget_${figure}`, value);
  for (const [figure, value] of Object.entries(report.latency_budget ?? {})) if (figure !== 'volume') summary(`latency_budget_${figure}`, value);
  for (const [figure, value] of Object.entries(report.figures)) summary(figure, value);
  report.incidents.forEach((incident, index) => {
    const item = String(index + 1);
    rows.push(['incident', item, 'status', incident.status]);
    for (const moment of ['started_at', 'detected_at', 'acknowledged_at', 'recovered_at'] as const) rows.push(['incident', item, moment, iso(incident[moment])]);
    rows.push(['incident', item, 'ttd_ms', incident.ttd_ms], ['incident', item, 'ttr_ms', incident.ttr_ms], ['incident', item, 'reports', incident.reports.length]);
  });
  for (const operation of report.worst_operations) {
    const item = `${operation.direction} ${operation.operation}`;
    rows.push(['operation', item, 'volume', operation.volume], ['operation', item, 'failures', operation.failures], ['operation', item, 'success_rate', operation.success_rate]);
  }
  return rows.map(csvRow).join('');
}

export const TENANT_CSV_COLUMNS = [
  'integration',
  'tenant',
  'volume',
  'ok',
  'success_rate',
  'slo_target',
  'meets_slo',
  'budget_spent',
  'latency_threshold_ms',
  'latency_budget_spent',
  'incidents',
  'mttd_ms',
  'mttr_ms',
  'reports',
  'detected_before_reported',
  'detected_before_reported_share',
] as const;

/** The tenant report as CSV: one integration a row, the headline figures as columns. */
export function tenantReportCsv(rows: readonly TenantRow[]): string {
  const lines = [csvRow(TENANT_CSV_COLUMNS)];
  for (const row of rows) {
    const { figures, availability } = row;
    lines.push(
      csvRow([
        row.integration,
        row.tenant,
        availability.volume,
        availability.ok,
        availability.success_rate,
        availability.slo_target,
        availability.meets_slo,
        row.budget?.budget_spent ?? null,
        row.latency_budget?.threshold_ms ?? null,
        row.latency_budget?.budget_spent ?? null,
        figures.incidents,
        figures.mttd_ms,
        figures.mttr_ms,
        figures.reports,
        figures.detected_before_reported,
        figures.detected_before_reported_share,
      ]),
    );
  }
  return lines.join('');
}
