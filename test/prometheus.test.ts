/**
 * A real Prometheus (Debian's /usr/bin/prometheus) scrapes a running Switchboard with a read token
 * every second and evaluates the shipped rule file (examples/prometheus/switchboard-rules.yml):
 * each alert fires for the integration whose scripted incident breaches it and for no other, and a
 * counter Prometheus holds agrees with Switchboard's own summary API and with what was sent.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const PROMETHEUS = '/usr/bin/prometheus';
const RULES = resolve('examples/prometheus/switchboard-rules.yml');
const DASHBOARD = resolve('examples/prometheus/grafana-dashboard.json');
const TICK_MS = 250;

/** Failing runs, a queue backlog and dead letters. */
const BROKEN_SYNC = 'salesforce-sync';
/** Slow runs, 429s at 400 a second, and timeouts. */
const THROTTLED = 'shopify-connector';
/** Busy but within every threshold: 429s at 4 a second, a queue of 60, fast runs. */
const HEALTHY = 'dhl-carrier';
/**
 * 429s a second. A series younger than the 5-minute range has its rate() divided by about the whole
 * range, so within this short test the throttled one must send over 10 × 300 in a few seconds.
 */
const THROTTLED_429_PER_S = 400;
const HEALTHY_429_PER_S = 4;

const EXPECTED: Record<string, string[]> = {
  HighSyncFailureRate: [BROKEN_SYNC],
  ServiceBusQueueBacklog: [BROKEN_SYNC],
  DeadLetterQueueAccumulation: [BROKEN_SYNC],
  SlowSyncProcessing: [THROTTLED],
  HighRateLimitHits: [THROTTLED],
};

