/** The active checks' answers as OpenAPI component schemas (the console's types are generated from them). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullableInteger = { type: ['integer', 'null'] };

const stateProperties = {
  name: { type: 'string' },
  type: { enum: ['http', 'tls', 'tcp', 'dns', 'heartbeat'] },
  target: { type: 'string', description: 'URL (with ${NAME} references unresolved) or host:port; never a secret.' },
  interval_ms: { type: 'integer' },
  timeout_ms: { type: 'integer' },
  status: { enum: ['up', 'degraded', 'down', 'pending'], description: 'Of the newest result; pending before the first.' },
  last: { oneOf: [ref('CheckResult'), { type: 'null' }] },
  consecutive_failures: { type: 'integer' },
  next_run: { ...nullableInteger, description: 'When this instance runs it next; null when it does not schedule it.' },
  heartbeat: {
    type: 'object',
    description: 'Heartbeats only: how pings are expected.',
    properties: { period_ms: nullableInteger, cron: { type: ['string', 'null'] }, grace_ms: { type: 'integer' }, job: { type: 'string' } },
  },
};
/** Every property but the heartbeat's, which only heartbeats have. */
const always = Object.keys(stateProperties).filter((name) => name !== 'heartbeat');

export function checkSchemas() {
  return {
    CheckResult: {
      type: 'object',
      properties: {
        ts: { type: 'integer' },
        status: { enum: ['up', 'degraded', 'down'] },
        latency_ms: { type: ['number', 'null'] },
        http_status: nullableInteger,
        error: { type: ['string', 'null'] },
        detail: { type: ['object', 'null'], additionalProperties: true, description: "What the probe saw besides its verdict (a certificate's expiry, the addresses a name resolved to)." },
      },
    },
    /** In the list of every check. */
    CheckState: { type: 'object', required: ['integration', ...always], properties: { integration: { type: 'string' }, ...stateProperties } },
    /** In one integration's list: with its history. */
    IntegrationCheck: {
      type: 'object',
      required: [...always, 'history'],
      properties: { ...stateProperties, history: { type: 'array', description: 'Its newest results, newest first.', items: ref('CheckResult') } },
    },
    CheckRun: { type: 'object', properties: { integration: { type: 'string' }, check: { type: 'string' }, result: ref('CheckResult') } },
  };
}
