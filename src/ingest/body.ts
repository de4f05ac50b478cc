import { InputError } from '../errors.js';
import { firstSyntaxErrorOffset } from './json-position.js';

/** One item of a request body: a parsed value, or the reason its NDJSON line did not parse. */
export type BodyItem = { value: unknown } | { error: string };

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Where and why a JSON text failed to parse, for a message a user can find the fault with. */
export function syntaxMessage(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (text.trim() === '') return 'the body is empty';
  const offset = firstSyntaxErrorOffset(text);
  const near = JSON.stringify(text.slice(Math.max(0, offset - 20), offset + 20));
  return offset < 0 ? message : `syntax error at ${lineAndColumn(text, offset)} (offset ${offset}), near ${near}`;
}

/** A JSON body must be an array of records; anything unparsable rejects the whole request. */
export function parseJsonBody(text: string): BodyItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the body is not valid JSON: ${syntaxMessage(error, text)}`, 'invalid_json');
  }
  if (!Array.isArray(parsed)) {
    throw new InputError(
      'the body must be a JSON array of records (send one record as [record], or use application/x-ndjson)',
      'invalid_body',
    );
  }
  return parsed.map((value) => ({ value }));
}

/**
 * NDJSON: one record per line. A line that does not parse rejects only that record, so one bad
 * line never takes the good ones down with it. Blank lines are skipped; indexes are 0-based line
 * numbers, so a client can find the line it sent.
 */
export function parseNdjsonBody(text: string): Array<BodyItem & { index: number }> {
  const items: Array<BodyItem & { index: number }> = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    try {
      items.push({ index, value: JSON.parse(line) });
    } catch (error) {
      items.push({ index, error: `line ${index + 1} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return items;
}
