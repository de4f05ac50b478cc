import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { durationMs } from '../../catalogue/duration.js';
import { fileAjv, yamlDocuments, type FileProblem } from '../../yaml/documents.js';
import { SchemaValidators } from '../../common/schema-validators.js';
import { CHANNEL_SCHEMAS, ROUTE_SCHEMA } from '../notify/schema.js';
import { checkRoutes } from '../notify/routing.js';
import { PAGE_PAIRS } from '../../budget/burn.js';
import type { ChannelConfig, RouteConfig } from '../notify/config.js';
import { ALERTING_DOCUMENT_SCHEMA, RULE_BASE_SCHEMA, RULE_SCHEMAS } from './schema.js';
import { RULE_DEFAULTS, type AlertRule, type RuleKind } from './types.js';

const validateFile = new SchemaValidators(fileAjv, { document: ALERTING_DOCUMENT_SCHEMA, base: RULE_BASE_SCHEMA, route: ROUTE_SCHEMA });
const validateRule = new SchemaValidators(fileAjv, RULE_SCHEMAS as Record<RuleKind, object>);
const validateChannel = new SchemaValidators(fileAjv, CHANNEL_SCHEMAS);

/** What an alerting file declares: its rules, and the channels and routes delivery uses. */
export interface AlertingFile {
  rules: AlertRule[];
  channels: ChannelConfig[];
  routes: RouteConfig[];
  problems: FileProblem[];
}

type RawRule = Record<string, unknown> & { name: string; kind: RuleKind; integration: string };

function toRule(raw: RawRule, file: string, line: number): AlertRule {
  const ms = (value: unknown, fallback: number) => (typeof value === 'string' ? durationMs(value) : fallback);
  const optional = <K extends string>(key: K, value: unknown) => (value === undefined ? {} : { [key]: value });
  const rule: AlertRule = {
    name: raw.name,
    kind: raw.kind,
    integration: raw.integration,
    ...optional('env', raw.env),
    ...optional('site', raw.site),
    ...optional('operation', raw.operation),
    ...optional('direction', raw.direction),
    severity: (raw.severity as AlertRule['severity'] | undefined) ?? RULE_DEFAULTS.severity,
    labels: (raw.labels as Record<string, string> | undefined) ?? {},
    forMs: ms(raw.for, RULE_DEFAULTS.forMs),
    keepFiringForMs: ms(raw.keepFiringFor, RULE_DEFAULTS.keepFiringForMs),
    minVolume: (raw.minVolume as number | undefined) ?? RULE_DEFAULTS.minVolume,
    windowMs: ms(raw.window, RULE_DEFAULTS.windowMs),
    repeatIntervalMs: ms(raw.repeatInterval, RULE_DEFAULTS.repeatIntervalMs),
    ...optional('runbook', raw.runbook),
    ...optional('usual', raw.usual),
    source: { origin: 'file', file, line },
  };
  switch (raw.kind) {
    case 'error_rate':
      return { ...rule, outcome: (raw.outcome as AlertRule['outcome']) ?? 'server_error', threshold: raw.threshold as number };
    case 'latency':
    case 'lead_time':
      return {
        ...rule,
        quantile: (raw.quantile as number | undefined) ?? 0.95,
        thresholdMs: durationMs(raw.threshold as string),
        // Only lead_time's schema allows these.
        ...optional('startEvent', raw.start),
        ...optional('endEvent', raw.end),
      };
    case 'rate_limit':
      return { ...rule, ...optional('threshold', raw.threshold), ...optional('count', raw.count) };
    case 'volume_drop':
      return { ...rule, baseline: (raw.baseline as AlertRule['baseline']) ?? 'trailing', fraction: raw.fraction as number, ...optional('event', raw.event) };
    case 'freshness':
      return { ...rule, ...optional('event', raw.event), ...optional('job', raw.job), maxAgeMs: durationMs(raw.maxAge as string) };
    case 'run_failures':
      return { ...rule, job: raw.job as string, consecutive: (raw.consecutive as number | undefined) ?? 2 };
    case 'count_drop':
      return { ...rule, job: raw.job as string, ...optional('countName', raw.count), percent: (raw.percent as number | undefined) ?? 30, runs: (raw.runs as number | undefined) ?? 5 };
    case 'gauge':
      return { ...rule, gauge: raw.gauge as string, above: raw.above as number };
    case 'burn_rate':
      return burnRule(rule, raw);
    case 'log_errors':
      return {
        ...rule,
        ...optional('logLevel', raw.level),
        ...optional('logJump', raw.jump),
        ...optional('logMinLines', raw.minLines),
        ...(raw.baselineWindow !== undefined ? { logBaselineMs: durationMs(raw.baselineWindow as string) } : {}),
        ...optional('logNewTypes', raw.newTypes),
      };
    default:
      return { ...rule, threshold: raw.threshold as number };
  }
}

/**
 * A burn-rate rule: the page pairs unless it names its own; `for: 0s` unless it says otherwise
 * (the short window already proves the burning goes on); its window is its longest.
 */