/** One tick of traffic: every integration's calls, runs and gauges at `ts`, `elapsedMs` after the last. */
function tick(ts: number, elapsedMs: number): object[] {
  const paced = (perSecond: number) => Math.max(1, Math.round((perSecond * elapsedMs) / 1000));
  const call = (integration: string, status: number) => ({ kind: 'call', ts, integration, direction: 'outbound', operation: 'api', status, latency_ms: 80 });
  const run = (integration: string, status: string, duration: number) => ({ kind: 'run', ts, integration, job: 'sync', status, duration_ms: duration, counts: { created: 2, updated: 1 } });
  const gauge = (integration: string, name: string, value: number) => ({ kind: 'gauge', ts, integration, name, value });
  const messages = (integration: string, name: string, count: number) => ({ kind: 'event', ts, integration, name, attrs: { queue: 'shipments', count } });
  return [
    ...Array.from({ length: 5 }, () => call(BROKEN_SYNC, 200)),
    run(BROKEN_SYNC, 'success', 20_000),
    run(BROKEN_SYNC, 'failed', 10_000),
    gauge(BROKEN_SYNC, 'queue.depth', 500),
    gauge(BROKEN_SYNC, 'dlq.depth', 3),
    ...Array.from({ length: paced(THROTTLED_429_PER_S) }, () => call(THROTTLED, 429)),
    call(THROTTLED, 200),
    { kind: 'call', ts, integration: THROTTLED, direction: 'outbound', operation: 'api', error: 'timeout', latency_ms: 30_000 },
    run(THROTTLED, 'success', 400_000),
    gauge(THROTTLED, 'queue.depth', 10),
    gauge(THROTTLED, 'dlq.depth', 0),
    ...Array.from({ length: 6 }, () => call(HEALTHY, 200)),
    ...Array.from({ length: paced(HEALTHY_429_PER_S) }, () => call(HEALTHY, 429)),
    run(HEALTHY, 'success', 30_000),
    gauge(HEALTHY, 'queue.depth', 60),
    gauge(HEALTHY, 'dlq.depth', 0),
    messages(HEALTHY, 'message.processed', 20),
    messages(HEALTHY, 'message.failed', 1),
    messages(BROKEN_SYNC, 'message.failed', 5),
  ];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('a real Prometheus scrapes /metrics and evaluates the shipped rules', { timeout: 90_000 }, () => {
  let server: TestServer;
  let prometheus: ChildProcess | undefined;
  let api = '';
  let dir = '';
  let feeding = true;
  let feeder: Promise<void> = Promise.resolve();
  let output = '';
  /** What the feeder sent for the healthy integration, to compare with what Prometheus holds. */
  const sent = { runs: 0, processed: 0 };

  async function query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await response.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    assert.equal(body.status, 'success', JSON.stringify(body));
    return body.data.result;
  }

  async function firing(): Promise<Record<string, string[]>> {
    const body = (await (await fetch(`${api}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ state: string; labels: Record<string, string> }> } };
    const found: Record<string, string[]> = {};
    for (const alert of body.data.alerts.filter((a) => a.state === 'firing')) {
      const name = alert.labels.alertname!;
      (found[name] ??= []).push(alert.labels.integration_id!);
    }
    for (const ids of Object.values(found)) ids.sort();
    return found;
  }

  before(async () => {
    server = await startTestServer(ENGINES[0]!, { now: Date.now(), catalogue: 'examples/catalogue' });
    const { token } = await createToken(server.store.db, { name: 'prometheus', scopes: ['read'] }, server.clock.now);
    dir = mkdtempSync(join(tmpdir(), 'switchboard-prometheus-'));
    const target = new URL(server.url).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: [${JSON.stringify(RULES)}]`,
        'scrape_configs:',
        '  - job_name: switchboard',
        '    metrics_path: /metrics',
        `    authorization: { credentials: ${JSON.stringify(token)} }`,
        `    static_configs: [{ targets: [${JSON.stringify(target)}] }]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.on('data', (chunk) => (output += chunk));
    prometheus.stderr!.on('data', (chunk) => (output += chunk));
    for (let ready = false; !ready; await sleep(200)) {
      assert.equal(prometheus.exitCode, null, `prometheus exited: ${output}`);
      ready = await fetch(`${api}/-/ready`).then((r) => r.ok, () => false);
    }
    // The incident runs on wall-clock time: Prometheus's rates are over its own clock.
    feeder = (async () => {
      let last = Date.now() - TICK_MS;
      while (feeding) {
        const now = Date.now();
        server.clock.now = now;
        const records = tick(now, now - last);
        const answer = await server.ingest(records);
        for (const record of records as Array<{ kind: string; integration: string; name?: string; attrs?: { count: number } }>) {
          if (record.integration !== HEALTHY) continue;
          if (record.kind === 'run') sent.runs++;
          if (record.name === 'message.processed') sent.processed += record.attrs!.count;
        }
        last = now;
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body.rejected, []);
        await sleep(TICK_MS);
      }
    })();
  });

  after(async () => {
    feeding = false;
    await feeder.catch(() => undefined);
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((done) => prometheus!.once('exit', done));
      prometheus.kill('SIGTERM');
      // Its TSDB shutdown is quick; one that hangs must not hold the test run.
      const hard = setTimeout(() => prometheus?.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(hard);
    }
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes the target with the read token', async () => {
    for (let up: string | undefined; up !== '1'; await sleep(250)) {
      up = (await query('up{job="switchboard"}'))[0]?.value[1];
    }
    const targets = (await (await fetch(`${api}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; lastError: string }> } };
    assert.deepEqual(targets.data.activeTargets.map((t) => [t.health, t.lastError]), [['up', '']]);
  });

  it('fires each alert for the integration whose incident breaches it, and for no other', async () => {
    let found: Record<string, string[]> = {};
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      found = await firing();
      if (Object.keys(EXPECTED).every((name) => found[name]?.length)) break;
      await sleep(500);
    }
    // A few more evaluations, so that an alert firing for the wrong integration has had its chance.
    await sleep(3_000);
    const rates = await query('rate(adapter_rate_limit_hits_total[5m])');
    assert.deepEqual(await firing(), EXPECTED, `rate-limit rates: ${JSON.stringify(rates)}; prometheus log: ${output}`);
  });

  it('holds the same call count as the summary API, and the runs and messages sent, once the feeding stops', async () => {
    feeding = false;
    await feeder;
    // Two scrape intervals: the last batch is in a scrape Prometheus has stored.
    await sleep(2_500);
    const [sample] = await query(`sum(adapter_requests_total{integration_id="${HEALTHY}"})`);
    const fromProm = Number(sample!.value[1]);
    const now = Date.now();
    const summary = await server.get(`/api/v1/integrations/${HEALTHY}/summary?from=${now - 3_600_000}&to=${now + 120_000}`);
    assert.equal(summary.status, 200);
    assert.ok(summary.body.volume > 0);
    // Exact: both count the same committed calls (docs/prometheus.md).
    assert.equal(fromProm, summary.body.volume);
    const [limited] = await query(`sum(adapter_rate_limit_hits_total{integration_id="${HEALTHY}"})`);
    assert.equal(Number(limited!.value[1]), summary.body.rate_limited);
    const total = async (expr: string) => Number((await query(expr))[0]!.value[1]);
    assert.ok(sent.runs > 0 && sent.processed > 0);
    assert.equal(await total(`sum(sync_jobs_processed_total{integration_id="${HEALTHY}"})`), sent.runs);
    assert.equal(await total(`sum(sync_jobs_by_integration_total{integration_id="${HEALTHY}"})`), sent.runs);
    assert.equal(await total(`sum(service_bus_messages_processed_total{integration_id="${HEALTHY}"})`), sent.processed);
  });

  it('answers every query of the shipped Grafana dashboard, over metric names Prometheus has scraped', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const names = new Set(((await (await fetch(`${api}/api/v1/label/__name__/values`)).json()) as { data: string[] }).data);
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    assert.ok(exprs.length >= 10);
    for (const expr of exprs) {
      const concrete = expr.replace(/\$\w+/g, '.*');
      // adapter_type is a label that looks like a metric name.
      for (const [name] of concrete.matchAll(/\b(?!adapter_type\b)(?:adapter|sync|service_bus|switchboard)_[a-z_]+\b/g)) assert.ok(names.has(name), `${name} (in ${expr}) is not a scraped metric`);
      await query(concrete);
    }
  });
});
