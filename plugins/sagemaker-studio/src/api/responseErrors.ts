import { ResponseError } from '@backstage/errors';
import {
  CORRELATION_ID_HEADER,
  type ImportRowError,
} from '@studio-portal/plugin-sagemaker-studio-common';

/*
 * Either client rejects with a `ResponseError`. Its response carries the
 * correlation id; the admin routes put details next to the message:
 * `fields` (field -> message) on a 400, `rows` on a refused import,
 * `current` (the item as it is now) on a 409. These read them.
 */

function serializedError(error: unknown): Record<string, unknown> | undefined {
  if (!ResponseError.is(error)) return undefined;
  const body = (error as ResponseError).body as { error?: unknown } | undefined;
  return body?.error && typeof body.error === 'object'
    ? (body.error as Record<string, unknown>)
    : undefined;
}

/** The HTTP status of a rejected call, if it got an answer. */
export function statusOf(error: unknown): number | undefined {
  return ResponseError.is(error)
    ? (error as ResponseError).statusCode
    : undefined;
}

/** The backend's own message (not the "Request failed with ..." wrapper). */
export function messageOf(error: unknown): string {
  const message = serializedError(error)?.message;
  if (typeof message === 'string' && message) return message;
  return error instanceof Error ? error.message : String(error);
}

/** The id to quote when asking for help. */
export function correlationIdOf(error: unknown): string | undefined {
  if (!ResponseError.is(error)) return undefined;
  return (
    (error as ResponseError).response.headers.get(CORRELATION_ID_HEADER) ??
    undefined
  );
}

/** Field -> message of a 400; empty when the error names no fields. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (statusOf(error) !== 400) return {};
  const fields = serializedError(error)?.fields;
  if (!fields || typeof fields !== 'object') return {};
  return Object.fromEntries(
    Object.entries(fields as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** The bad rows of a refused import. */
export function importRowErrorsOf(error: unknown): ImportRowError[] {
  if (statusOf(error) !== 400) return [];
  const rows = serializedError(error)?.rows;
  return Array.isArray(rows) ? (rows as ImportRowError[]) : [];
}

/** The item as it is now, from a 409; undefined for other errors. */
export function conflictCurrentOf<T>(error: unknown): T | undefined {
  if (statusOf(error) !== 409) return undefined;
  const current = serializedError(error)?.current;
  return current && typeof current === 'object' ? (current as T) : undefined;
}
