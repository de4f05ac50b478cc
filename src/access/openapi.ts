import { errorResponse, limitParameter, ok, readErrors } from '../common/openapi-parts.js';
import { ROLES, SCOPES } from './permissions.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const idParameter = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: `The ${what} id.` });
const json = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const tenants = {
  type: ['array', 'null'],
  maxItems: 100,
  items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
  description: 'The tenants the user or token is bound to; null or absent: every tenant.',
};
const noContent = { description: 'Done; no body.' };
const signInErrors = {
  '401': errorResponse('Wrong username, password or authenticator code (`invalid_credentials`), or a code is needed (`totp_required`).'),
  '429': errorResponse(
    'Too many attempts: this account is locked for a while after repeated failures (`locked`), this address has sent too many bad credentials (`too_many_failures`), or too many attempts a minute (`rate_limited`). Retry-After says when to try again.',
  ),
};
const auditFilters = [
  { name: 'actor', in: 'query', schema: { type: 'string' }, description: 'Only entries by this username, token (token:<name>#<id>) or environment variable.' },
  { name: 'action', in: 'query', schema: { type: 'string' }, description: 'Only this action, e.g. silence.create, trace.read, auth.sign-in.' },
  { name: 'integration', in: 'query', schema: { type: 'string' } },
  { name: 'from', in: 'query', schema: { type: 'string' }, description: 'RFC 3339 or epoch milliseconds (inclusive).' },
  { name: 'to', in: 'query', schema: { type: 'string' }, description: 'RFC 3339 or epoch milliseconds (exclusive).' },
  { name: 'before', in: 'query', schema: { type: 'integer' }, description: 'Only entries older than this id (the `next` of the previous page).' },
];

