/** Building blocks of the OpenAPI document, shared by the domains that describe their routes. */

const timeParameter = (name: string, description: string) => ({
  name,
  in: 'query',
  schema: { type: 'string', maxLength: 64 },
  description: `${description} RFC 3339 or epoch milliseconds (0 to 8640000000000000); clamped to what retention keeps and to now plus the clock skew, aligned down to a whole minute. The answer's from and to are the window used.`,
});

export const windowParameters = [
  timeParameter('from', 'Start of the window (inclusive); default one hour before `to`.'),
  timeParameter('to', 'End of the window (exclusive); default now.'),
];

export const integrationParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } };

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** An OTLP/HTTP error answer: google.rpc.Status in the request's encoding. */
export const otlpStatus = (description: string) => ({
  description,
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/RpcStatus' } },
    'application/x-protobuf': { schema: { type: 'string', format: 'binary', description: 'google.rpc.Status' } },
  },
});

export const ok = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

export const readErrors = { '400': errorResponse('A parameter is invalid, out of range, given twice or too long; the message names it.') };

/** The answer of an expensive read when no slot frees up in time or it runs past its time (docs/api.md). */
export const busyErrors = {
  '503': {
    ...errorResponse('Too many expensive reads at once (code busy), or this one ran past its time (code read_timeout); nothing is queued without end. Retry-After says when to try again.'),
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } },
  },
};

export const cursorParameter = {
  name: 'cursor',
  in: 'query',
  schema: { type: 'string', maxLength: 512 },
  description: 'The `next` of the page before (opaque); leave it out for the first page.',
};

/** A paginated list: `limit` (with its default and maximum) and `cursor`. */
export const pageParameters = (fallback: number, max: number) => [limitParameter(fallback, max), cursorParameter];

/** The `next` of a paginated answer. */
export const nextProperty = { next: { type: ['string', 'null'], description: 'The cursor of the page after this one (give it back as `cursor`); null on the last page.' } };

/** `step` of a chart series. */
/** `step`, and `points` for a client that would rather name how many points it wants than know the ladder of steps. */
export const stepParameters = (steps: readonly number[], maxPoints: number) => [
  {
    name: 'step',
    in: 'query',
    schema: { type: 'integer', minimum: 1 },
    description: `Step width in ms: one of ${steps.join(', ')}, or a whole number of days. Chosen for about 200 points when absent; a step that would give more than ${maxPoints} points (SWITCHBOARD_READ_MAX_POINTS) is raised to the finest that does not, and the answer gives the step used (step_ms) and the one asked for (requested_step_ms).`,
  },
  {
    name: 'points',
    in: 'query',
    schema: { type: 'integer', minimum: 2, maximum: maxPoints },
    description: 'About this many points instead of a step: the finest step of the ladder above that gives at most this many over the window (one more when the window does not start on a step). Not together with `step`.',
  },
];

/** What every chart series answers besides its points. */
export const stepProperties = {
  step_ms: { type: 'integer', description: 'The step used.' },
  requested_step_ms: { type: ['integer', 'null'], description: 'The step asked for, when it was raised to step_ms; else null.' },
  max_points: { type: 'integer', description: 'The most points a series answers.' },
};

export const limitParameter = (fallback: number, max: number) => ({
  name: 'limit',
  in: 'query',
  schema: { type: 'integer', minimum: 1, maximum: max, default: fallback },
  description: `Items per page (default ${fallback}, at most ${max}).`,
});
