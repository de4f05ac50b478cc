/**
 * The compactor's worker thread (started by rollup/compactor-thread.ts): runs `compactTable` and
 * the packer's `packTable`, the code every compactor runs, on a connection of its own:
 * `{ ready: true }` once open, then one table's pass per message `{ id, table }` (compaction) or
 * `{ id, table, pack: { resolution, now } }` (packing), answering `{ id, result: rows }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWorkerStore, type WorkerStore } from '../store/worker-store.js';
import { compactTable } from './compact.js';
import { packTable } from './pack.js';
import { isPacked } from './spans.js';
import { ROLLUP_TABLES } from './tables.js';

const port = parentPort!;
const db = await openWorkerStore((workerData as { store: WorkerStore }).store);
port.postMessage({ ready: true });

port.on('message', async ({ id, table, pack }: { id: number; table: string; pack?: { resolution: number; now: number } }) => {
  try {
    if (pack) {
      if (!isPacked(table)) throw new Error(`no packed rollup table ${table}`);
      port.postMessage({ id, result: await packTable(db, table, pack.resolution, pack.now) });
      return;
    }
    const spec = ROLLUP_TABLES.find((candidate) => candidate.table === table);
    if (!spec) throw new Error(`no rollup table ${table}`);
    port.postMessage({ id, result: await compactTable(db, spec) });
  } catch (error) {
    port.postMessage({ id, error: { message: (error as Error).message, code: (error as { code?: string }).code } });
  }
});
