import { isError, ResponseError } from '@backstage/errors';
import { correlationIdOf } from '../../api/responseErrors';

/** What went wrong, in terms the card can explain to a data scientist. */
export type ProblemKind =
  | 'not-mapped'
  | 'profile-missing'
  | 'space-missing'
  | 'forbidden'
  | 'invalid-request'
  | 'aws'
  | 'aws-unreachable'
  | 'portal-unreachable'
  | 'popup-blocked'
  | 'unknown';

export type Problem = {
  kind: ProblemKind;
  title: string;
  /** What happened and what to do, in plain words. */
  message: string;
  /** The backend's own explanation, for the administrators the user asks. */
  detail?: string;
  /** Id to quote to the platform team, from the X-Correlation-Id header. */
  correlationId?: string;
  /** Whether trying again can help without anyone changing anything. */
  retryable: boolean;
};

const ASK_ADMINS =
  'Ask your portal administrators, and quote the correlation id below.';

/** Turns a failed `GET /me` into the problem to show. */
export function describeMeError(error: unknown): Problem {
  if (ResponseError.is(error) && error.statusCode === 404) {
    // Not an error: the configured message says whom to ask, no id to quote.
    return {
      kind: 'not-mapped',
      title: 'You are not set up for SageMaker Studio yet',
      message: error.cause.message,
      retryable: false,
    };
  }
  return describeError(error);
}

/** Turns a failed `POST /launch` (or profile poll) into the problem to show. */
export function describeLaunchError(error: unknown): Problem {
  if (ResponseError.is(error) && error.statusCode === 404) {
    if (error.cause.name === 'SpaceNotFoundError') {
      return {
        kind: 'space-missing',
        title: 'That space does not exist any more',
        message: 'Choose another space, or open Studio home.',
        detail: error.cause.message,
        correlationId: correlationIdOf(error),
        retryable: false,
      };
    }
    return {
      kind: 'profile-missing',
      title: 'Your Studio user profile was not found',
      message: `Studio cannot open until your user profile exists in this line of business. ${ASK_ADMINS}`,
      detail: error.cause.message,
      correlationId: correlationIdOf(error),
      retryable: false,
    };
  }
  return describeError(error);
}

function describeError(error: unknown): Problem {
  if (!ResponseError.is(error)) {
    // No HTTP answer at all: the browser could not reach the portal's backend.
    return {
      kind: 'portal-unreachable',
      title: 'Cannot reach the portal',
      message: 'Check your network connection, then try again.',
      // isError, not instanceof: errors may come from another realm.
      detail: isError(error) ? error.message : String(error),
      retryable: true,
    };
  }
  const { statusCode } = error;
  const base = {
    detail: error.cause.message,
    correlationId: correlationIdOf(error),
  };
  if (statusCode === 400) {
    // Our own words about the request: plain already.
    return {
      kind: 'invalid-request',
      title: 'The request was not accepted',
      message: error.cause.message,
      correlationId: base.correlationId,
      retryable: false,
    };
  }
  if (statusCode === 403) {
    return {
      ...base,
      kind: 'forbidden',
      title: 'You are not allowed to open this Studio',
      message: `Your access is missing or not set up completely. ${ASK_ADMINS}`,
      retryable: false,
    };
  }
  if (error.cause.name === 'ProvisioningError') {
    return {
      ...base,
      kind: 'aws',
      title: 'Your Studio user profile could not be created',
      message: ASK_ADMINS,
      retryable: statusCode >= 500,
    };
  }
  if (statusCode === 504) {
    return {
      ...base,
      kind: 'aws',
      title: 'AWS took too long to answer',
      message: 'Try again in a moment.',
      retryable: true,
    };
  }
  if (statusCode === 503 && error.cause.name === 'AwsUnreachableError') {
    return {
      ...base,
      kind: 'aws-unreachable',
      title: 'Cannot reach AWS',
      message:
        'The portal cannot reach AWS right now. Try again in a moment; if it keeps failing, tell your platform team.',
      retryable: true,
    };
  }
  if (statusCode === 503) {
    return {
      ...base,
      kind: 'aws',
      title: 'AWS is busy right now',
      message: 'Try again in a moment.',
      retryable: true,
    };
  }
  if (statusCode === 502) {
    return {
      ...base,
      kind: 'aws',
      title: 'AWS did not answer as expected',
      message: `Try again in a moment. If it keeps failing: ${ASK_ADMINS.toLowerCase()}`,
      retryable: true,
    };
  }
  return {
    ...base,
    kind: 'unknown',
    title: 'Something went wrong',
    message: `Try again in a moment. If it keeps failing: ${ASK_ADMINS.toLowerCase()}`,
    retryable: true,
  };
}

/** The problem shown when the browser refused to open the new tab. */
export const popupBlockedProblem: Problem = {
  kind: 'popup-blocked',
  title: 'Your browser blocked the new tab',
  message:
    'Allow pop-ups for this site and try again, or open Studio in this tab instead.',
  retryable: true,
};
