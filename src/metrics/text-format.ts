/**
 * The bits of the Prometheus text format (0.0.4) and OpenMetrics 1.0.0 that the integration
 * families are rendered with, written the way prom-client writes its own families, so that one
 * body mixes both without a seam.
 */

export type FamilyType = 'counter' | 'gauge' | 'histogram';

export interface Family {
  name: string;
  help: string;
  type: FamilyType;
}

/** A label value inside its quotes: backslash, newline and double quote escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** `name="value"` pairs joined by commas, ready to sit between braces. */
export function labelText(labels: ReadonlyArray<readonly [string, string]>): string {
  return labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',');
}

/** A sample value as prom-client writes it (Prometheus parses these case-insensitively). */
export function sampleValue(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}

/**
 * The HELP and TYPE lines. OpenMetrics names a counter family without its `_total` (its samples
 * keep it), as prom-client does for the registry's own counters.
 */
export function familyHeader(family: Family, openMetrics: boolean): string {
  const name = openMetrics && family.type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
  const help = family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return `# HELP ${name} ${help}\n# TYPE ${name} ${family.type}\n`;
}

/**
 * What ends a family: in the Prometheus format an empty line, as prom-client separates its own
 * families; OpenMetrics allows no empty line.
 */
export function familyEnd(openMetrics: boolean): string {
  return openMetrics ? '' : '\n';
}
