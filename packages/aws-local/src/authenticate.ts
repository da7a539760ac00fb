import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from './http';
import type { RoleSession, SessionStore } from './sessions';
import { headerValue, parseAuthorization, verifySignature } from './sigv4';
import type { StandInCaller, StandInService } from './types';

export type Principal =
  | { kind: 'caller'; arn: string; caller: StandInCaller; region: string }
  | { kind: 'session'; arn: string; session: RoleSession; region: string };

/** Error codes differ per protocol: STS (query) and SageMaker (JSON) word them differently. */
const CODES = {
  sts: {
    missing: ['MissingAuthenticationToken', 403],
    unknownKey: ['InvalidClientTokenId', 403],
    badSignature: ['SignatureDoesNotMatch', 403],
    expired: ['ExpiredToken', 400],
  },
  sagemaker: {
    missing: ['MissingAuthenticationTokenException', 400],
    unknownKey: ['UnrecognizedClientException', 400],
    badSignature: ['InvalidSignatureException', 400],
    expired: ['ExpiredTokenException', 400],
  },
} as const;

export interface AuthenticateInput {
  service: StandInService;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  nowMs: number;
  callers: StandInCaller[];
  sessions: SessionStore;
}

/** Who signed this request; throws the service's AWS error when the signature is not good. */
export async function authenticate(
  input: AuthenticateInput,
): Promise<Principal> {
  const codes = CODES[input.service];
  const fail = (kind: keyof typeof codes, message: string) =>
    new AwsError(codes[kind][0], message, codes[kind][1]);

  const auth = parseAuthorization(headerValue(input.headers, 'authorization'));
  if (!auth) {
    throw fail('missing', 'Request is missing Authentication Token');
  }
  if (auth.service !== input.service) {
    throw fail(
      'badSignature',
      `Credential should be scoped to correct service: '${input.service}'. `,
    );
  }

  const token = headerValue(input.headers, 'x-amz-security-token');
  const caller = input.callers.find(c => c.accessKeyId === auth.accessKeyId);
  const session = caller ? undefined : input.sessions.find(auth.accessKeyId);
  const invalid = 'The security token included in the request is invalid.';

  if (caller && token !== undefined) throw fail('unknownKey', invalid);
  if (!caller && (!session || token !== session.sessionToken))
    throw fail('unknownKey', invalid);
  // AWS reports an expired token before looking at the signature's date.
  if (session && input.sessions.isExpired(session, input.nowMs)) {
    throw fail(
      'expired',
      'The security token included in the request is expired',
    );
  }

  const secret = caller?.secretAccessKey ?? session!.secretAccessKey;
  const check = await verifySignature(input, auth, secret, input.nowMs);
  if (!check.ok) throw fail('badSignature', check.detail);

  return caller
    ? { kind: 'caller', arn: caller.arn, caller, region: auth.region }
    : {
        kind: 'session',
        arn: session!.assumedRoleArn,
        session: session!,
        region: auth.region,
      };
}

/** The caller's ARN for error messages, without verifying anything. */
export function claimedArn(
  headers: IncomingHttpHeaders,
  callers: StandInCaller[],
  sessions: SessionStore,
): string {
  const auth = parseAuthorization(headerValue(headers, 'authorization'));
  if (!auth) return 'anonymous';
  return (
    callers.find(c => c.accessKeyId === auth.accessKeyId)?.arn ??
    sessions.find(auth.accessKeyId)?.assumedRoleArn ??
    'anonymous'
  );
}
