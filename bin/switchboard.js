#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// How far V8 lets the heap grow past what a collection left in use, set before anything loads.
// By default it grows up to several times that: after the cold reads of a thousand integrations'
// rollups the server held 250-270 MB of heap for 70-130 MB in use until it went idle. At 50 % the
// board benchmark's loads left it 60-150 MiB smaller for a few per cent of their time
// (docs/benchmarks.md); 0 leaves V8's own sizing.
const GROWING = 'SWITCHBOARD_HEAP_GROWING_PERCENT';
const growing = process.env[GROWING] ?? '50';
if (!/^\d{1,4}$/.test(growing)) {
  console.error(`${GROWING}=${growing} is not a whole number of per cent (0 leaves V8's own heap sizing; the default is 50)`);
  process.exit(1);
}
if (Number(growing) > 0) setFlagsFromString(`--heap-growing-percent=${growing}`);

import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli')) {
    console.error('switchboard is not built yet: run "npm install" (or "npm run build") in its folder first.');
    process.exit(1);
  }
  throw error;
});
