/**
 * OTLP/HTTP traces against JSON ingest, durable, same run, same engine. The same simulator calls
 * are sent to a fresh server (a child process on a fresh store) three ways, 1,000 per request with
 * 2 requests in flight: as JSON arrays to /api/v1/ingest (the baseline), and as spans made by the
 * OpenTelemetry SDK and encoded by its own protobuf serializer to /v1/traces, plain and gzipped,
 * as an exporter sends them. Each answer is checked (every record accepted, every span committed)
 * and the store is counted after a hard kill.
 *
 * Runs alone (it is not in bench/run.ts):
 *   node --import tsx bench/otlp.ts [--engine sqlite|postgres] [--no-build]
 * SWITCHBOARD_BENCH_OTLP_BATCHES sets the measured requests per variant (default 60).
 */
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createSimulator } from '../src/simulator/simulator.js';
import type { WireCall } from '../src/ingest/wire.js';
import { HOUR } from '../src/rollup/tiers.js';
import { cleanupAll } from './support/cleanup.js';
import { fixed, int, ms, ratioText, table } from './support/format.js';
import { LoopbackClient } from './support/http.js';
import { cpuMeter, waitForQuiet, type CpuUse } from './support/machine.js';
import { ensureServerBuilt, startChildServer } from './support/server.js';
import { distribution, ratio } from './support/stats.js';
import { createStore, postgresAvailable, type EngineName } from './support/stores.js';
import type { Benchmark, BenchContext, BenchResult } from './support/types.js';

const BATCH_SIZE = 1_000;
const WARMUP_BATCHES = 3;
const MEASURED_BATCHES = Number(process.env.SWITCHBOARD_BENCH_OTLP_BATCHES ?? 60);
const IN_FLIGHT = 2;

interface Variant {
  name: string;
  path: string;
  headers: Record<string, string>;
  bodies: Buffer[];
  /** Throws unless the answer says the whole batch was committed. */
  check: (status: number, body: string) => void;
}

function callsFromSimulator(count: number): WireCall[] {
  const simulator = createSimulator({ scale: 40 });
  const end = Date.now();
  for (let hours = 1; hours <= 12; hours++) {
    const calls = simulator.generate(end - hours * HOUR, end).filter((record): record is WireCall => record.kind === 'call');
    if (calls.length >= count) return calls.slice(calls.length - count);
  }
  throw new Error(`the simulator gave fewer than ${count} calls in 12 hours`);
}

/** The calls as an instrumented service's HTTP client and server spans, made by the SDK itself. */
async function spansOf(calls: readonly WireCall[]): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const resource = defaultResource().merge(resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '4.2.0', 'deployment.environment.name': 'production' }));
  const provider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http', '0.200.0');
  for (const call of calls) {
    const start = call.ts as number;
    const host = `${call.integration}.partner.example`;
    const span = tracer.startSpan('POST', {
      kind: call.direction === 'outbound' ? SpanKind.CLIENT : SpanKind.SERVER,
      startTime: start,
      attributes: {
        'http.request.method': 'POST',
        'server.address': host,
        'server.port': 443,
        'url.full': `https://${host}/v1/${call.operation.replace(/\./g, '/')}`,
        'network.protocol.version': '1.1',
        'switchboard.integration': call.integration,
        'switchboard.operation': call.operation,
        ...(call.status === undefined ? { 'error.type': call.error ?? 'timeout' } : { 'http.response.status_code': call.status }),
        ...(call.order_id ? { 'switchboard.order_id': call.order_id } : {}),
        ...(call.shipment_id ? { 'switchboard.shipment_id': call.shipment_id } : {}),
      },
    });
    if (call.status === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: call.error ?? '' });
    span.end(start + call.latency_ms);
  }
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

async function prepareVariants(key: string, log: (line: string) => void): Promise<Variant[]> {
  const started = performance.now();
  const batches = WARMUP_BATCHES + MEASURED_BATCHES;
  const calls = callsFromSimulator(batches * BATCH_SIZE);
  const jsonBodies: Buffer[] = [];
  const protobufBodies: Buffer[] = [];
  for (let start = 0; start < calls.length; start += BATCH_SIZE) {
    const chunk = calls.slice(start, start + BATCH_SIZE);
    jsonBodies.push(Buffer.from(JSON.stringify(chunk)));
    protobufBodies.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(await spansOf(chunk))!));
  }
  log(`  ${int(calls.length)} simulator calls as JSON records and as SDK spans, prepared in ${ms(performance.now() - started)} ms`);
  const auth = { authorization: `Bearer ${key}` };
  const otlpCheck = (status: number, body: string) => {
    // A protobuf ExportTraceServiceResponse without partialSuccess encodes as zero bytes.
    if (status !== 200 || body !== '') throw new Error(`/v1/traces answered ${status} ${JSON.stringify(body.slice(0, 300))}`);
  };
  return [
    {
      name: '/api/v1/ingest, JSON (baseline)',
      path: '/api/v1/ingest',
      headers: { ...auth, 'content-type': 'application/json' },
      bodies: jsonBodies,
      check: (status, body) => {
        const answer = status === 200 ? (JSON.parse(body) as { accepted: number; rejected: unknown[] }) : undefined;
        if (answer?.accepted !== BATCH_SIZE || answer.rejected.length !== 0) throw new Error(`/api/v1/ingest answered ${status} ${body.slice(0, 300)}`);
      },
    },
    { name: '/v1/traces, OTLP protobuf', path: '/v1/traces', headers: { ...auth, 'content-type': 'application/x-protobuf' }, bodies: protobufBodies, check: otlpCheck },
    {
      name: '/v1/traces, OTLP protobuf, gzip',
      path: '/v1/traces',
      headers: { ...auth, 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
      bodies: protobufBodies.map((body) => gzipSync(body)),
      check: otlpCheck,
    },
  ];
}

