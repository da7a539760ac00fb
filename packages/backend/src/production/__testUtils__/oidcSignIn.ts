/**
 * Signs a user in to a Backstage backend the way a browser does, over plain
 * HTTP: the OIDC provider's start endpoint, the identity provider's login
 * form, the callback, then the refresh endpoint that hands out the
 * Backstage token. Cookies are kept per origin (paths do not matter here).
 */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(url: string, response: Response) {
    const origin = new URL(url).origin;
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '')
        cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byOrigin.set(origin, cookies);
  }

  header(url: string): string {
    const cookies = this.byOrigin.get(new URL(url).origin) ?? new Map();
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function send(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: {
      ...(init.headers as Record<string, string>),
      cookie: jar.header(url),
    },
  });
  jar.store(url, response);
  return response;
}

/** Follows redirects by hand (so that every hop's cookies are kept) until a non-redirect answer. */
async function follow(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<{ url: string; response: Response }> {
  let current = url;
  let response = await send(jar, current, init);
  for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
    if (hops > 15) throw new Error(`too many redirects from ${url}`);
    current = new URL(response.headers.get('location')!, current).toString();
    response = await send(jar, current);
  }
  return { url: current, response };
}

/** The Backstage token of `username`, signed in through the `oidc` provider. */
export async function signInThroughOidc(
  backendUrl: string,
  username: string,
  password: string,
  env = 'production',
): Promise<string> {
  const jar = new CookieJar();
  const auth = `${backendUrl}/api/auth/oidc`;
  // The login form of the identity provider.
  const login = await follow(
    jar,
    `${auth}/start?env=${env}&scope=${encodeURIComponent(
      'openid email profile',
    )}`,
  );
  const form = await login.response.text();
  const action = /<form method="post" action="([^"]+)"/.exec(form)?.[1];
  if (!action)
    throw new Error(
      `no login form at ${login.url} (${login.response.status}): ${form.slice(
        0,
        300,
      )}`,
    );
  // Submitting it ends at Backstage's callback, which sets the refresh cookie.
  const callback = await follow(
    jar,
    new URL(action.replace(/&amp;/g, '&'), login.url).toString(),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    },
  );
  const frame = await callback.response.text();
  if (
    !callback.url.startsWith(`${auth}/handler/frame`) ||
    !frame.includes('authorization_response')
  ) {
    throw new Error(
      `sign-in did not reach the Backstage callback (${callback.url}, ${
        callback.response.status
      }): ${frame.slice(0, 500)}`,
    );
  }
  const refreshed = await send(jar, `${auth}/refresh?optional&env=${env}`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const body = (await refreshed.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token)
    throw new Error(
      `no Backstage token after sign-in: ${JSON.stringify(body).slice(0, 500)}`,
    );
  return token;
}
