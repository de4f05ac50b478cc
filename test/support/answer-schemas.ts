/**
 * Every JSON answer a test server sends, checked against the schema docs/openapi.json declares for
 * that route and status, so a schema that lies (a type it gets wrong, a value outside its enum, a
 * property it promises and the answer leaves out) fails the test that met it. The console's types
 * are generated from the same document (console/src/api-types.ts): what passes here is what the
 * console can rely on. Properties an answer carries beyond its schema are refused too (see
 * `closedAnswers`): a property the document does not name is one the console's types cannot see,
 * and usually a schema that fell behind its route.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';

type Json = Record<string, any>;

export interface AnswerViolation {
  operation: string;
  status: number;
  problem: string;
}

/** A checker for one OpenAPI document: compiled once, each (operation, status) schema on first use. */
export class AnswerChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction | null>();

  private readonly document: Json;

  constructor(document: Json) {
    this.document = closedAnswers(document);
    this.ajv.addSchema(this.document, 'openapi');
  }

  /** What is wrong with `body` as the answer of `method path` (the document's path, e.g. /a/{id}) with `status`; undefined when nothing is, or the document declares no JSON schema for it. */
  problemOf(method: string, path: string, status: number, body: unknown): string | undefined {
    const validate = this.validatorOf(method.toLowerCase(), path, status);
    if (!validate || validate(body)) return undefined;
    // Every error, not only the first: under a oneOf each branch says why it did not fit.
    return validate
      .errors!.slice(0, 5)
      .map((error) => `${error.instancePath || '(the answer)'} ${error.message}${error.keyword === 'unevaluatedProperties' ? `: ${error.params.unevaluatedProperty}` : ''} (schema ${error.schemaPath})`)
      .join('; ');
  }

  private validatorOf(method: string, path: string, status: number): ValidateFunction | null {
    const key = `${method} ${path} ${status}`;
    if (!this.validators.has(key)) this.validators.set(key, this.compile(method, path, status));
    return this.validators.get(key)!;
  }

  private compile(method: string, path: string, status: number): ValidateFunction | null {
    const responses = this.document.paths?.[path]?.[method]?.responses;
    if (!responses) return null;
    let pointer = ['paths', path, method, 'responses', String(status)];
    let response = responses[String(status)];
    if (response?.$ref) {
      pointer = (response.$ref as string).replace(/^#\//, '').split('/');
      response = pointer.reduce((node: any, part) => node?.[part], this.document);
    }
    if (!response?.content?.['application/json']?.schema) return null;
    const fragment = [...pointer, 'content', 'application/json', 'schema'].map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
    return this.ajv.compile({ $ref: `openapi#/${fragment}` });
  }
}

/**
 * The document with every object schema that lists its properties closed to others, for the check
 * only (the public document leaves them open, so clients keep reading answers that gain a field).
 * A schema that says what else it takes (`additionalProperties`) keeps its word. `unevaluatedProperties`
 * rather than `additionalProperties: false`, so that a schema joined to others (a member of an
 * allOf, or a oneOf branch beside properties of its own) stays open and the schema joining them
 * closes over all of their properties together.
 */
export function closedAnswers(source: Json): Json {
  const document = structuredClone(source);
  const close = (node: unknown, joined: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item) => close(item, joined));
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Json;
    const hasProperties = typeof schema.properties === 'object' && schema.properties !== null;
    if ((hasProperties || Array.isArray(schema.allOf)) && !joined && schema.additionalProperties === undefined && schema.unevaluatedProperties === undefined) {
      schema.unevaluatedProperties = false;
    }
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' || key === 'schemas') Object.values(value as Json).forEach((child) => close(child, false));
      else if (key === 'allOf') close(value, true);
      else if (key === 'oneOf' || key === 'anyOf') close(value, hasProperties);
      else close(value, false);
    }
  };
  close(document.paths, false);
  close(document.components, false);
  return document;
}

let shared: AnswerChecker | undefined;

/** The checker of docs/openapi.json (the document the server serves: test/server.test.ts holds them equal). */
export function answerChecker(): AnswerChecker {
  shared ??= new AnswerChecker(JSON.parse(readFileSync('docs/openapi.json', 'utf8')));
  return shared;
}

/** Fastify's /a/:id as the document's /a/{id}. */
const documentPathOf = (url: string): string => url.replace(/:(\w+)/g, '{$1}');

/**
 * Checks every JSON answer `app` sends against the document (before it is ready); the returned
 * list collects what did not match, for the test server to fail on when it closes.
 */
export function checkAnswers(app: FastifyInstance, checker = answerChecker()): AnswerViolation[] {
  const violations: AnswerViolation[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    if (!url || typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      violations.push({ operation: `${request.method} ${url}`, status: reply.statusCode, problem: 'the answer is not JSON' });
      return payload;
    }
    const problem = checker.problemOf(request.method, documentPathOf(url), reply.statusCode, body);
    if (problem) violations.push({ operation: `${request.method} ${url}`, status: reply.statusCode, problem });
    return payload;
  });
  return violations;
}
