import { RULE_KINDS } from './types.js';

/** JSON Schemas (draft-07, Ajv) of the `rules:` section of the alerting file. */
const duration = { type: 'string', pattern: '^\\d+(ms|s|m|h|d)$', description: 'must be a duration like 30s, 5m or 2h' } as const;
const share = { type: 'number', minimum: 0, maximum: 1, description: 'a share between 0 and 1 (0.05 = 5 %)' } as const;
const text = { type: 'string', minLength: 1, maxLength: 200 } as const;
const usual = { type: 'number', minimum: 1, maximum: 1000, description: 'must be how many times the usual level, 1 or more (3 = three times)' } as const;

const COMMON = {
  name: { type: 'string', pattern: '^[a-z0-9][a-z0-9._:-]{0,127}$', description: 'must be lower-case letters, digits, ".", "_", ":" and "-"' },
  kind: { enum: [...RULE_KINDS] },
  integration: { type: 'string', pattern: '^(\\*|[a-z0-9][a-z0-9._-]{0,63})$', description: 'must be an integration id or "*"' },
  env: text,
  site: text,
  operation: text,
  direction: { enum: ['inbound', 'outbound'] },
  severity: { enum: ['critical', 'warning', 'info'] },
  labels: { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: { type: 'string', maxLength: 200 } },
  for: duration,
  keepFiringFor: duration,
  minVolume: { type: 'integer', minimum: 0 },
  window: duration,
  repeatInterval: duration,
  runbook: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'must be a runbook name such as partner-timeouts-5xx' },
} as const;

/** `omit`: common fields the kind has no use for, refused rather than ignored. */
function kindSchema(kind: string, required: string[], properties: Record<string, unknown>, omit: ReadonlyArray<keyof typeof COMMON> = []) {
  const common: Record<string, unknown> = { ...COMMON };
  for (const key of omit) delete common[key];
  return {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'kind', 'integration', ...required],
    properties: { ...common, kind: { const: kind }, ...properties },
  };
}

export const RULE_SCHEMAS: Record<string, object> = {
  error_rate: kindSchema('error_rate', ['threshold'], { outcome: { enum: ['server_error', 'timeout', 'auth_error', 'network_error'] }, threshold: share, usual }),
  latency: kindSchema('latency', ['threshold'], { quantile: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, threshold: duration }),
  rate_limit: {
    ...kindSchema('rate_limit', [], { threshold: share, count: { type: 'integer', minimum: 1 }, usual }),
    oneOf: [{ required: ['threshold'] }, { required: ['count'] }],
  },
  volume_drop: kindSchema('volume_drop', ['fraction'], {
    baseline: { enum: ['last_week', 'trailing'] },
    fraction: share,
    event: text,
  }),
  freshness: {
    ...kindSchema('freshness', ['maxAge'], { event: text, job: text, maxAge: duration }),
    oneOf: [{ required: ['event'] }, { required: ['job'] }],
  },
  run_failures: kindSchema('run_failures', ['job'], { job: text, consecutive: { type: 'integer', minimum: 1, maximum: 100 } }),
  count_drop: kindSchema('count_drop', ['job'], {
    job: text,
    count: text,
    percent: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
    runs: { type: 'integer', minimum: 1, maximum: 100 },
  }),
  gauge: kindSchema('gauge', ['gauge', 'above'], { gauge: text, above: { type: 'number' } }),
  business_exception_rate: kindSchema('business_exception_rate', ['threshold'], { threshold: share, usual }),
  label_success_rate: kindSchema('label_success_rate', ['threshold'], { threshold: share }),
  // An SLO covers the whole integration, and the pairs name their own windows.
  burn_rate: kindSchema(
    'burn_rate',
    [],
    {
      slo: { enum: ['success', 'latency'] },
      objective: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'must be a share of calls that succeed, between 0 and 1 (0.999 = 99.9 %)' },
      threshold: duration,
      windows: {
        type: 'array',
        minItems: 1,
        maxItems: 8,
        items: { type: 'object', additionalProperties: false, required: ['long', 'short', 'factor'], properties: { long: duration, short: duration, factor: { type: 'number', exclusiveMinimum: 0 } } },
      },
    },
    ['env', 'site', 'operation', 'direction', 'window'],
  ),
  log_errors: kindSchema(
    'log_errors',
    [],
    {
      level: { enum: ['error', 'warn'] },
      jump: { type: 'number', minimum: 1, maximum: 1000, description: 'must be how many times the baseline rate, 1 or more' },
      minLines: { type: 'integer', minimum: 1 },
      baselineWindow: duration,
      newTypes: { type: 'boolean' },
    },
    ['env', 'site', 'operation', 'direction', 'minVolume'],
  ),
  lead_time: kindSchema('lead_time', ['threshold'], { quantile: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, threshold: duration, start: text, end: text }),
};

/** Checked first, so a rule with an unknown kind gets one clear message. */
export const RULE_BASE_SCHEMA = {
  type: 'object',
  required: ['name', 'kind', 'integration'],
  properties: { name: COMMON.name, kind: COMMON.kind },
} as const;

/** The top level of each document of the alerting file. */
export const ALERTING_DOCUMENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: { type: 'array', maxItems: 10_000 },
    channels: { type: 'array', maxItems: 200 },
    routes: { type: 'array', maxItems: 500 },
  },
} as const;
