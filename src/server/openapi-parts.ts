/** Building blocks of the OpenAPI document, shared by the domains that describe their routes. */

const timeParameter = (name: string, description: string) => ({
  name,
  in: 'query',
  schema: { type: 'string' },
  description: `${description} RFC 3339 or epoch milliseconds; aligned down to a whole minute.`,
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

export const ok = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

export const readErrors = { '400': errorResponse('A parameter is invalid; the message names it.') };

export const limitParameter = (fallback: number, max: number) => ({
  name: 'limit',
  in: 'query',
  schema: { type: 'integer', minimum: 1, maximum: max, default: fallback },
});
