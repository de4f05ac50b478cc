/**
 * Data and calls flow one way: the server wires the domains together, the domains never reach up
 * into it, and src/common/ (what several domains share) imports no domain at all. Read from the
 * import statements of every source file.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';

const SRC = 'src';
const files = readdirSync(SRC, { recursive: true }).map(String).filter((file) => file.endsWith('.ts')).map((file) => join(SRC, file));

/** Each file's imports of other source files, as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    found.push(relative('.', normalize(join(dirname(file), match[1]!))).replace(/\.js$/, '.ts'));
  }
  return found;
}

const topOf = (path: string): string => relative(SRC, path).split('/')[0]!;

describe('layers point one way', () => {
  it('reads the imports it judges (the server imports the domains)', () => {
    assert.ok(files.length > 100, `${files.length} source files`);
    assert.ok(importsOf(join(SRC, 'server', 'app.ts')).some((path) => topOf(path) === 'ingest'));
  });

  it('no domain imports the server: only the CLI and the demo start it', () => {
    const upward = files
      .filter((file) => !['server', 'cli', 'demo'].includes(topOf(file)))
      .flatMap((file) => importsOf(file).filter((path) => topOf(path) === 'server').map((path) => `${file} → ${path}`));
    assert.deepEqual(upward, []);
  });

  it('the store and the rollups sit below ingest: the record and its outcome classes live in store/ and common/', () => {
    const reaching = files
      .filter((file) => ['store', 'rollup'].includes(topOf(file)))
      .flatMap((file) => importsOf(file).filter((path) => topOf(path) === 'ingest').map((path) => `${file} → ${path}`));
    assert.deepEqual(reaching, []);
  });

  it('ingest feeds flow and never calls it: flow adds its lead times as a commit step the server composes', () => {
    const reaching = files
      .filter((file) => topOf(file) === 'ingest')
      .flatMap((file) => importsOf(file).filter((path) => topOf(path) === 'flow').map((path) => `${file} → ${path}`));
    assert.deepEqual(reaching, []);
  });

  it('src/common imports no domain and not the server', () => {
    const reaching = files
      .filter((file) => topOf(file) === 'common')
      // The root's own modules (errors, config) sit below everything; any folder but common is above it.
      .flatMap((file) => importsOf(file).filter((path) => topOf(path).endsWith('.ts') === false && topOf(path) !== 'common').map((path) => `${file} → ${path}`));
    assert.deepEqual(reaching, []);
  });
});
