import { fileAjv, yamlDocuments } from '../yaml/documents.js';
import { SchemaValidators } from '../common/schema-validators.js';
import { durationMs } from './duration.js';
import { CHECK_SCHEMAS, integrationEntitySchema } from './schema.js';
import type { CatalogueEntry, CatalogueProblem, CheckDefinition, LogSignalRule } from './types.js';
import { literalSecretHeaders, literalSecretMessage } from './secret-headers.js';
import { checkRecovery, toMessagePatterns, toRecoveryActions } from '../recovery/parse.js';
import type { MessagePattern } from '../recovery/types.js';
import { CronExpressionParser } from 'cron-parser';

const DEFAULT_INTERVAL = '5m';
const DEFAULT_TIMEOUT = '5s';

const validateEntity = new SchemaValidators(fileAjv, { entity: integrationEntitySchema });
const validateCheck = new SchemaValidators(fileAjv, CHECK_SCHEMAS);

function cronProblem(expression: string): string | undefined {
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
    return undefined;
  } catch (error) {
    return `is not a valid cron schedule: ${(error as Error).message}`;
  }
}

/**
 * Parses one catalogue file (one or more YAML documents). Every problem is reported with its
 * line and column; the documents without problems are still returned, so one broken record does
 * not hide the rest.
 */
export function parseCatalogueFile(text: string, file: string): { entries: CatalogueEntry[]; problems: CatalogueProblem[] } {
  const { documents, problems } = yamlDocuments(text, file);
  const entries: CatalogueEntry[] = [];
  for (const document of documents) {
    const { value, report } = document;
    document.validate(validateEntity.get('entity'), value);
    // Checks are judged even when the record has other problems, so one pass shows them all.
    const entity = value as Entity;
    const checks = Array.isArray(entity?.spec?.checks) ? entity.spec.checks : [];
    checks.forEach((check, index) => {
      if (!validateCheck.has(check?.type) || !document.validate(validateCheck.get(check.type), check, ['spec', 'checks', index])) return;
      if (check.type === 'heartbeat' && !check.period === !check.cron) {
        report(['spec', 'checks', index], `spec.checks.${index} (heartbeat) needs exactly one of "period" or "cron"`);
      } else if (check.type === 'heartbeat' && check.cron) {
        const problem = cronProblem(check.cron);
        if (problem) report(['spec', 'checks', index, 'cron'], `spec.checks.${index}.cron ${problem}`);
      }
    });
    checks.forEach((check, index) => {
      for (const header of literalSecretHeaders(check.headers)) report(['spec', 'checks', index, 'headers', header], literalSecretMessage(header));
    });
    checkRecovery(document, entity?.spec);
    if (document.problemCount() > 0) continue;
    (entity.spec.slo?.freshness ?? []).forEach((target, index) => {
      if (!target.event === !target.job) {
        report(['spec', 'slo', 'freshness', index], `spec.slo.freshness.${index} needs exactly one of "event" or "job"`);
      }
    });
    const names = new Set<string>();
    (entity.spec.checks ?? []).forEach((check, index) => {
      if (names.has(check.name)) report(['spec', 'checks', index, 'name'], `check name "${check.name}" is used twice in ${entity.metadata.name}`);
      names.add(check.name);
    });
    if (document.problemCount() > 0) continue;
    entries.push(toEntry(entity, { file, line: document.line }));
  }
  return { entries, problems };
}

interface Entity {
  metadata: { name: string; title?: string; description?: string; tags?: string[]; links?: Array<{ url: string; title?: string }> };
  spec: {
    type: CatalogueEntry['type'];
    partner: string;
    direction?: CatalogueEntry['direction'];
    criticality?: CatalogueEntry['criticality'];
    criticalFlows?: string[];
    auth?: CatalogueEntry['auth'];
    apiVersion?: string;
    slo?: { successRate?: number; latencyP95?: string; period?: string; freshness?: Array<{ event?: string; job?: string; maxAge: string }> };
    owner: string;
    tenant?: string;
    contacts?: { support?: object; escalation?: object[]; partnerTicketing?: object };
    knownRisks?: string[];
    runbooks?: string[];
    lifecycle?: { supportedVersions?: string[]; deprecation?: string; plannedChanges?: string[]; sandbox?: string };
    logSignals?: LogSignalRule[];
    checks?: Array<Record<string, unknown> & { type: string; name: string; period?: string; cron?: string }>;
    recovery?: Array<Record<string, unknown>>;
    messages?: MessagePattern[];
  };
}

