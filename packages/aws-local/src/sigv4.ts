import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header. */
export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface SignedRequest {
  method: string;
  /** Path and query as received, e.g. `/` or `/?a=b`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Signatures older or newer than this are refused, as AWS does. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

/** Undefined when the header is missing or not a SigV4 header. */
export function parseAuthorization(
  header: string | undefined,
): SigV4Authorization | undefined {
  const match = header ? AUTH_PATTERN.exec(header.trim()) : null;
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] =
    match;
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

export type SignatureCheck =
  | { ok: true }
  | {
      ok: false;
      reason: 'missingDate' | 'badScope' | 'skewed' | 'mismatch';
      detail: string;
    };

/**
 * Recomputes the SigV4 signature of a header-signed request with the
 * caller's secret and compares it in constant time.
 */
export function verifySignature(
  request: SignedRequest,
  auth: SigV4Authorization,
  secretAccessKey: string,
  nowMs: number,
): SignatureCheck {
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return {
      ok: false,
      reason: 'missingDate',
      detail: 'missing or malformed X-Amz-Date',
    };
  }
  if (amzDate.slice(0, 8) !== auth.date) {
    return {
      ok: false,
      reason: 'badScope',
      detail: 'credential scope date does not match X-Amz-Date',
    };
  }
  if (
    !auth.signedHeaders.includes('host') ||
    !auth.signedHeaders.includes('x-amz-date')
  ) {
    return {
      ok: false,
      reason: 'badScope',
      detail: 'host and x-amz-date must be signed',
    };
  }
  const signedAt = parseAmzDate(amzDate);
  if (Math.abs(nowMs - signedAt) > MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      reason: 'skewed',
      detail: `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(
        nowMs - MAX_CLOCK_SKEW_MS,
      )} (${formatAmzDate(nowMs)} - 15 min.)`,
    };
  }
  const canonical = canonicalRequest(request, auth.signedHeaders);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    sha256Hex(canonical),
  ].join('\n');
  const key = signingKey(secretAccessKey, auth.date, auth.region, auth.service);
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const given = Buffer.from(auth.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      reason: 'mismatch',
      detail:
        'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true };
}

function canonicalRequest(
  request: SignedRequest,
  signedHeaders: string[],
): string {
  const url = new URL(request.url, 'http://placeholder');
  const canonicalHeaders = [...signedHeaders]
    .sort()
    .map(
      name =>
        `${name}:${(headerValue(request.headers, name) ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payloadHash =
    headerValue(request.headers, 'x-amz-content-sha256') ??
    sha256Hex(request.body);
  return [
    request.method.toUpperCase(),
    canonicalPath(url.pathname),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    [...signedHeaders].sort().join(';'),
    payloadHash,
  ].join('\n');
}

/** Non-S3 services escape each path segment twice. */
function canonicalPath(pathname: string): string {
  return pathname
    .split('/')
    .map(segment => rfc3986(rfc3986(decodeURIComponent(segment))))
    .join('/');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key.toLowerCase() !== 'x-amz-signature')
    .map(([key, value]) => [rfc3986(key), rfc3986(value)])
    .sort(([ak, av], [bk, bv]) =>
      ak === bk ? compare(av, bv) : compare(ak, bk),
    )
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function signingKey(
  secret: string,
  date: string,
  region: string,
  service: string,
): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function headerValue(
  headers: IncomingHttpHeaders,
  name: string,
): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string): number {
  return Date.UTC(
    Number(value.slice(0, 4)),
    Number(value.slice(4, 6)) - 1,
    Number(value.slice(6, 8)),
    Number(value.slice(9, 11)),
    Number(value.slice(11, 13)),
    Number(value.slice(13, 15)),
  );
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
