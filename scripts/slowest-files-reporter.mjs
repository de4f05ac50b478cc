// A test reporter that ends the run with the ten slowest test files (the sum of their top-level
// tests' durations), so that whoever keeps `npm test` under its budget sees where the time goes.
export default async function* slowestFiles(source) {
  const perFile = new Map();
  for await (const event of source) {
    if ((event.type !== 'test:pass' && event.type !== 'test:fail') || event.data.nesting !== 0 || !event.data.file) continue;
    perFile.set(event.data.file, (perFile.get(event.data.file) ?? 0) + (event.data.details?.duration_ms ?? 0));
  }
  const slowest = [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (slowest.length === 0) return;
  yield '\nslowest test files (sum of their top-level tests):\n';
  for (const [file, ms] of slowest) yield `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file.slice(file.lastIndexOf('/test/') + 1)}\n`;
}
