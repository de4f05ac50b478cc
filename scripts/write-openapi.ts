// Writes the served OpenAPI document to docs/openapi.json (npm run openapi).
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/server/openapi.js';

writeFileSync('docs/openapi.json', `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log('docs/openapi.json written');
