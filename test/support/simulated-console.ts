import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { compactAll } from '../../src/rollup/compact.js';
import { createSimulator } from '../../src/simulator/simulator.js';
import { ARTIFACTS, buildConsoleIfMissing, openAdminPage } from './browser.js';
import { ENGINES } from './engines.js';
import { ingestAll, startTestServer, type TestServer } from './server.js';

const HOUR = 3_600_000;

/**
 * A console page test's set-up: a server (SQLite) holding `hours` of simulated traffic up to
 * `now` with a server-error incident, compacted, and an administrator's page open on it. The
 * browser reads the real clock, so `now` is the real one.
 */
export async function openSimulatedConsole(options: {
  now: number;
  hours: number;
  seed: number;
  incident: { integration: string; startMs: number; durationMs: number };
  catalogue?: string;
  problems: string[];
}): Promise<{ server: TestServer; browser: Browser; page: Page }> {
  buildConsoleIfMissing();
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startTestServer(ENGINES[0]!, { now: options.now, ...(options.catalogue ? { catalogue: options.catalogue } : {}) });
  const sim = createSimulator({ seed: options.seed });
  sim.startIncident('server-errors', options.incident);
  const records = sim.generate(options.now - options.hours * HOUR, options.now).sort((a, b) => (a.ts as number) - (b.ts as number));
  await ingestAll(server, records);
  await compactAll(server.store.db);
  return { server, ...(await openAdminPage(server, options.problems)) };
}
