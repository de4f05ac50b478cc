// Writes console/src/api-types.ts from docs/openapi.json (npm run api-types; npm run openapi runs it too).
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes } from './api-types.js';

writeFileSync(API_TYPES_FILE, await generateApiTypes());
console.log(`${API_TYPES_FILE} written`);
