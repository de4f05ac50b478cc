import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider } from 'oidc-provider';

/** A person at the test provider: what its claims say about them. */
export interface ProviderUser {
  name?: string;
  preferred_username?: string;
  email?: string;
  groups?: string[];
  /** Extra claims, e.g. Keycloak's realm_access: { roles: [...] }. */
  extra?: Record<string, unknown>;
}

export interface TestProvider {
  /** The issuer, on `localhost`: another site than the Switchboard under test on 127.0.0.1. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The people who can sign in, by login (their subject); change them between sign-ins. */
  users: Map<string, ProviderUser>;
  /** Registers Switchboard at `appUrl` as the client (its callback and post-logout URLs) and starts answering. */
  register: (appUrl: string) => void;
  /**
   * The provider's next redirect to Switchboard's callback is not sent: the browser stays at the
   * provider on a page saying "held by the test provider", and the promise has the callback URL,
   * as someone in the middle would see it.
   */
  holdNextCallback: () => Promise<string>;
  close: () => Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port, in memory: one confidential
 * client (client_secret_basic, PKCE required), the development login and consent pages (any
 * password; the login is the subject), RP-initiated logout. The listening socket comes first, so
 * the issuer is known before the Switchboard under test starts, and the client once it has.
 */
export async function startTestProvider(options: { users: Record<string, ProviderUser>; groupsInIdToken?: boolean; userinfo?: boolean; extraScopes?: Record<string, string[]> }): Promise<TestProvider> {
  let handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  let appCallback: string | undefined;
  let holder: ((url: string) => void) | undefined;
  const server: Server = createServer((request, response) => {
    if (!handler) return response.writeHead(503).end('provider not registered yet');
    if (holder) holdCallbackRedirect(response);
    return handler(request, response);
  });
  /** Keeps the browser at the provider instead of following its redirect to the callback. */
  const holdCallbackRedirect = (response: ServerResponse): void => {
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.end = ((...args: unknown[]) => {
      const location = response.getHeader('location');
      if (holder && appCallback && !response.headersSent && typeof location === 'string' && location.startsWith(appCallback)) {
        const resolve = holder;
        holder = undefined;
        resolve(location);
        response.statusCode = 200;
        response.removeHeader('location');
        response.setHeader('content-type', 'text/plain; charset=utf-8');
        response.removeHeader('content-length');
        return end('held by the test provider');
      }
      return end(...args);
    }) as ServerResponse['end'];
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const clientId = 'switchboard';
  const clientSecret = randomBytes(24).toString('hex');
  const users = new Map(Object.entries(options.users));

  const register = (appUrl: string): void => {
    appCallback = `${appUrl}/api/v1/auth/oidc/callback`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [`${appUrl}/api/v1/auth/oidc/callback`],
          post_logout_redirect_uris: [`${appUrl}/`],
          token_endpoint_auth_method: 'client_secret_basic',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      cookies: { keys: [randomBytes(16).toString('hex')] },
      claims: {
        openid: ['sub'],
        profile: ['name', 'preferred_username'],
        email: ['email'],
        groups: ['groups'],
        ...options.extraScopes,
      },
      conformIdTokenClaims: !options.groupsInIdToken,
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        userinfo: { enabled: options.userinfo ?? true },
      },
      findAccount: async (_ctx: unknown, sub: string) => {
        const user = users.get(sub);
        if (!user) return undefined;
        return {
          accountId: sub,
          claims: async () => {
            const now = users.get(sub) ?? user;
            const { extra, ...claims } = now;
            return { sub, ...claims, ...extra };
          },
        };
      },
    });
    handler = provider.callback();
  };

  return {
    issuer,
    clientId,
    clientSecret,
    users,
    register,
    holdNextCallback: () => new Promise<string>((resolve) => (holder = resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
