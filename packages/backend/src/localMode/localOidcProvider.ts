import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalUserPool } from '@studio-portal/aws-local';

const OIDC_PROVIDER_MODULE = 'oidc-provider';

/**
 * Who may sign in: local mode's Cognito stand-in pool, which checks the
 * password and makes the ID token's claims, as the user pool's hosted UI.
 */
export interface LocalSignInDirectory {
  /** The account id (Cognito username) for a good name and password, else undefined; throws a refusal with a message. */
  signIn(username: string, password: string): string | undefined;
  /** The ID token claims of an account, or undefined when it is gone. */
  claims(accountId: string): Record<string, unknown> | undefined;
}

/**
 * The sign-in directory of a stand-in pool: the password check of the
 * pool's hosted UI, and the pool's ID token claims. The account id is the
 * user's `sub`, as the subject of Cognito's ID tokens.
 */
export function poolSignInDirectory(pool: LocalUserPool): LocalSignInDirectory {
  return {
    signIn: (username, password) =>
      pool.verifyPassword(username, password)?.attributes.get('sub'),
    claims: sub => {
      const user = pool.userBySub(sub);
      return user ? { ...pool.idTokenClaims(user.username) } : undefined;
    },
  };
}

export interface LocalOidcOptions {
  port: number;
  directory: LocalSignInDirectory;
  client: { clientId: string; clientSecret: string; redirectUris: string[] };
}

export interface LocalOidcProvider {
  issuer: string;
  metadataUrl: string;
  close(): Promise<void>;
}

/**
 * Local mode's sign-in: a real OpenID Connect provider (npm oidc-provider)
 * on 127.0.0.1 in front of the Cognito stand-in pool, issuing the claims the
 * user pool issues (`sub`, `cognito:username`, `email`, `cognito:groups`),
 * so that signing in locally is the same code flow as in production.
 */
export async function startLocalOidcProvider(
  options: LocalOidcOptions,
): Promise<LocalOidcProvider> {
  const server = createServer();
  await new Promise<void>(resolve =>
    server.listen(options.port, '127.0.0.1', resolve),
  );
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { directory } = options;

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
      if (!directory.claims(id)) return undefined;
      return {
        accountId: id,
        // Read at each token, so group changes in the pool show at the next sign-in.
        claims: async () => directory.claims(id) ?? { sub: id },
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
    handleInteraction(provider, directory, req, res, Boolean(match[2])).catch(
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
  directory: LocalSignInDirectory,
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
    let accountId: string | undefined;
    try {
      accountId = directory.signIn(username, form.get('password') ?? '');
    } catch (error) {
      // e.g. Cognito's "User is disabled."
      sendLoginPage(res, details.uid, (error as Error).message, username);
      return;
    }
    if (!accountId) {
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
      { login: { accountId } },
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
