/**
 * POST /v1/logs: log records made with the official OpenTelemetry JS logs SDK and sent by the
 * official OTLP/HTTP logs exporters, JSON and protobuf, to the real server, land as the same lines
 * POST /api/v1/logs stores, with what they derive; bad records get partial-success reasons (a
 * hand-made OTLP/JSON body).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { MINUTE } from '../src/rollup/tiers.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

/** An export's result as the SDK reports it (`ExportResultCode` of @opentelemetry/core: 0 success, 1 failed). */
type ExportResult = Parameters<Parameters<LogRecordExporter['export']>[1]>[0];
const SUCCESS = 0;
const FAILED = 1;

/**
 * An exporter whose export results the test can read: the official one, watched. The SDK's batch
 * processor reports a failed export nowhere the caller sees, so the test asks the exporter itself.
 */
function watched(exporter: LogRecordExporter): { exporter: LogRecordExporter; results: ExportResult[] } {
  const results: ExportResult[] = [];
  return {
    results,
    exporter: {
      export: (records, done) => exporter.export(records, (result) => (results.push(result), done(result))),
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
    },
  };
}

/** Emits through the SDK as an adapter would, exported by `exporter` to the server; resolves once shut down (everything sent). */
async function emitThrough(exporter: LogRecordExporter, emit: (logger: ReturnType<LoggerProvider['getLogger']>) => void): Promise<ExportResult[]> {
  const sent = watched(exporter);
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'salesforce-adapter', 'switchboard.integration': 'salesforce-connection-1', 'tenant.id': 'tenant-123' }),
    processors: [new BatchLogRecordProcessor({ exporter: sent.exporter })],
  });
  emit(provider.getLogger('adapter'));
  await provider.shutdown();
  return sent.results;
}

