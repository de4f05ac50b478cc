/**
 * Answers name every property they carry: an object schema of an answer without its own
 * `required` gets all its properties as required (a value that may be missing says null, or its
 * schema lists the ones that are always there). The console's types are generated from the
 * document, so this is what lets them say `number` where the answer always has one; the test
 * servers check every answer against it (test/support/answer-schemas.ts).
 */

type Schema = Record<string, unknown>;
const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

/** The document with `required` filled in on every object schema its answers reach (request bodies keep theirs). */
export function withRequiredAnswerProperties<D extends { paths: object; components: { schemas: object } }>(source: D): D {
  const document = structuredClone(source);
  const components = document.components.schemas as Record<string, Schema>;
  const pending: string[] = [];
  const reached = new Set<string>();

  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Schema;
    const ref = typeof schema.$ref === 'string' ? COMPONENT_REF.exec(schema.$ref)?.[1] : undefined;
    if (ref && !reached.has(ref)) {
      reached.add(ref);
      pending.push(ref);
    }
    const properties = schema.properties as Record<string, unknown> | undefined;
    if (properties && typeof properties === 'object') {
      schema.required ??= Object.keys(properties);
      Object.values(properties).forEach(visit);
    }
    for (const key of ['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'prefixItems', 'not']) visit(schema[key]);
  };

  for (const operations of Object.values(document.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>)) {
    for (const operation of Object.values(operations)) {
      for (const response of Object.values(operation.responses ?? {})) {
        for (const media of Object.values(response.content ?? {})) visit(media.schema);
      }
    }
  }
  while (pending.length) visit(components[pending.pop()!]);
  return document;
}