/** Sign-in and sessions, users, tokens and the audit trail, in the OpenAPI document. */
export function accessPaths() {
  return {
    '/api/v1/auth/providers': {
      get: {
        summary: 'How one can sign in: password, and single sign-on when configured',
        responses: { '200': ok({ type: 'object', properties: { password: { const: true }, oidc: { type: ['object', 'null'], properties: { name: { type: 'string' }, start: { type: 'string' } } } } }) },
      },
    },
    '/api/v1/auth/session': {
      get: {
        summary: 'Who is calling: user or token, role, scopes, tenants, and for a console session its CSRF token and step-up deadline',
        responses: { '200': ok(ref('Session')) },
      },
    },
    '/api/v1/auth/sign-in': {
      post: {
        summary: 'Sign in with a username and password (and an authenticator code when the user has one)',
        description:
          'Starts a console session: a new HttpOnly, SameSite=Lax cookie `sb_session` (Secure behind HTTPS) on every sign-in. The answer carries `csrf_token`, which every write made with the cookie must send as the `X-CSRF-Token` header. After five failures in a row the account is locked for 30 s, doubling with each further failure up to 15 minutes; an address that sends too many bad credentials is refused for a growing spell.',
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 1024 }, totp: { type: 'string', maxLength: 12 } },
        }),
        responses: {
          '200': {
            ...ok(ref('Session'), 'Signed in'),
            headers: { 'Set-Cookie': { schema: { type: 'string' }, description: 'sb_session=…; Path=/; HttpOnly; SameSite=Lax (; Secure)' } },
          },
          '400': errorResponse('The body is not a username and password.'),
          ...signInErrors,
        },
      },
    },
    '/api/v1/auth/sign-out': {
      post: {
        summary: 'End this console session and clear its cookie',
        responses: {
          '200': ok({ type: 'object', description: 'A single sign-on session: where the console goes next to end it at the provider too.', properties: { redirect: { type: 'string' } } }),
          '204': noContent,
        },
      },
    },
    '/api/v1/auth/step-up': {
      post: {
        summary: 'Confirm the password (and code) again: administration needs a sign-in from the last few minutes',
        requestBody: json({ type: 'object', additionalProperties: false, required: ['password'], properties: { password: { type: 'string', minLength: 1 }, totp: { type: 'string', maxLength: 12 } } }),
        responses: { '200': ok(ref('Session')), '400': errorResponse('The body is not a password.'), ...signInErrors },
      },
    },
    '/api/v1/auth/password': {
      post: {
        summary: 'Change your own password (ends your other sessions)',
        requestBody: json({ type: 'object', additionalProperties: false, required: ['current', 'new'], properties: { current: { type: 'string', minLength: 1 }, new: { type: 'string', minLength: 12, maxLength: 1024 } } }),
        responses: { '204': noContent, '400': errorResponse('The new password is too short or too long.'), ...signInErrors },
      },
    },
    '/api/v1/auth/totp/setup': {
      post: {
        summary: 'Start setting up an authenticator app: a new secret and its otpauth:// URI (not in force until enabled)',
        responses: { '200': ok({ type: 'object', properties: { secret: { type: 'string' }, uri: { type: 'string' } } }) },
      },
    },
    '/api/v1/auth/totp/enable': {
      post: {
        summary: 'Require the authenticator app from now on, once a code from it proves it has the secret',
        requestBody: json({ type: 'object', additionalProperties: false, required: ['secret', 'code'], properties: { secret: { type: 'string' }, code: { type: 'string' } } }),
        responses: { '204': noContent, '400': errorResponse('The code does not match the secret.') },
      },
    },
    '/api/v1/users': {
      get: {
        summary: 'Users, by id',
        parameters: [limitParameter(100, 500), { name: 'after', in: 'query', schema: { type: 'integer' }, description: 'The `next` of the previous page.' }],
        responses: { '200': ok({ type: 'object', properties: { users: { type: 'array', items: ref('User') }, next: { type: ['string', 'null'] } } }), ...readErrors },
      },
      post: {
        summary: 'Create a user; without a password, a one-time password is made (shown once) and must be changed at first sign-in',
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          required: ['username', 'role'],
          properties: {
            username: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$' },
            name: { type: 'string', maxLength: 200 },
            role: { enum: [...ROLES] },
            tenants,
            password: { type: 'string', minLength: 12, maxLength: 1024 },
          },
        }),
        responses: {
          '201': ok({ type: 'object', required: ['user'], properties: { user: ref('User'), one_time_password: { type: 'string', description: 'A local user\'s first password, to change at first sign-in; absent for single sign-on.' } } }, 'Created'),
          '400': errorResponse('A field is invalid; the message names it.'),
          '409': errorResponse('A user of this name exists.'),
        },
      },
    },
    '/api/v1/users/{id}': {
      patch: {
        summary: "Change a user's name, role or tenants, or disable them (which ends their sessions)",
        parameters: [idParameter('user')],
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { name: { type: 'string', maxLength: 200 }, role: { enum: [...ROLES] }, tenants, disabled: { type: 'boolean' } },
        }),
        responses: { '200': ok({ type: 'object', properties: { user: ref('User') } }), '400': errorResponse('A field is invalid, or you would lock yourself out.'), '404': errorResponse('No such user.') },
      },
    },
    '/api/v1/users/{id}/password-reset': {
      post: {
        summary: "Reset a local user's password to a one-time password (shown once; ends their sessions)",
        parameters: [idParameter('user')],
        responses: { '200': ok({ type: 'object', properties: { one_time_password: { type: 'string' } } }), '400': errorResponse('The user signs in through single sign-on.'), '404': errorResponse('No such user.') },
      },
    },
    '/api/v1/tokens': {
      get: {
        summary: 'API tokens and ingest keys, newest first (never their secret)',
        parameters: [limitParameter(100, 500), { name: 'before', in: 'query', schema: { type: 'integer' }, description: 'The `next` of the previous page.' }],
        responses: { '200': ok({ type: 'object', properties: { tokens: { type: 'array', items: ref('Token') }, next: { type: ['string', 'null'] } } }), ...readErrors },
      },
      post: {
        summary: 'Create a token with scopes (an ingest key is a token with the ingest scope alone); the secret is shown only in this answer',
        requestBody: json({
          type: 'object',
          additionalProperties: false,
          required: ['name', 'scopes'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            scopes: { type: 'array', minItems: 1, maxItems: 4, items: { enum: [...SCOPES] } },
            tenants,
            expires_in_days: { type: 'integer', minimum: 1, maximum: 3650 },
          },
        }),
        responses: {
          '201': ok(
            {
              type: 'object',
              description: 'The new token; the listing (GET /api/v1/tokens) has the rest of its fields.',
              properties: {
                id: { type: 'integer' },
                name: { type: 'string' },
                scopes: { type: 'array', items: { enum: [...SCOPES] } },
                tenants: { type: ['array', 'null'], items: { type: 'string' } },
                expires_at: { type: ['integer', 'null'] },
                token: { type: 'string', description: 'The secret: sbt_… (sbk_… for an ingest key).' },
                note: { type: 'string' },
              },
            },
            'Created',
          ),
          '400': errorResponse('A field is invalid; the message names it.'),
        },
      },
    },
    '/api/v1/tokens/{id}': {
      delete: {
        summary: 'Revoke a token (it stops working within 5 s)',
        parameters: [idParameter('token')],
        responses: { '200': ok({ type: 'object', properties: { revoked: { type: 'boolean' }, token: ref('Token') } }), ...readErrors, '404': errorResponse('No such token.') },
      },
    },
    '/api/v1/audit': {
      get: {
        summary: 'The audit trail, newest first (reading it is itself recorded)',
        parameters: [...auditFilters, limitParameter(100, 500)],
        responses: { '200': ok({ type: 'object', properties: { entries: { type: 'array', items: ref('AuditEntry') }, next: { type: ['string', 'null'] } } }), ...readErrors },
      },
    },
    '/api/v1/audit.csv': {
      get: {
        summary: 'The audit trail as CSV, streamed (at most `max` entries, default 100,000)',
        parameters: [...auditFilters, { name: 'max', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1_000_000 } }],
        responses: { '200': { description: 'text/csv: id, ts, actor, actor_kind, address, action, outcome, integration, target, before, after, detail, hash' }, ...readErrors },
      },
    },
    '/api/v1/audit.ndjson': {
      get: {
        summary: 'The audit trail as NDJSON (one entry a line), streamed',
        parameters: [...auditFilters, { name: 'max', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1_000_000 } }],
        responses: { '200': { description: 'application/x-ndjson: one AuditEntry a line' }, ...readErrors },
      },
    },
  };
}