interface Measured {
  variant: string;
  recordsPerSecond: number;
  requestP50Ms: number;
  requestP95Ms: number;
  bytesPerRecord: number;
  stored: number;
  acknowledged: number;
  cpu: CpuUse;
}

async function measure(engine: EngineName, variant: Variant, key: string): Promise<Measured> {
  const store = await createStore(engine, 'otlp');
  try {
    await (await store.open()).db.destroy();
    const server = await startChildServer({ database: store.database, key });
    const client = new LoopbackClient(server.url, IN_FLIGHT);
    let acknowledged = 0;
    const latencies: number[] = [];
    let meter: (() => CpuUse) | undefined;
    let started = 0;
    let cpu: CpuUse;
    let elapsedMs: number;
    try {
      let next = 0;
      const worker = async () => {
        while (next < variant.bodies.length) {
          const index = next++;
          if (index === WARMUP_BATCHES) {
            meter = cpuMeter(() => [server.pid]);
            started = performance.now();
          }
          const sentAt = performance.now();
          const answer = await client.request('POST', variant.path, variant.bodies[index], variant.headers);
          variant.check(answer.status, answer.body);
          acknowledged += BATCH_SIZE;
          if (index >= WARMUP_BATCHES) latencies.push(performance.now() - sentAt);
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      elapsedMs = performance.now() - started;
      cpu = meter!();
    } finally {
      client.close();
      await server.kill();
    }
    const { db } = await store.open();
    const row = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await db.destroy();
    const timed = variant.bodies.slice(WARMUP_BATCHES);
    const requestMs = distribution(latencies);
    return {
      variant: variant.name,
      recordsPerSecond: (latencies.length * BATCH_SIZE * 1000) / elapsedMs,
      requestP50Ms: requestMs.p50,
      requestP95Ms: requestMs.p95,
      bytesPerRecord: timed.reduce((total, body) => total + body.length, 0) / (timed.length * BATCH_SIZE),
      stored: Number(row.n),
      acknowledged,
      cpu,
    };
  } finally {
    await store.dispose();
  }
}

export const otlpBenchmark: Benchmark = {
  name: 'otlp',
  title: 'OTLP/HTTP traces against JSON ingest, durable',
  async run(context: BenchContext): Promise<BenchResult> {
    const key = `bench-${Math.random().toString(36).slice(2)}`;
    const variants = await prepareVariants(key, context.log);
    const rows: string[][] = [];
    const warnings: string[] = [];
    const data: Record<string, Measured[]> = {};
    for (const engine of context.engines) {
      await waitForQuiet(30_000, context.log);
      const results: Measured[] = [];
      for (const variant of variants) {
        const result = await measure(engine, variant, key);
        context.log(`  ${engine} ${variant.name}: ${int(result.recordsPerSecond)} records/s, server ${fixed(result.cpu.server, 2)} cores`);
        if (result.stored !== result.acknowledged) warnings.push(`${engine} ${variant.name}: ${result.acknowledged} acknowledged but ${result.stored} stored`);
        if (result.cpu.other > 0.3) warnings.push(`${engine} ${variant.name}: ${fixed(result.cpu.other, 2)} cores busy with other work during the phase`);
        results.push(result);
      }
      const baseline = results[0]!;
      for (const result of results) {
        rows.push([
          `${engine}: ${result.variant}`,
          int(result.recordsPerSecond),
          result === baseline ? '1.00×' : ratioText(ratio(result.recordsPerSecond, baseline.recordsPerSecond)),
          ms(result.requestP50Ms),
          ms(result.requestP95Ms),
          int(result.bytesPerRecord),
          fixed(result.cpu.server, 2),
          `${int(result.stored)} / ${int(result.acknowledged)}`,
        ]);
      }
      data[engine] = results;
    }
    const text = table(['variant', 'calls/s', 'vs ingest', 'req p50 ms', 'req p95 ms', 'bytes/call', 'server cores', 'stored / acked'], rows);
    return {
      sections: [{ title: `${int(MEASURED_BATCHES * BATCH_SIZE)} calls per variant, ${BATCH_SIZE} per request, ${IN_FLIGHT} in flight`, text }],
      targets: [],
      warnings,
      data,
    };
  },
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--engine');
  const requested = (at >= 0 ? argv[at + 1]! : 'sqlite,postgres').split(',') as EngineName[];
  const engines: EngineName[] = [];
  for (const engine of requested) if (engine === 'sqlite' || (await postgresAvailable())) engines.push(engine);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!argv.includes('--no-build')) ensureServerBuilt(log);
  try {
    const result = await otlpBenchmark.run({ engines, log, deadline: Date.now() + 14 * 60_000 });
    for (const section of result.sections) console.log(`\n${section.title}\n${section.text}`);
    for (const warning of result.warnings) console.log(`warning: ${warning}`);
  } finally {
    await cleanupAll();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
