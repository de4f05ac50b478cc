// The console's types of the API's answers, generated from docs/openapi.json with openapi-typescript:
// the document is the one source of the API's shapes (test/api-types.test.ts fails when the file is stale).
import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

export const API_TYPES_FILE = 'console/src/api-types.ts';

const HEADER = `/**
 * Generated from docs/openapi.json by \`npm run api-types\` (openapi-typescript); do not edit.
 * The console names the shapes it uses in types.ts; every property an answer's schema lists is
 * there unless the schema says otherwise (the document fills in \`required\`).
 */

`;

/** The file's text as generated from the document now. */
export async function generateApiTypes(documentFile = 'docs/openapi.json'): Promise<string> {
  const document = JSON.parse(readFileSync(documentFile, 'utf8'));
  const ast = await openapiTS(document, { silent: true, alphabetize: false });
  return HEADER + astToString(ast) + enumValuesOf(document.components.schemas);
}

/**
 * The values of every component schema that is an enumeration, as constants in the document's
 * order: the console lists them (every outcome class, every role) from here rather than writing
 * them out again.
 */
function enumValuesOf(schemas: Record<string, { enum?: unknown[] }>): string {
  const entries = Object.entries(schemas).filter(([, schema]) => Array.isArray(schema.enum));
  const lines = entries.map(([name, schema]) => `    ${name}: [${schema.enum!.map((value) => JSON.stringify(value)).join(', ')}],`);
  return [
    '/** Every value of each enumerated component schema, in the document\'s order. */',
    'export const enumValues = {',
    ...lines,
    '} as const satisfies { [Name in keyof components["schemas"]]?: readonly components["schemas"][Name][] };',
    '',
  ].join('\n');
}
