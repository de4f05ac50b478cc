import type { FastifyInstance } from 'fastify';
import type { ReadLimits } from '../config.js';
import { InputError } from '../errors.js';

/** A parameter name is at most this long. */
const MAX_NAME_CHARS = 64;

function nameOf(raw: string): string {
  const name = raw.length > MAX_NAME_CHARS ? `${raw.slice(0, MAX_NAME_CHARS)}…` : raw;
  return JSON.stringify(name);
}

/** Batches of records answer a NUL per record, keeping the good ones (the ingest routes' own rules). */
const OWN_BODY_RULES = new Set(['/api/v1/ingest', '/v1/traces']);

/** Where in a parsed JSON body a string holds a NUL, if anywhere (depth-first, bounded by the body limit). */
function nulAt(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'the body' : undefined;
  if (typeof value !== 'object' || value === null || depth > 32) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}${path ? '.' : ''}${key.replace(/\u0000/g, '\\u0000')}`;
    const found = nulAt(child, Array.isArray(value) ? `${path}[${key}]` : `${path}${path ? '.' : ''}${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * What every route's query string must be before any route reads it: each parameter given once
 * (`env=a&env=b` would reach a handler as an array, and the engine as who knows what), no value
 * longer than `maxParameterChars`, no name longer than 64, at most `maxParameters` of them, no NUL
 * character in them or in a JSON body (but the ingest routes': theirs is judged record by record).
 * Runs after authentication (an unknown caller hears 401 first) and before body validation.
 */
export function installQueryHygiene(app: FastifyInstance, limits: Pick<ReadLimits, 'maxParameterChars' | 'maxParameters'>): void {
  app.addHook('preValidation', async (request) => {
    const query = request.query;
    if (typeof query !== 'object' || query === null) return;
    const entries = Object.entries(query as Record<string, unknown>);
    if (entries.length > limits.maxParameters) {
      throw new InputError(`the query string has ${entries.length} parameters; at most ${limits.maxParameters} are taken`, 'too_many_parameters');
    }
    for (const [name, value] of entries) {
      if (name.length > MAX_NAME_CHARS) throw new InputError(`the parameter name ${nameOf(name)} is longer than ${MAX_NAME_CHARS} characters`, 'parameter_too_long');
      if (Array.isArray(value)) {
        throw new InputError(`${nameOf(name)} is given ${value.length} times; give each parameter once (for several values, where a parameter takes them, separate them with commas)`, 'repeated_parameter');
      }
      if (typeof value === 'string' && value.length > limits.maxParameterChars) {
        throw new InputError(`${nameOf(name)} is ${value.length} characters long; a parameter is at most ${limits.maxParameterChars}`, 'parameter_too_long');
      }
      // PostgreSQL stores no NUL character in text: refused here, not by the engine as a 500.
      if ((typeof value === 'string' && value.includes('\u0000')) || name.includes('\u0000')) {
        throw new InputError(`${nameOf(name)} contains a NUL character (%00)`, 'invalid_character');
      }
    }
    // Nor in a JSON body: PostgreSQL would refuse the text with an engine error.
    if (typeof request.body === 'object' && request.body !== null && !OWN_BODY_RULES.has(request.routeOptions.url ?? '')) {
      const at = nulAt(request.body, '');
      if (at) throw new InputError(`${at} contains a NUL character (\\u0000)`, 'invalid_character');
    }
  });
}
