// Type-checks TypeScript projects side by side (tsc is single-threaded; the machines have two cores)
// and fails if any of them fails. Usage: node scripts/typecheck.mjs <tsconfig>...
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = process.argv.slice(2);
const results = await Promise.all(
  projects.map(
    (project) =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [tsc, '-p', project, '--noEmit'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('close', (code) => resolve({ project, code, output }));
      }),
  ),
);
for (const { project, code, output } of results) {
  if (output) process.stdout.write(output);
  if (code !== 0) console.error(`typecheck of ${project} failed (exit ${code})`);
}
process.exit(results.every(({ code }) => code === 0) ? 0 : 1);
