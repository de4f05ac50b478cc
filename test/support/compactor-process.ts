/**
 * Another instance's compactor on the same store, in a process of its own (so on SQLite it races
 * the server through the file, as a second process would). It prints "ready" once the store is
 * open; on each "go" line on stdin it compacts pass after pass until a pass finds nothing (and,
 * given a time, packs what has settled by then after each pass), then prints
 * "done <passes> <partial rows folded>"; it exits when stdin closes.
 *
 *   node --import tsx test/support/compactor-process.ts <database> [<now, ms>]
 */
import { createInterface } from 'node:readline';
import { compactRollups } from '../../src/rollup/compact.js';
import { packSettled } from '../../src/rollup/pack.js';
import { openDatabase } from '../../src/store/open.js';

const { db } = await openDatabase(process.argv[2]!);
const packAt = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  let passes = 0;
  let folded = 0;
  for (;;) {
    const n = await compactRollups(db);
    if (packAt !== undefined) await packSettled(db, packAt);
    if (n === 0) break;
    passes += 1;
    folded += n;
  }
  process.stdout.write(`done ${passes} ${folded}\n`);
}
await db.destroy();
