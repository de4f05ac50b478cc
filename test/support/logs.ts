import type { TestServer } from './server.js';

/** The two example lines of the integration-monitoring document, verbatim (pretty-printed there). */
export const DOCUMENT_EXAMPLES = [
  {
    timestamp: '2025-12-20T10:30:00Z',
    level: 'info',
    service: 'sync-task-service',
    operation: 'sync.started',
    tenantId: 'tenant-123',
    integrationId: 'salesforce-connection-1',
    metadata: { taskId: 'task-456', entity: 'contact', syncType: 'scheduled' },
  },
  {
    timestamp: '2025-12-20T10:30:05Z',
    level: 'error',
    service: 'salesforce-adapter',
    operation: 'fetch.failed',
    tenantId: 'tenant-123',
    integrationId: 'salesforce-connection-1',
    metadata: { entity: 'contact', error: 'Invalid session token', retryable: true },
  },
];

/** A moment shortly after the document's examples, so their timestamps are inside every bound. */
export const AFTER_EXAMPLES = Date.UTC(2025, 11, 20, 11, 0, 0);

/** POST /api/v1/logs with the test's ingest key (or `key`; null: none), a JSON array unless told. */
export async function postLogs(server: TestServer, body: unknown, options: { contentType?: string; key?: string | null; path?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const key = options.key === undefined ? server.key : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`${server.url}${options.path ?? '/api/v1/logs'}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}
