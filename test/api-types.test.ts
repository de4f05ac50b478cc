/**
 * The console's types are generated from docs/openapi.json (npm run api-types): the committed file
 * must be what the document generates now, so a route whose answer changes changes the console's
 * types with it (and the console's typecheck says where they no longer fit).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.js';

describe('console/src/api-types.ts', () => {
  it('is what docs/openapi.json generates now', async () => {
    assert.equal(readFileSync(API_TYPES_FILE, 'utf8'), await generateApiTypes(), 'run "npm run api-types" (or "npm run openapi") and commit the file');
  });

  it('follows the document: a property a schema adds appears in the types', async () => {
    const document = JSON.parse(readFileSync('docs/openapi.json', 'utf8'));
    document.components.schemas.BoardTile.properties.watched_by = { type: 'string' };
    const dir = mkdtempSync(join(tmpdir(), 'api-types-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
      const generated = await generateApiTypes(join(dir, 'openapi.json'));
      assert.match(generated, /watched_by\?: string;/);
      assert.notEqual(generated, readFileSync(API_TYPES_FILE, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