function toCheck(integration: string, raw: Record<string, unknown>): CheckDefinition {
  const common = {
    name: raw.name as string,
    integration,
    intervalMs: durationMs((raw.interval as string | undefined) ?? DEFAULT_INTERVAL),
    timeoutMs: durationMs((raw.timeout as string | undefined) ?? DEFAULT_TIMEOUT),
  };
  const optional = <K extends string>(key: K, value: unknown) => (value === undefined ? {} : { [key]: value });
  switch (raw.type) {
    case 'http':
      return {
        ...common,
        type: 'http',
        url: raw.url as string,
        method: (raw.method as string | undefined) ?? 'GET',
        headers: (raw.headers as Record<string, string> | undefined) ?? {},
        expectStatus: (raw.expectStatus as number[] | undefined) ?? [200, 201, 202, 204],
        ...optional('body', raw.body),
        ...optional('expectJson', raw.expectJson),
        ...optional('maxLatencyMs', raw.maxLatency === undefined ? undefined : durationMs(raw.maxLatency as string)),
        ...optional('clientCertificate', raw.clientCertificate),
      } as CheckDefinition;
    case 'tls':
      return {
        ...common,
        type: 'tls',
        host: raw.host as string,
        port: (raw.port as number | undefined) ?? 443,
        warnBeforeMs: durationMs((raw.warnBefore as string | undefined) ?? '14d'),
        ...optional('clientCertificate', raw.clientCertificate),
      } as CheckDefinition;
    case 'tcp':
      return { ...common, type: 'tcp', host: raw.host as string, port: raw.port as number };
    case 'dns':
      return { ...common, type: 'dns', host: raw.host as string, recordType: (raw.recordType as 'A' | undefined) ?? 'A' };
    default:
      return {
        ...common,
        type: 'heartbeat',
        ...optional('periodMs', raw.period === undefined ? undefined : durationMs(raw.period as string)),
        ...optional('cron', raw.cron),
        graceMs: durationMs((raw.grace as string | undefined) ?? '5m'),
        job: (raw.job as string | undefined) ?? (raw.name as string),
      } as CheckDefinition;
  }
}

function toEntry(entity: Entity, source: CatalogueEntry['source']): CatalogueEntry {
  const { metadata, spec } = entity;
  return {
    id: metadata.name,
    title: metadata.title ?? metadata.name,
    ...(metadata.description ? { description: metadata.description } : {}),
    tags: metadata.tags ?? [],
    links: metadata.links ?? [],
    type: spec.type,
    partner: spec.partner,
    direction: spec.direction ?? 'both',
    criticality: spec.criticality ?? 'medium',
    criticalFlows: spec.criticalFlows ?? [],
    ...(spec.auth ? { auth: spec.auth } : {}),
    ...(spec.apiVersion ? { apiVersion: spec.apiVersion } : {}),
    slo: {
      ...(spec.slo?.successRate !== undefined ? { successRate: spec.slo.successRate } : {}),
      ...(spec.slo?.latencyP95 ? { latencyP95Ms: durationMs(spec.slo.latencyP95) } : {}),
      ...(spec.slo?.period ? { periodMs: durationMs(spec.slo.period) } : {}),
      freshness: (spec.slo?.freshness ?? []).map((target) => ({
        ...(target.event ? { event: target.event } : {}),
        ...(target.job ? { job: target.job } : {}),
        maxAgeMs: durationMs(target.maxAge),
      })),
    },
    owner: spec.owner,
    tenant: spec.tenant ?? spec.owner,
    contacts: {
      ...(spec.contacts?.support ? { support: spec.contacts.support } : {}),
      escalation: (spec.contacts?.escalation ?? []) as CatalogueEntry['contacts']['escalation'],
      ...(spec.contacts?.partnerTicketing ? { partnerTicketing: spec.contacts.partnerTicketing } : {}),
    },
    knownRisks: spec.knownRisks ?? [],
    runbooks: spec.runbooks ?? [],
    lifecycle: {
      supportedVersions: spec.lifecycle?.supportedVersions ?? [],
      ...(spec.lifecycle?.deprecation ? { deprecation: spec.lifecycle.deprecation } : {}),
      plannedChanges: spec.lifecycle?.plannedChanges ?? [],
      ...(spec.lifecycle?.sandbox ? { sandbox: spec.lifecycle.sandbox } : {}),
    },
    checks: (spec.checks ?? []).map((check) => toCheck(metadata.name, check)),
    logSignals: spec.logSignals ?? [],
    recovery: toRecoveryActions(metadata.name, spec.recovery ?? []),
    messages: toMessagePatterns(spec.messages ?? []),
    source,
  };
}
