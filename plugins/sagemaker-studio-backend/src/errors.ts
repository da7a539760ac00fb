import { ConflictError, InputError } from '@backstage/errors';
import type {
  ImportAppliedRow,
  ImportRowError,
} from '@studio-portal/plugin-sagemaker-studio-common';

/*
 * Errors that carry what the caller needs to fix the request; the error
 * responder renders these properties. Each keeps its parent's name (an
 * InputError is a 400 whatever its class), so `is` also recognises a copy
 * of the class from another instance of this module by its shape.
 */

/** A 400 that names each bad field of the request: path -> problem. */
export class FieldValidationError extends InputError {
  constructor(message: string, readonly fields: Record<string, string>) {
    super(message);
  }

  static is(value: unknown): value is FieldValidationError {
    return (
      value instanceof FieldValidationError ||
      (InputError.is(value) && isRecord((value as { fields?: unknown }).fields))
    );
  }
}

/** A 400 for an import with bad rows: nothing was written, and every row's problem. */
export class ImportRejectedError extends InputError {
  constructor(message: string, readonly rows: ImportRowError[]) {
    super(message);
  }

  static is(value: unknown): value is ImportRejectedError {
    return (
      value instanceof ImportRejectedError ||
      (InputError.is(value) &&
        Array.isArray((value as { rows?: unknown }).rows))
    );
  }
}

/** A 409: an import stopped after some transactions, with exactly what they wrote. */
export class ImportFailedError extends ConflictError {
  constructor(message: string, readonly applied: ImportAppliedRow[]) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
