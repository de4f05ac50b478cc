import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import { engineOf } from '../store/engine.js';
import { AuditTrail } from './audit.js';
import { installGuard } from './guard.js';
import { OidcSignIn } from './oidc.js';
import { installRateLimits } from './limits.js';
import { RouteRegistry } from './registry.js';
import { accessRoutes } from './routes.js';
import type { SessionPolicy } from './sessions.js';
import { TenantDirectory } from './tenants.js';
import { FailureThrottle } from './throttle.js';
import { TokenVerifier } from './tokens.js';

export interface Access {
  tokens: TokenVerifier;
  tenants: TenantDirectory;
  audit: AuditTrail;
  sessions: SessionPolicy;
  throttle: FailureThrottle;
  /** Single sign-on, when SWITCHBOARD_OIDC_ISSUER is set. */
  oidc: OidcSignIn | undefined;
  /** Every route with its permission and limit, as registered (read it once the app is ready). */
  routes: RouteRegistry;
}

/**
 * Puts access control in front of every route registered after it: cookies, security headers,
 * rate limits, the guard (authentication, permissions, CSRF, step-up, audit), and the access
 * routes themselves. Call before registering any other route.
 */
export async function installAccess(app: FastifyInstance, deps: { db: Kysely<Database>; config: Config; catalogue: Catalogue; clock: () => number }): Promise<Access> {
  const { db, config, clock } = deps;
  const sessions: SessionPolicy = { idleMs: config.access.sessionIdleMs, absoluteMs: config.access.sessionAbsoluteMs, stepUpMs: config.access.stepUpMs };
  const audit = new AuditTrail(db, engineOf(config.database));
  const access: Access = {
    tokens: new TokenVerifier(db, { adminToken: config.access.adminToken, ingestKey: config.ingestKey }),
    tenants: new TenantDirectory(db, deps.catalogue, clock),
    audit,
    sessions,
    throttle: new FailureThrottle(config.access.rateLimits.badCredentialsPerMinute, clock),
    oidc: config.access.oidc
      ? new OidcSignIn({
          db,
          config: config.access.oidc,
          publicUrl: config.publicUrl,
          secureCookies: config.access.secureCookies,
          sessions,
          audit,
          clock,
          signInPerMinute: config.access.rateLimits.signInPerMinute,
        })
      : undefined,
    routes: new RouteRegistry(),
  };
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // uPlot and React set style attributes; no script runs from them.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Behind a TLS proxy the public URL says so; on plain HTTP an HSTS header would be ignored anyway.
    hsts: config.access.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  await installRateLimits(app, config.access.rateLimits, access.routes);
  installGuard(app, {
    db,
    tokens: access.tokens,
    sessions,
    audit: access.audit,
    clock,
    adminTotpRequired: config.access.adminTotpRequired,
    throttle: access.throttle,
    registry: access.routes,
  });
  const oidc = access.oidc;
  await app.register(
    accessRoutes({
      db,
      config: config.access,
      sessions,
      audit: access.audit,
      throttle: access.throttle,
      clock,
      ...(oidc ? { signOutRedirect: (idToken, request) => oidc.signOutRedirect(idToken, request) } : {}),
    }),
  );
  if (oidc) await app.register(oidc.routes());
  return access;
}
