import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

const OIDC_PROVIDER_MODULE = 'oidc-provider';

/** A demo user of the local sign-in, as seed/demo.yaml lists them. */
export interface LocalSignInUser {
  username: string;
  email?: string;
  password: string;
  groups: string[];
}

export interface LocalOidcOptions {
  port: number;
  users: LocalSignInUser[];
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
}

export interface LocalOidcProvider {
  issuer: string;
  metadataUrl: string;
  close(): Promise<void>;
}

/**
 * Local mode's sign-in: a real OpenID Connect provider (npm oidc-provider)
 * on 127.0.0.1 that holds the demo users and issues the claims the Cognito
 * user pool issues (`cognito:username`, `email`, `cognito:groups`), so that
 * signing in locally is the same code flow as in production.
 */
export async function startLocalOidcProvider(
  options: LocalOidcOptions,
): Promise<LocalOidcProvider> {
  const server = createServer();
  await new Promise<void>(resolve =>
    server.listen(options.port, '127.0.0.1', resolve),
  );
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const users = new Map(options.users.map(u => [u.username, u]));

  // oidc-provider is an ES module without type declarations.
  const { default: Provider } = (await import(OIDC_PROVIDER_MODULE)) as any;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: {
      keys: [
        {
          ...privateKey.export({ format: 'jwk' }),
          kid: 'local',
          use: 'sig',
          alg: 'RS256',
        },
      ],
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['cognito:username', 'cognito:groups', 'name'],
    },
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, id: string) => {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          'cognito:username': user.username,
          'cognito:groups': user.groups,
          name: user.username,
          email: user.email,
          email_verified: Boolean(user.email),
        }),
      };
    },
    // Backstage restores sessions with a refresh token.
    issueRefreshToken: async (_ctx: unknown, client: any) =>
      client.grantTypeAllowed('refresh_token'),
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) =>
        `/interaction/${interaction.uid}`,
    },
    features: { devInteractions: { enabled: false } },
    ttl: {
      Session: 8 * 3600,
      Interaction: 600,
      Grant: 8 * 3600,
      AccessToken: 3600,
      IdToken: 3600,
      RefreshToken: 8 * 3600,
    },
  });
  provider.proxy = false;
  const handleProvider = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(
      req.url?.split('?')[0] ?? '',
    );
    if (!match) {
      handleProvider(req, res);
      return;
    }
    handleInteraction(provider, users, req, res, Boolean(match[2])).catch(
      error => {
        res.statusCode = 400;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`Sign-in failed: ${(error as Error).message}`);
      },
    );
  });

  return {
    issuer,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handleInteraction(
  provider: any,
  users: Map<string, LocalSignInUser>,
  req: IncomingMessage,
  res: ServerResponse,
  isLoginSubmit: boolean,
) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (!isLoginSubmit || req.method !== 'POST') {
      sendLoginPage(res, details.uid);
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const username = form.get('username') ?? '';
    const user = users.get(username);
    if (!user || !samePassword(user.password, form.get('password') ?? '')) {
      sendLoginPage(
        res,
        details.uid,
        'Incorrect username or password.',
        username,
      );
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: username } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  // Consent: the portal is a first-party client, so grant what it asked.
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({
        accountId: details.session.accountId,
        clientId: details.params.client_id,
      });
  const missing = details.prompt.details ?? {};
  if (missing.missingOIDCScope)
    grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(
    missing.missingResourceScopes ?? {},
  )) {
    grant.addResourceScope(indicator, (scopes as string[]).join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

function samePassword(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

function sendLoginPage(
  res: ServerResponse,
  uid: string,
  error?: string,
  username = '',
) {
  res.statusCode = error ? 401 : 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in (local Cognito stand-in)</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem}button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b00020}</style>
</head><body>
<h1>Sign in</h1>
<p>Local stand-in for the portal's Cognito user pool.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${escapeHtml(
    username,
  )}" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form></body></html>`);
}
