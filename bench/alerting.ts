/**
 * Alert evaluation: one AlertEngine cycle (every rule judged, lifecycle written) over a store with
 * 10,000 call series (1,000 integrations × 10 operations) holding the minute rollups of the last
 * 20 minutes, with 1,000 rules (error rate, latency, rate limit). A tenth of the integrations are
 * failing, so the cycle also writes pending alerts. Target: ≤ 1 s per cycle.
 *
 *   node --import tsx -e "import('./bench/alerting.ts').then(m => m.runAlertingBenchmark()).then(r => console.log(r))"
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { AlertEngine, type CycleReport } from '../src/alerting/engine.js';
import { AlertRules } from '../src/alerting/rules/rules.js';
import { LatencySketch } from '../src/rollup/sketch.js';
import { MINUTE, floorTo } from '../src/rollup/tiers.js';
import { bulkInsert } from '../src/store/bulk-insert.js';
import { openDatabase, type OpenedDatabase } from '../src/store/open.js';

export interface AlertingBenchmarkOptions {
  engine?: 'sqlite' | 'postgres';
  integrations?: number;
  operationsPerIntegration?: number;
  rules?: number;
  minutes?: number;
  cycles?: number;
  postgresUrl?: string;
}

export interface AlertingBenchmarkResult {
  engine: string;
  series: number;
  rules: number;
  rollupRows: number;
  cycles: number;
  /** Milliseconds per cycle. */
  cycleMs: { first: number; median: number; p95: number; max: number };
  lastReport: CycleReport;
  met: boolean;
}

const COLUMNS = [
  'resolution_ms', 'bucket', 'integration', 'operation', 'direction', 'env', 'site', 'release', 'volume', 'ok', 'client_error',
  'auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error', 'latency_sketch', 'compacted',
] as const;

export async function runAlertingBenchmark(options: AlertingBenchmarkOptions = {}): Promise<AlertingBenchmarkResult> {
  const engine = options.engine ?? 'sqlite';
  const integrations = options.integrations ?? 1_000;
  const operations = options.operationsPerIntegration ?? 10;
  const ruleCount = options.rules ?? 1_000;
  const minutes = options.minutes ?? 20;
  const cycles = options.cycles ?? 10;
  const now = floorTo(Date.UTC(2026, 10, 20, 12, 0, 0), MINUTE) + 30_000;

  let opened: OpenedDatabase;
  let dispose: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-alerting-'));
  if (engine === 'sqlite') {
    opened = await openDatabase(join(dir, 'switchboard.db'));
    dispose = async () => {
      await opened.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const url = options.postgresUrl ?? process.env.SWITCHBOARD_BENCH_POSTGRES ?? process.env.SWITCHBOARD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `bench_alerting_${randomBytes(4).toString('hex')}`;
    opened = await openDatabase(url, { schema });
    dispose = async () => {
      await opened.db.destroy();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const { db } = opened;
    const healthy = new LatencySketch();
    for (let i = 0; i < 20; i++) healthy.add(100 + i * 10);
    const slow = new LatencySketch();
    for (let i = 0; i < 20; i++) slow.add(1_500 + i * 50);
    const healthySketch = healthy.encode();
    const slowSketch = slow.encode();
    const rows: unknown[][] = [];
    const end = floorTo(now, MINUTE) + MINUTE;
    for (let n = 0; n < integrations; n++) {
      const failing = n % 10 === 0;
      for (let o = 0; o < operations; o++) {
        for (let m = 0; m < minutes; m++) {
          const bucket = end - (minutes - m) * MINUTE;
          const errors = failing ? 5 : 0;
          rows.push([MINUTE, bucket, `int-${n}`, `op-${o}`, 'outbound', 'production', '', '', 20, 20 - errors, 0, 0, 0, errors, 0, 0, failing ? slowSketch : healthySketch, 1]);
        }
      }
    }
    await db.transaction().execute((tx) => bulkInsert(tx, 'call_rollups', COLUMNS, rows));

    const kinds = [
      (n: number) => `  - { name: r${n}, kind: error_rate, integration: int-${n % integrations}, threshold: 0.05 }`,
      (n: number) => `  - { name: r${n}, kind: latency, integration: int-${n % integrations}, threshold: 800ms }`,
      (n: number) => `  - { name: r${n}, kind: rate_limit, integration: int-${n % integrations}, threshold: 0.1 }`,
    ];
    const lines = ['rules:'];
    for (let n = 0; n < ruleCount; n++) lines.push(kinds[n % kinds.length]!(n));
    const file = join(dir, 'alerting.yaml');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const rules = new AlertRules(file, Catalogue.empty());
    rules.load();
    let clock = now;
    const alertEngine = new AlertEngine({ db, catalogue: Catalogue.empty(), rules, clock: () => clock });

    const times: number[] = [];
    let lastReport!: CycleReport;
    for (let c = 0; c < cycles; c++) {
      const started = performance.now();
      lastReport = await alertEngine.evaluateOnce();
      times.push(performance.now() - started);
      clock += 15_000;
    }
    const sorted = [...times].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
    const result: AlertingBenchmarkResult = {
      engine,
      series: integrations * operations,
      rules: ruleCount,
      rollupRows: rows.length,
      cycles,
      cycleMs: { first: Math.round(times[0]!), median: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1)!) },
      lastReport,
      met: at(0.95) <= 1_000,
    };
    return result;
  } finally {
    await dispose();
  }
}
