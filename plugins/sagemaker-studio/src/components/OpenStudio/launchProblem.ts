import { isError, ResponseError } from '@backstage/errors';
import { CORRELATION_ID_HEADER } from '../../api';

/** What went wrong, in terms the card can explain to a data scientist. */
export type ProblemKind =
  | 'not-mapped'
  | 'profile-missing'
  | 'forbidden'
  | 'invalid-request'
  | 'aws'
  | 'popup-blocked'
  | 'unknown';

export type Problem = {
  kind: ProblemKind;
  title: string;
  message: string;
  /** Id to quote to the platform team, from the X-Correlation-Id header. */
  correlationId?: string;
  /** Whether trying again can help without anyone changing anything. */
  retryable: boolean;
};

const AWS_FAILURE_STATUSES = [502, 503, 504];

/** Turns a failed `GET /me` into the problem to show. */
export function describeMeError(error: unknown): Problem {
  if (ResponseError.is(error) && error.statusCode === 404) {
    return {
      kind: 'not-mapped',
      title: 'You are not set up for SageMaker Studio yet',
      message: error.cause.message,
      correlationId: correlationIdOf(error),
      retryable: false,
    };
  }
  return describeError(error);
}

/** Turns a failed `POST /launch` into the problem to show. */
export function describeLaunchError(error: unknown): Problem {
  if (ResponseError.is(error) && error.statusCode === 404) {
    return {
      kind: 'profile-missing',
      title: 'Your Studio user profile was not found',
      message: error.cause.message,
      correlationId: correlationIdOf(error),
      retryable: false,
    };
  }
  return describeError(error);
}

function describeError(error: unknown): Problem {
  if (!ResponseError.is(error)) {
    return {
      kind: 'unknown',
      title: 'Something went wrong',
      // isError, not instanceof: errors may come from another realm.
      message: isError(error) ? error.message : String(error),
      retryable: true,
    };
  }
  const correlationId = correlationIdOf(error);
  const message = error.cause.message;
  if (error.statusCode === 403) {
    return {
      kind: 'forbidden',
      title: 'You are not allowed to open this Studio',
      message,
      correlationId,
      retryable: false,
    };
  }
  if (error.statusCode === 400) {
    return {
      kind: 'invalid-request',
      title: 'The request was not accepted',
      message,
      correlationId,
      retryable: false,
    };
  }
  if (AWS_FAILURE_STATUSES.includes(error.statusCode)) {
    return {
      kind: 'aws',
      title: 'AWS did not answer as expected',
      message,
      correlationId,
      retryable: true,
    };
  }
  return {
    kind: 'unknown',
    title: 'Something went wrong',
    message,
    correlationId,
    retryable: true,
  };
}

/** The problem shown when the browser refused to open the new tab. */
export const popupBlockedProblem: Problem = {
  kind: 'popup-blocked',
  title: 'Your browser blocked the new tab',
  message:
    'Allow pop-ups for this site, or use the link below to open Studio in this tab.',
  retryable: true,
};

function correlationIdOf(error: ResponseError): string | undefined {
  return error.response.headers.get(CORRELATION_ID_HEADER) ?? undefined;
}