for (const engine of ENGINES) {
  describe(`OTLP logs (${engine.name})`, () => {
    let server: TestServer;
    const post = async (body: Uint8Array | string, contentType: string) => {
      const response = await fetch(`${server.url}/v1/logs`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${server.key}` }, body: Buffer.from(body) });
      return { status: response.status, header: response.headers.get('switchboard-logs'), body: Buffer.from(await response.arrayBuffer()) };
    };
    before(async () => {
      server = await startTestServer(engine, { now: NOW });
    });
    after(async () => server.close());

    const emitDocumentLines = (at: number, orderId: string) => (logger: ReturnType<LoggerProvider['getLogger']>) => {
      logger.emit({ timestamp: at, severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'sync started', attributes: { operation: 'sync.started', entity: 'contact', taskId: 'task-456' } });
      logger.emit({ timestamp: at + 5_000, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: { message: 'Invalid session token', retryable: true }, attributes: { operation: 'fetch.failed', entity: 'contact', error: 'Invalid session token', orderId } });
    };

    const exporterOptions = () => ({ url: `${server.url}/v1/logs`, headers: { authorization: `Bearer ${server.key}` } });

    it('stores SDK records sent by the OTLP/HTTP JSON exporter as log lines, with the failed fetch derived as an auth error', async () => {
      const results = await emitThrough(new JsonLogExporter(exporterOptions()), emitDocumentLines(NOW - 10 * MINUTE, 'o-json'));
      assert.deepEqual(results.map((r) => [r.code, r.error?.message]), [[SUCCESS, undefined]]);
      const rows = await server.store.db.selectFrom('log_records').selectAll().where('order_id', '=', 'o-json').execute();
      assert.equal(rows.length, 1);
      const row = rows[0]!;
      assert.deepEqual([row.integration, row.tenant, row.service, row.level, row.operation, row.message, Number(row.ts)], ['salesforce-connection-1', 'tenant-123', 'salesforce-adapter', 'error', 'fetch.failed', 'Invalid session token', NOW - 10 * MINUTE + 5_000]);
      assert.deepEqual(JSON.parse(row.metadata!), { retryable: true, entity: 'contact', error: 'Invalid session token', orderId: 'o-json' });
      const call = await server.store.db.selectFrom('records').select(['outcome', 'http_status']).where('order_id', '=', 'o-json').executeTakeFirstOrThrow();
      assert.deepEqual([call.outcome, call.http_status], ['auth_error', 401]);
    });

    it('stores the same records sent by the OTLP/HTTP protobuf exporter, which reads the protobuf answer', async () => {
      const results = await emitThrough(new ProtobufLogExporter(exporterOptions()), emitDocumentLines(NOW - 8 * MINUTE, 'o-proto'));
      assert.deepEqual(results.map((r) => [r.code, r.error?.message]), [[SUCCESS, undefined]]);
      const lines = await server.store.db.selectFrom('log_records').select(['level', 'operation', 'message']).where('integration', '=', 'salesforce-connection-1').where('ts', '>=', NOW - 8 * MINUTE).orderBy('ts').execute();
      assert.deepEqual(lines.map((l) => [l.level, l.operation, l.message]), [['info', 'sync.started', 'sync started'], ['error', 'fetch.failed', 'Invalid session token']]);
      const call = await server.store.db.selectFrom('records').select(['outcome']).where('order_id', '=', 'o-proto').executeTakeFirstOrThrow();
      assert.equal(call.outcome, 'auth_error');
    });

    it('tells the exporter when the key is wrong: the export fails, nothing is stored', async () => {
      const results = await emitThrough(new JsonLogExporter({ ...exporterOptions(), headers: { authorization: 'Bearer sbk_not_a_key' } }), emitDocumentLines(NOW - 6 * MINUTE, 'o-refused'));
      assert.deepEqual(results.map((r) => r.code), [FAILED]);
      assert.match(results[0]!.error?.message ?? '', /401|Unauthorized/i);
      assert.equal((await server.store.db.selectFrom('log_records').select('id').where('order_id', '=', 'o-refused').execute()).length, 0);
    });

    it('explains each bad record in partialSuccess and keeps the good ones (hand-made OTLP/JSON)', async () => {
      const record = (fields: Record<string, unknown>) => ({ timeUnixNano: String(BigInt(NOW - MINUTE) * 1_000_000n), severityNumber: 9, body: { stringValue: 'ok' }, ...fields });
      const body = {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'switchboard.integration', value: { stringValue: 'hand-made' } }] },
            scopeLogs: [{ logRecords: [record({}), record({ severityNumber: 'ERROR' }), record({ timeUnixNano: '0' }), record({ traceId: 'abcd', attributes: [{ key: 'order_id', value: { stringValue: 'o-hand' } }] })] }],
          },
          { resource: { attributes: [] }, scopeLogs: [{ logRecords: [record({})] }] },
        ],
      };
      const answer = await post(JSON.stringify(body), 'application/json');
      assert.equal(answer.status, 200);
      const partial = JSON.parse(answer.body.toString()).partialSuccess;
      assert.equal(partial.rejectedLogRecords, '3');
      assert.match(partial.errorMessage, /logRecords\[1\]: severityNumber must be an integer/);
      assert.match(partial.errorMessage, /logRecords\[2\]: neither timeUnixNano nor observedTimeUnixNano is set/);
      assert.match(partial.errorMessage, /resourceLogs\[1\]\.scopeLogs\[0\]\.logRecords\[0\]: no integration/);
      const stored = await server.store.db.selectFrom('log_records').select(['order_id', 'trace_id']).where('integration', '=', 'hand-made').orderBy('id').execute();
      assert.deepEqual(stored, [{ order_id: null, trace_id: null }, { order_id: 'o-hand', trace_id: 'abcd' }]);
    });

    it('refuses what is not OTLP with a google.rpc.Status', async () => {
      assert.equal((await post('{"resourceLogs": 3}', 'application/json')).status, 400);
      assert.equal((await post(Buffer.from([0xff, 0xff, 0xff]), 'application/x-protobuf')).status, 400);
      assert.equal((await post('x', 'text/plain')).status, 415);
    });
  });
}
