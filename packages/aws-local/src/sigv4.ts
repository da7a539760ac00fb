import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

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
 * Re-signs a header-signed request with the caller's secret (the SDK's own
 * SignatureV4, with the received date, signed headers and scope) and
 * compares the signatures in constant time. The date and scope rules
 * before it are AWS's, which the signer does not check.
 */
export async function verifySignature(
  request: SignedRequest,
  auth: SigV4Authorization,
  secretAccessKey: string,
  nowMs: number,
): Promise<SignatureCheck> {
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
  const expected = await resign(request, auth, secretAccessKey, signedAt);
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

/** The signature the caller would have sent, from the headers it says it signed. */
async function resign(
  request: SignedRequest,
  auth: SigV4Authorization,
  secretAccessKey: string,
  signedAtMs: number,
): Promise<Buffer> {
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query: Record<string, string[]> = {};
  const params = new URLSearchParams(
    queryStart < 0 ? '' : request.url.slice(queryStart + 1),
  );
  for (const [key, value] of params) (query[key] ??= []).push(value);
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    headers[name] = headerValue(request.headers, name) ?? '';
  }
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: auth.accessKeyId,
      secretAccessKey,
      // The signer writes this header itself; only when the caller signed one.
      sessionToken: headers['x-amz-security-token'] || undefined,
    },
    region: auth.region,
    service: auth.service,
    sha256: Sha256,
    // A payload hash header the caller did not send must not be signed here.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method.toUpperCase(),
      protocol: 'http:',
      hostname: headers.host.split(':')[0],
      path,
      query,
      headers,
      body: request.body,
    },
    {
      signingDate: new Date(signedAtMs),
      // Sign exactly what the caller listed, also headers the SDK never signs.
      signableHeaders: new Set(auth.signedHeaders),
    },
  );
  const signature = /Signature=([0-9a-f]{64})$/.exec(
    String(signed.headers.authorization),
  )![1];
  return Buffer.from(signature, 'hex');
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
