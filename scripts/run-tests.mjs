// Runs every test file under test/ with Node's test runner (TypeScript through tsx).
// Usage: npm test [-- name-filter]   e.g. npm test -- ingest
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2];
const files = readdirSync('test', { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.test.ts') && (!filter || file.includes(filter)))
  .map((file) => join('test', file))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filter ?? 'test/**/*.test.ts'}`);
  process.exit(1);
}
// Two files at a time: most of a test's time is spent waiting (on PostgreSQL, Chromium, child
// servers, timers), so two share the 2-core machines well; Node's default here would be one.
const concurrency = process.env.SWITCHBOARD_TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
