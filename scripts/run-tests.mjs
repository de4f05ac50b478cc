// Runs every test file under test/ with Node's test runner (TypeScript through tsx).
// Usage: npm test [-- name-filter]   e.g. npm test -- ingest
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2];
// The longest files start first, so that none of them is left running alone at the end (figures
// from the slowest-files summary each run prints; a stale list costs time, never a test). The order
// also pairs them: two CPU-heavy files side by side (read-your-writes beside the Chromium demo
// test) made a whole run 871 → 1,014 s on one machine, so a change to it wants a full run to judge.
const LONGEST = ['read-your-writes', 'alerting-usual', 'compactor-thread', 'oidc', 'alerting-burn', 'server', 'alerting-held', 'access-defences', 'metrics', 'console-access', 'query', 'console-reads-right', 'alerting', 'packed-spans', 'flow'];
const startRank = (file) => {
  const rank = LONGEST.findIndex((name) => file === join('test', `${name}.test.ts`));
  return rank === -1 ? LONGEST.length : rank;
};
const files = readdirSync('test', { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.test.ts') && (!filter || file.includes(filter)))
  .map((file) => join('test', file))
  .sort((a, b) => startRank(a) - startRank(b) || a.localeCompare(b));
if (files.length === 0) {
  console.error(`no test files match ${filter ?? 'test/**/*.test.ts'}`);
  process.exit(1);
}
// Two files at a time: most of a test's time is spent waiting (on PostgreSQL, Chromium, child
// servers, timers), so two share the 2-core machines well; Node's default here would be one.
const concurrency = process.env.SWITCHBOARD_TEST_CONCURRENCY ?? '2';
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=./scripts/slowest-files-reporter.mjs', '--test-reporter-destination=stdout'];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
