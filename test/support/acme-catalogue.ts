import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/**
 * A catalogue folder of its own holding acme-post, Acme Post's carrier API owned by team-shipping,
 * with these lines more in its spec (the SLO the test judges, say); removed after the file's tests.
 */
export function acmePostCatalogue(spec: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-acme-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'acme.yaml'),
    `apiVersion: switchboard/v1
kind: Integration
metadata: { name: acme-post, title: Acme Post API }
spec:
  type: carrier
  partner: Acme Post
  owner: team-shipping
${spec.map((line) => `  ${line}\n`).join('')}`,
  );
  return dir;
}
