/**
 * The ingest writer thread (started by server/ingest-writer.ts): commits each batch it is sent
 * with `commitRecords` on a connection (SQLite) or pool (PostgreSQL) of its own: `{ ready: true }`
 * once open, then one batch per message `{ id, records, receivedAt, series }`, answering
 * `{ id, result: null }` once committed. Batches are taken as they come: on SQLite the server
 * sends one at a time (it holds its own connection during each), on PostgreSQL several commit at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { committerOn, type RecordBatch } from '../ingest/commit.js';
import type { LeadTimeEvents } from '../flow/events.js';
import { openWorkerStore, type WorkerStore } from '../store/worker-store.js';
import { commitSteps } from './commit-steps.js';

const port = parentPort!;
const { store, leadTime } = workerData as { store: WorkerStore; leadTime: LeadTimeEvents };
const db = await openWorkerStore(store);
const commit = committerOn(db, commitSteps(leadTime));
port.postMessage({ ready: true });

port.on('message', async ({ id, ...batch }: RecordBatch & { id: number }) => {
  try {
    await commit(batch);
    port.postMessage({ id, result: null });
  } catch (error) {
    port.postMessage({ id, error: { message: (error as Error).message, code: (error as { code?: string }).code } });
  }
});
