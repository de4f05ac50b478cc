/** The /metrics route of the OpenAPI document. */
export function metricsPaths() {
  return {
    '/metrics': {
      get: {
        summary: 'Prometheus exposition: the integrations\' signals under the requirement documents\' names, and Switchboard\'s own health',
        description:
          'Prometheus text format 0.0.4, or OpenMetrics 1.0.0 when the Accept header names application/openmetrics-text (as Prometheus sends); gzipped when Accept-Encoding takes gzip. Needs the read scope (Prometheus\'s `authorization` scrape setting) unless SWITCHBOARD_METRICS_PUBLIC=true. Every metric, its labels and how it is derived: docs/prometheus.md.',
        responses: {
          '200': {
            description: 'The exposition.',
            content: { 'text/plain': { schema: { type: 'string' } }, 'application/openmetrics-text': { schema: { type: 'string' } } },
          },
        },
      },
    },
  };
}
