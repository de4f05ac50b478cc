// Where a soak's server main thread spent its time, from the CPU profile SWITCHBOARD_BENCH_PROFILE_DIR
// writes: busy time by what it was under (ingest's inserts and commits, GC, parsing, other SQL,
// the rest), self time by function, the longest unbroken stretches of each kind (a GC pause, one
// statement) and the longest busy runs (what kept the event loop from its next turn).
//   node bench/support/soak-profile.mjs <file.cpuprofile> [from seconds] [to seconds]
import { readFileSync } from 'node:fs';

const [file, from = '0', to = 'Infinity'] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/support/soak-profile.mjs <file.cpuprofile> [from s] [to s]');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const nameOf = (node) => node.callFrame.functionName || '(anonymous)';
const place = (node) => `${nameOf(node)} ${node.callFrame.url.replace(/^.*\/(src|dist|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
const under = (id, name) => {
  for (let at = id; at !== undefined; at = parent.get(at)) if (nameOf(nodes.get(at)) === name) return true;
  return false;
};
function kindOf(node) {
  const name = nameOf(node);
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'garbage collection';
  if (under(node.id, 'commitTransaction')) return 'ingest commits';
  if (under(node.id, 'writeRecords') || under(node.id, 'bulkInsert')) return 'ingest inserts';
  if (under(node.id, 'parseJsonBody') || under(node.id, 'parseNdjsonBody') || under(node.id, 'normalizeRecord') || under(node.id, 'admit')) return 'ingest parsing, normalising, limits';
  if (name === 'executeQuery') return 'other SQL';
  if (name === 'postMessage') return 'posting to workers';
  return 'other';
}

const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
const byKind = new Map();
const bySelf = new Map();
const stretches = new Map();
const runs = [];
let stretch;
let run;
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i];
  const seconds = at / 1e6;
  if (seconds < Number(from) || seconds > Number(to)) continue;
  // A sample lasts until the next one.
  const us = profile.timeDeltas[i + 1] ?? 0;
  const node = nodes.get(profile.samples[i]);
  const kind = kindOf(node);
  add(byKind, kind, us);
  if (kind !== 'idle') add(bySelf, place(node), us);
  if (stretch?.kind === kind) stretch.us += us;
  else {
    if (stretch) (stretches.get(stretch.kind) ?? stretches.set(stretch.kind, []).get(stretch.kind)).push(stretch);
    stretch = { kind, us, seconds };
  }
  if (kind === 'idle') {
    if (run) runs.push(run);
    run = undefined;
  } else {
    run ??= { us: 0, seconds, kinds: new Map() };
    run.us += us;
    add(run.kinds, kind, us);
  }
}
if (run) runs.push(run);

const ms = (us) => `${(us / 1000).toFixed(0)} ms`;
const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
const total = [...byKind.values()].reduce((a, b) => a + b, 0);
const idle = byKind.get('idle') ?? 0;
console.log(`${file}, ${from}–${to} s: ${(total / 1e6).toFixed(1)} s profiled, busy ${((total - idle) / 1e6).toFixed(1)} s`);
for (const [kind, us] of sorted(byKind)) if (kind !== 'idle') console.log(`  ${(us / 1e6).toFixed(1).padStart(6)} s  ${kind}`);
console.log('\nself time, top 20');
for (const [where, us] of sorted(bySelf).slice(0, 20)) console.log(`  ${ms(us).padStart(9)}  ${where}`);
console.log('\nlongest unbroken stretches');
for (const [kind, list] of stretches) {
  if (kind === 'idle') continue;
  list.sort((a, b) => b.us - a.us);
  console.log(`  ${kind}: ${list.slice(0, 6).map((s) => `${ms(s.us)} at ${s.seconds.toFixed(0)} s`).join(', ')}; ${list.filter((s) => s.us > 100_000).length} over 100 ms`);
}
runs.sort((a, b) => b.us - a.us);
console.log(`\nbusy runs: ${runs.length}, ${runs.filter((r) => r.us > 100_000).length} over 100 ms, ${runs.filter((r) => r.us > 500_000).length} over 500 ms; the longest:`);
for (const r of runs.slice(0, 8)) console.log(`  ${ms(r.us)} at ${r.seconds.toFixed(0)} s: ${sorted(r.kinds).map(([kind, us]) => `${kind} ${ms(us)}`).join(', ')}`);