export function accessSchemas() {
  return {
    Role: { enum: [...ROLES], description: 'viewer: read; responder: read, respond; admin: read, respond, admin.' },
    Session: {
      type: 'object',
      properties: {
        kind: { enum: ['user', 'token', 'environment'] },
        name: { type: 'string' },
        username: { type: ['string', 'null'] },
        role: { type: ['string', 'null'], enum: [...ROLES, null] },
        scopes: { type: 'array', items: { enum: [...SCOPES] } },
        tenants: { type: ['array', 'null'], items: { type: 'string' } },
        csrf_token: { type: ['string', 'null'], description: 'Send as X-CSRF-Token on every write made with the session cookie.' },
        authenticated_at: { type: ['integer', 'null'] },
        step_up_until: { type: ['integer', 'null'], description: 'Administration needs a step-up after this (epoch ms).' },
        method: { type: ['string', 'null'], description: 'password, password+totp or sso.' },
        sso: { type: 'boolean' },
        totp: { type: 'boolean' },
        must_change_password: { type: 'boolean' },
      },
    },
    User: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        username: { type: 'string' },
        name: { type: 'string' },
        role: ref('Role'),
        tenants: { type: ['array', 'null'], items: { type: 'string' } },
        sso: { type: 'boolean' },
        totp: { type: 'boolean' },
        must_change_password: { type: 'boolean' },
        created_at: { type: 'integer' },
        last_sign_in_at: { type: ['integer', 'null'] },
        disabled_at: { type: ['integer', 'null'] },
        locked_until: { type: ['integer', 'null'] },
      },
    },
    Token: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        prefix: { type: 'string', description: 'The first characters of the secret, to recognise it.' },
        scopes: { type: 'array', items: { enum: [...SCOPES] } },
        tenants: { type: ['array', 'null'], items: { type: 'string' } },
        created_by: { type: ['string', 'null'] },
        created_at: { type: 'integer' },
        expires_at: { type: ['integer', 'null'] },
        last_used_at: { type: ['integer', 'null'] },
        revoked_at: { type: ['integer', 'null'] },
      },
    },
    AuditValue: {
      type: ['object', 'null'],
      description: 'A JSON object whose fields depend on the action (a record in its API shape, or the facts the action noted); null when the action has none.',
      additionalProperties: true,
    },
    AuditEntry: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        ts: { type: 'integer' },
        actor: { type: 'string' },
        actor_kind: { type: 'string', description: 'user, token, environment, anonymous, webhook (a receiver calling back), cli (a command on the host) or system (a configuration reload).' },
        address: { type: ['string', 'null'] },
        action: { type: 'string' },
        outcome: { enum: ['ok', 'refused', 'failed'] },
        integration: { type: ['string', 'null'] },
        target: { type: ['string', 'null'] },
        before: { $ref: '#/components/schemas/AuditValue', description: 'The record as it was before the change (users, tokens), when the action changed one.' },
        after: { $ref: '#/components/schemas/AuditValue', description: 'The record as the change left it or made it (a user, a token, a silence, an acknowledgement, a customer report, a recovery run).' },
        detail: { $ref: '#/components/schemas/AuditValue', description: "What else the action recorded: a read's query and status, a sign-in's method or refusal reason, a reload's counts." },
        prev_hash: { type: 'string' },
        hash: { type: 'string', description: "SHA-256 of the entry's id, content and the previous entry's hash." },
      },
    },
  };
}
