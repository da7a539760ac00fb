import type { ErrorRequestHandler } from 'express';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { FieldValidationError, ImportRejectedError } from './errors';
import { awsErrorDetailOf } from './services/awsErrors';

const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Invalid request: the body is not valid JSON',
  'entity.too.large': 'Invalid request: the body is too large',
  'encoding.unsupported': 'Invalid request: unsupported content encoding',
  'charset.unsupported': 'Invalid request: unsupported charset',
};

/**
 * Renders errors in Backstage's error body shape plus the correlation id,
 * without stack traces (even in development), and logs them without any
 * request data that could hold a secret.
 */
export function errorResponder(logger: LoggerService): ErrorRequestHandler {
  return (rawError, req, res, next) => {
    if (res.headersSent) {
      next(rawError);
      return;
    }
    const error: Error & { type?: string } =
      rawError instanceof Error ? rawError : new Error(String(rawError));
    const statusCode = statusOf(error);
    const correlationId: string | undefined = res.locals.correlationId;
    const message =
      (error.type && BODY_PARSER_MESSAGES[error.type]) ||
      (statusCode >= 500 && !isOurs(error)
        ? 'An unexpected error occurred in the SageMaker Studio plugin.'
        : error.message);

    const line = `${req.method} ${req.baseUrl}${req.path} -> ${statusCode} ${error.name} (correlation id ${correlationId}): ${message}`;
    // AWS's own message and the ARNs involved are for the log only.
    const aws = awsErrorDetailOf(error);
    const fields = aws ? { ...aws } : {};
    if (statusCode >= 500) {
      logger.error(line, fields);
    } else {
      logger.info(line, fields);
    }

    res.status(statusCode).json({
      error: {
        name: error.name,
        message,
        correlationId,
        ...detailsOf(error, statusCode),
      },
      request: { method: req.method, url: `${req.baseUrl}${req.path}` },
      response: { statusCode },
    });
  };
}

/**
 * What the caller needs to redo the request: the field errors or bad import
 * rows of a 400, the current item of a 409 (StaleWriteError, null when it is
 * gone), and what an import that stopped half way had written.
 */
function detailsOf(error: Error, statusCode: number) {
  const current = ConflictError.is(error)
    ? (error as { current?: unknown }).current
    : undefined;
  const applied = (error as { applied?: unknown }).applied;
  return {
    ...(statusCode === 400 && FieldValidationError.is(error)
      ? { fields: error.fields }
      : {}),
    ...(statusCode === 400 && ImportRejectedError.is(error)
      ? { rows: error.rows }
      : {}),
    ...(statusCode === 409 && current !== undefined ? { current } : {}),
    ...(Array.isArray(applied) && applied.length > 0 ? { applied } : {}),
  };
}

function statusOf(
  error: Error & { statusCode?: unknown; status?: unknown },
): number {
  for (const candidate of [error.statusCode, error.status]) {
    if (
      typeof candidate === 'number' &&
      Number.isInteger(candidate) &&
      candidate >= 400 &&
      candidate <= 599
    ) {
      return candidate;
    }
  }
  return STATUS_BY_NAME[error.name] ?? 500;
}

/** Errors we word ourselves may be shown; anything else stays generic. */
function isOurs(error: Error): boolean {
  return (
    error.name in STATUS_BY_NAME ||
    error.name === 'AwsUpstreamError' ||
    error.name === 'AwsTimeoutError' ||
    error.name === 'AwsUnreachableError' ||
    error.name === 'ProvisioningError'
  );
}