function burnRule(rule: AlertRule, raw: RawRule): AlertRule {
  const written = raw.windows as Array<{ long: string; short: string; factor: number }> | undefined;
  const burnPairs = written ? written.map((pair) => ({ longMs: durationMs(pair.long), shortMs: durationMs(pair.short), factor: pair.factor })) : PAGE_PAIRS;
  return {
    ...rule,
    ...(raw.slo === 'latency' ? { slo: 'latency' as const } : {}),
    ...(raw.objective !== undefined ? { objective: raw.objective as number } : {}),
    ...(raw.threshold !== undefined ? { thresholdMs: durationMs(raw.threshold as string) } : {}),
    burnPairs,
    forMs: raw.for === undefined ? 0 : rule.forMs,
    windowMs: Math.max(...burnPairs.map((pair) => pair.longMs)),
  };
}

/**
 * Parses an alerting file: one or more YAML documents with `rules:`, `channels:` and `routes:`
 * sections. Every problem comes with its line and column; rule names must be unique.
 */
export function parseAlertingFile(text: string, file: string): AlertingFile {
  const { documents, problems } = yamlDocuments(text, file);
  const textLines = text.split('\n');
  const rules: AlertRule[] = [];
  const channels: ChannelConfig[] = [];
  const routes: RouteConfig[] = [];
  const seen = new Map<string, number>();
  const routeDocs: Array<{ report: (path: Array<string | number>, message: string) => void; routes: RouteConfig[]; from: number }> = [];
  for (const document of documents) {
    const { value, report } = document;
    if (!document.validate(validateFile.get('document'), value)) continue;
    const body = value as { rules?: unknown[]; channels?: unknown[]; routes?: unknown[] };
    (body.rules ?? []).forEach((raw, index) => {
      const at = ['rules', index];
      if (!document.validate(validateFile.get('base'), raw, at)) return;
      const candidate = raw as RawRule;
      if (!document.validate(validateRule.get(candidate.kind), raw, at)) return;
      if (candidate.kind === 'volume_drop' && candidate.event !== undefined && candidate.baseline === 'last_week') {
        report([...at, 'baseline'], `rules.${index}.baseline: a volume drop of events is judged against the previous hour only (baseline: trailing)`);
        return;
      }
      if (candidate.usual !== undefined && (candidate.count !== undefined || ['env', 'site', 'operation', 'direction'].some((key) => candidate[key] !== undefined))) {
        report([...at, 'usual'], `rules.${index}.usual: baseline mode compares a share of the whole integration with its usual level: no count, env, site, operation or direction`);
        return;
      }
      if (candidate.kind === 'burn_rate' && candidate.threshold !== undefined && candidate.slo !== 'latency') {
        report([...at, 'threshold'], `rules.${index}.threshold: only a latency burn-rate rule (slo: latency) takes a threshold; a success burn-rate rule counts every call that is not ok`);
        return;
      }
      const shortNotShorter = candidate.kind === 'burn_rate' ? ((candidate.windows ?? []) as Array<{ long: string; short: string }>).findIndex((pair) => durationMs(pair.short) >= durationMs(pair.long)) : -1;
      if (shortNotShorter !== -1) {
        report([...at, 'windows', shortNotShorter, 'short'], `rules.${index}.windows.${shortNotShorter}.short must be shorter than its long window`);
        return;
      }
      const first = seen.get(candidate.name);
      if (first !== undefined) {
        report([...at, 'name'], `rule name "${candidate.name}" is already used at line ${first}`);
        return;
      }
      const line = nameLine(textLines, candidate.name, document.line);
      seen.set(candidate.name, line);
      rules.push(toRule(candidate, file, line));
    });
    (body.channels ?? []).forEach((raw, index) => {
      const at = ['channels', index];
      const type = (raw as { type?: unknown } | null)?.type;
      if (!validateChannel.has(type)) {
        report([...at, 'type'], `channels.${index}.type must be one of ${validateChannel.keys().map((t) => JSON.stringify(t)).join(', ')}`);
        return;
      }
      if (!document.validate(validateChannel.get(type), raw, at)) return;
      const channel = raw as ChannelConfig;
      if (channels.some((c) => c.name === channel.name)) {
        report([...at, 'name'], `channel name "${channel.name}" is declared twice`);
        return;
      }
      channels.push(channel);
    });
    const from = routes.length;
    const mine: RouteConfig[] = [];
    (body.routes ?? []).forEach((raw, index) => {
      if (document.validate(validateFile.get('route'), raw, ['routes', index])) mine.push(raw as RouteConfig);
    });
    for (const route of mine) routes.push(route);
    routeDocs.push({ report, routes: mine, from });
  }
  // Routes may name channels declared in any document, so they are checked once all are read.
  const names = channels.map((c) => c.name);
  for (const { report, routes: mine } of routeDocs) {
    for (const message of checkRoutes(mine, names)) {
      const index = Number(/^routes\[(\d+)\]/.exec(message)?.[1] ?? 0);
      report(['routes', index], message);
    }
  }
  return { rules, channels, routes, problems };
}

/** The line of a rule's `name:` (for the API and messages), or the document's first line. */
function nameLine(lines: string[], name: string, fallback: number): number {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s{,-])name:\\s*["']?${escaped}["']?\\s*(,|}|#|$)`);
  const index = lines.findIndex((line) => pattern.test(line));
  return index === -1 ? fallback : index + 1;
}

/** Reads and parses an alerting file; a file that cannot be read is one problem at line 1. */
export function loadAlertingFile(path: string): AlertingFile {
  const shown = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { rules: [], channels: [], routes: [], problems: [{ file: shown, line: 1, column: 1, message: `cannot read the alerting file: ${(error as Error).message}` }] };
  }
  return parseAlertingFile(text, shown);
}
