import {
  CustomErrorBase,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** AWS answered in a way the portal cannot fix by itself (HTTP 502). */
export class AwsUpstreamError extends CustomErrorBase {
  name = 'AwsUpstreamError' as const;
  statusCode = 502;
}

/** An AWS call did not finish within the configured time (HTTP 504). */
export class AwsTimeoutError extends CustomErrorBase {
  name = 'AwsTimeoutError' as const;
  statusCode = 504;
}

/**
 * AWS could not be reached at all (HTTP 503): a network or endpoint problem,
 * not an answer; the card words it apart from "AWS answered badly".
 */
export class AwsUnreachableError extends CustomErrorBase {
  name = 'AwsUnreachableError' as const;
  statusCode = 503;
}

/** The space asked for does not exist (HTTP 404): choose another one. */
export class SpaceNotFoundError extends CustomErrorBase {
  name = 'SpaceNotFoundError' as const;
  statusCode = 404;
}

/** What was being done when AWS failed, to word the message. */
export interface AwsCallContext {
  step:
    | 'assume-role'
    | 'presign'
    | 'describe'
    | 'list-spaces'
    | 'mappings'
    | 'mapping-write';
  lobId?: string;
  accountId?: string;
  roleArn?: string;
  domainId?: string;
  userProfileName?: string;
  spaceName?: string;
  timeoutMs: number;
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'SlowDown',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
]);
const BAD_SOURCE_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'CredentialsProviderError',
]);
const TIMEOUTS = new Set(['AbortError', 'TimeoutError', 'RequestTimeout']);

type SdkError = Error & {
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  code?: string;
};

/** What the log gets about an AWS failure, and the browser never does. */
export interface AwsErrorDetail {
  awsError: string;
  awsMessage: string;
  step: AwsCallContext['step'];
  lobId?: string;
  roleArn?: string;
  domainId?: string;
}

/**
 * Turns an AWS SDK error into a @backstage/errors error whose message a data
 * scientist (or the admin they forward it to) can act on: it names the LOB,
 * the domain or the profile, never an ARN or AWS's own text. Those are kept
 * on the error, not enumerable, for the log line (errorResponder).
 */
export function toStudioError(error: unknown, ctx: AwsCallContext): Error {
  const mapped = mapError(error as SdkError, ctx);
  // Not a constructor `cause`: @backstage/errors would append the AWS
  // message to ours, and that is for the logs, not for the browser.
  const detail: AwsErrorDetail = {
    awsError: (error as SdkError)?.name ?? 'Error',
    awsMessage: String((error as SdkError)?.message ?? ''),
    step: ctx.step,
    lobId: ctx.lobId,
    roleArn: ctx.roleArn,
    domainId: ctx.domainId,
  };
  Object.defineProperty(mapped, 'awsErrorDetail', {
    value: detail,
    enumerable: false,
  });
  return mapped;
}

/** The AWS error behind an error made by toStudioError, for logs only. */
export function awsErrorDetailOf(error: unknown): AwsErrorDetail | undefined {
  return (error as { awsErrorDetail?: AwsErrorDetail })?.awsErrorDetail;
}

/** The AWS error name behind an error made by toStudioError, for logs. */
export function awsErrorNameOf(error: unknown): string | undefined {
  return awsErrorDetailOf(error)?.awsError;
}

