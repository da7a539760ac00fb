import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { LRUCache } from 'lru-cache';
import { escapeHtml, type Reply } from './http';
import type { StandInDomain } from './types';

/** What a presigned URL opens. */
export interface StudioLaunch {
  domain: StandInDomain;
  userProfileName: string;
  spaceName?: string;
  landingUri?: string;
}

const COOKIE = 'studio_local_session';
const MAX_REMEMBERED = 10_000;

/**
 * The stand-in for https://<domainId>.studio.<region>.sagemaker.aws: presigned
 * auth tokens are single use and expire; a valid one becomes an HttpOnly
 * session cookie for that domain's pages.
 */
export class StudioPages {
  /** Unredeemed tokens; an expired one is gone (on the stand-in's clock). */
  private readonly tokens: LRUCache<string, StudioLaunch>;
  private readonly cookies = new LRUCache<string, StudioLaunch>({
    max: MAX_REMEMBERED,
  });

  constructor(now: () => number) {
    this.tokens = new LRUCache({
      max: MAX_REMEMBERED,
      perf: { now },
      // Read the clock on every lookup: tests move it forward by hand.
      ttlResolution: 0,
    });
  }

  /** A token for an AuthorizedUrl, valid once for `expiresInSeconds`. */
  issueToken(launch: StudioLaunch, expiresInSeconds: number): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, launch, { ttl: expiresInSeconds * 1000 });
    return token;
  }

  /** Undefined when the path is not a Studio page. */
  handle(
    method: string,
    url: URL,
    headers: IncomingHttpHeaders,
  ): Reply | undefined {
    const match = /^\/studio\/(d-[a-z0-9-]+)\/(auth|home|space\/([^/]+))$/.exec(
      url.pathname,
    );
    if (!match) return undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      return page(405, 'Method Not Allowed', '<p>Use GET.</p>');
    }
    const [, domainId, kind, encodedSpace] = match;
    if (kind === 'auth')
      return this.redeem(domainId, url.searchParams.get('token'));
    const spaceName =
      encodedSpace === undefined ? undefined : safeDecode(encodedSpace);
    return this.show(
      domainId,
      spaceName,
      url.searchParams.get('landingUri') ?? undefined,
      headers,
    );
  }

  private redeem(domainId: string, token: string | null): Reply {
    const pending = token ? this.tokens.get(token) : undefined;
    if (!pending || pending.domain.domainId !== domainId) {
      return page(
        403,
        'Invalid or Expired Auth Token',
        '<h1>Invalid or Expired Auth Token</h1><p>Open Studio again from the portal to get a new link.</p>',
      );
    }
    this.tokens.delete(token!); // single use
    const cookie = randomBytes(32).toString('base64url');
    this.cookies.set(cookie, pending);

    const target = pending.spaceName
      ? `/studio/${domainId}/space/${encodeURIComponent(pending.spaceName)}`
      : `/studio/${domainId}/home`;
    const query = pending.landingUri
      ? `?landingUri=${encodeURIComponent(pending.landingUri)}`
      : '';
    return {
      status: 302,
      headers: {
        location: target + query,
        'set-cookie': `${COOKIE}=${cookie}; Path=/studio/${domainId}; HttpOnly; SameSite=Lax`,
        'content-type': 'text/plain; charset=utf-8',
      },
      body: '',
    };
  }

  private show(
    domainId: string,
    spaceName: string | undefined,
    landingUri: string | undefined,
    headers: IncomingHttpHeaders,
  ): Reply {
    const launch = this.cookies.get(readCookie(headers.cookie, COOKIE) ?? '');
    if (
      !launch ||
      launch.domain.domainId !== domainId ||
      (spaceName !== undefined && launch.spaceName !== spaceName)
    ) {
      return page(
        403,
        'Access denied',
        '<h1>Access denied</h1><p>Open Studio from the portal: this page needs a session from a presigned URL.</p>',
      );
    }
    const { domain } = launch;
    const field = (testId: string, label: string, value: string) =>
      `<dt>${label}</dt><dd data-testid="${testId}">${escapeHtml(value)}</dd>`;
    const fields = [
      field('studio-domain-name', 'Domain', domain.domainName),
      field('studio-domain-id', 'Domain ID', domain.domainId),
      field('studio-account', 'Account', domain.accountId),
      field('studio-region', 'Region', domain.region),
      field('studio-user-profile', 'User profile', launch.userProfileName),
      field('studio-space', 'Space', launch.spaceName ?? ''),
      field(
        'studio-landing-uri',
        'Landing URI',
        landingUri ?? launch.landingUri ?? '',
      ),
    ].join('');
    return page(
      200,
      'Amazon SageMaker Studio (local stand-in)',
      `<h1>Amazon SageMaker Studio (local stand-in)</h1>` +
        `<p>Signed in as <strong>${escapeHtml(
          launch.userProfileName,
        )}</strong>.</p>` +
        `<dl>${fields}</dl>`,
    );
  }
}

/** Enough styling to read like a console page in screenshots. */
const STYLE = [
  'body{margin:0;font-family:system-ui,sans-serif;background:#f2f3f3;color:#16191f}',
  'h1{margin:0;padding:1rem 1.5rem;background:#232f3e;color:#fff;font-size:1.25rem}',
  'body>p,dl{margin:1.5rem;max-width:40rem}',
  'dl{display:grid;grid-template-columns:10rem 1fr;gap:.5rem 1rem;background:#fff;padding:1.25rem;border-radius:8px;box-shadow:0 1px 3px #0002}',
  'dt{color:#545b64}dd{margin:0;font-family:ui-monospace,monospace}',
].join('');

function page(status: number, title: string, body: string): Reply {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(
      title,
    )}</title><style>${STYLE}</style></head><body>${body}</body></html>`,
  };
}

function readCookie(
  header: string | undefined,
  name: string,
): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** A malformed escape stays as it is, so it matches no space. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
