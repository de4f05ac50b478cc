/**
 * Every JSON answer a test server sends, checked against the schema docs/openapi.json declares for
 * that route and status, so a schema that lies (a type it gets wrong, a value outside its enum, a
 * property it promises and the answer leaves out) fails the test that met it. The console's types
 * are generated from the same document (console/src/api-types.ts): what passes here is what the
 * console can rely on. Properties an answer carries beyond its schema are not refused: the console
 * cannot use them (its types lack them), so they cannot mislead it.
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

  constructor(private readonly document: Json) {
    this.ajv.addSchema(document, 'openapi');
  }

  /** What is wrong with `body` as the answer of `method path` (the document's path, e.g. /a/{id}) with `status`; undefined when nothing is, or the document declares no JSON schema for it. */
  problemOf(method: string, path: string, status: number, body: unknown): string | undefined {
    const validate = this.validatorOf(method.toLowerCase(), path, status);
    if (!validate || validate(body)) return undefined;
    // Every error, not only the first: under a oneOf each branch says why it did not fit.
    return validate
      .errors!.slice(0, 5)
      .map((error) => `${error.instancePath || '(the answer)'} ${error.message} (schema ${error.schemaPath})`)
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