function mapError(e: SdkError, ctx: AwsCallContext): Error {
  const name = e?.name ?? 'Error';
  const lob = ctx.lobId ? ` of line of business '${ctx.lobId}'` : '';

  if (TIMEOUTS.has(name) || e?.code === 'ETIMEDOUT') {
    return new AwsTimeoutError(
      ctx.step === 'mapping-write'
        ? `AWS did not answer within ${ctx.timeoutMs} ms (${describeStep(
            ctx,
          )}). The change may have been saved: reload before you redo it.`
        : `AWS did not answer within ${ctx.timeoutMs} ms (${describeStep(
            ctx,
          )}${lob}). Try again in a moment.`,
    );
  }
  if (THROTTLING.has(name)) {
    return new ServiceUnavailableError(
      `AWS is throttling requests (${describeStep(
        ctx,
      )}${lob}). Try again in a moment.`,
    );
  }
  if (ctx.step === 'assume-role' && ACCESS_DENIED.has(name)) {
    return new NotAllowedError(
      `AWS refused to let the portal assume the access role${lob} in account ${ctx.accountId}. ` +
        `An administrator should check that role's trust policy: it must trust the portal's role, ` +
        `require the configured ExternalId, and allow sts:SetSourceIdentity and sts:TagSession.`,
    );
  }
  if (ACCESS_DENIED.has(name)) {
    return new NotAllowedError(
      `AWS denied ${describeStep(
        ctx,
      )}${lob}. An administrator should check the permissions of ` +
        `the access role (scoped to the user's profile, and allowed only through the portal's VPC endpoint).`,
    );
  }
  if (name === 'ResourceNotFound' || name === 'ResourceNotFoundException') {
    if (ctx.step === 'presign' && ctx.spaceName && /space/i.test(e.message)) {
      return new SpaceNotFoundError(
        `There is no space '${ctx.spaceName}' in SageMaker Studio domain ${ctx.domainId}.`,
      );
    }
    if (ctx.userProfileName && ctx.step !== 'list-spaces') {
      return new NotFoundError(
        `There is no SageMaker Studio user profile '${ctx.userProfileName}' in domain ${ctx.domainId}${lob}. ` +
          `Ask your portal administrators to create it or to fix your mapping.`,
      );
    }
    return new NotFoundError(
      `SageMaker Studio domain ${ctx.domainId}${lob} was not found in account ${ctx.accountId}. ` +
        `Ask your portal administrators to check the LOB mapping.`,
    );
  }
  if (BAD_SOURCE_CREDENTIALS.has(name) || name === 'ExpiredToken') {
    return new AwsUpstreamError(
      `The portal's own AWS credentials were rejected (${name}) while ${describeStep(
        ctx,
      )}${lob}. An administrator should check the backend's AWS identity.`,
    );
  }
  if (name === 'ResourceInUse' || name === 'ResourceLimitExceeded') {
    return new ServiceUnavailableError(
      `SageMaker cannot open Studio right now (${name}). Try again in a moment.`,
    );
  }
  const retry =
    ctx.step === 'mapping-write'
      ? 'Reload to see whether the change was saved, then try again.'
      : 'Try again in a moment.';
  if (e?.$fault === 'server' || (e?.$metadata?.httpStatusCode ?? 0) >= 500) {
    return new ServiceUnavailableError(
      `AWS had an internal error (${describeStep(ctx)}${lob}). ${retry}`,
    );
  }
  if (isNetworkError(e)) {
    return new AwsUnreachableError(
      `AWS could not be reached (${describeStep(ctx)}${lob}). ${retry}`,
    );
  }
  return new AwsUpstreamError(
    `AWS rejected ${describeStep(
      ctx,
    )}${lob} (${name}). Quote the correlation id to your portal administrators.`,
  );
}

function describeStep(ctx: AwsCallContext): string {
  switch (ctx.step) {
    case 'assume-role':
      return 'assuming the access role';
    case 'presign':
      return `creating the Studio URL for ${ctx.userProfileName} in ${ctx.domainId}`;
    case 'describe':
      return `describing ${ctx.domainId}`;
    case 'list-spaces':
      return `listing the spaces of ${ctx.domainId}`;
    case 'mapping-write':
      return 'saving the mapping change';
    case 'mappings':
    default:
      return 'reading the LOB mappings';
  }
}

function isNetworkError(e: SdkError): boolean {
  return [
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EPIPE',
  ].includes(e?.code ?? '');
}
