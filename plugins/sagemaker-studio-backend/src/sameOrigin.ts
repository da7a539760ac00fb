import type { Request } from 'express';
import { NotAllowedError } from '@backstage/errors';

/** Backstage's httpAuth reads the cookie only when there is no bearer token. */
export function hasBearerToken(req: Request): boolean {
  const header = req.headers.authorization;
  return typeof header === 'string' && /^Bearer[ ]+\S+$/i.test(header);
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The portal's own origins: app.baseUrl (the frontend) and backend.baseUrl.
 * In local mode they differ (ports 3000 and 7007: same site, not same origin).
 */
export function portalOrigins(baseUrls: (string | undefined)[]): Set<string> {
  return new Set(
    baseUrls.map(originOf).filter((o): o is string => o !== undefined),
  );
}

/**
 * A request authenticated by Backstage's user cookie (`SameSite=None`) must
 * come from the portal itself, or any site could make a signed-in browser
 * open Studio in a space and landing path of its choosing: the browser
 * says so (`Sec-Fetch-Site: same-origin`, or `none` for a typed URL or a
 * bookmark), or the `Origin` (else the `Referer`) is one of the portal's
 * origins. Browsers set these headers; a page on another site cannot.
 */
export function assertFromPortal(req: Request, origins: Set<string>): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return;
  const origin = originOf(req.headers.origin) ?? originOf(req.headers.referer);
  if (origin && origins.has(origin)) return;
  throw new NotAllowedError(
    'This Studio link was opened from outside the portal. Open SageMaker Studio from the portal itself.',
  );
}
