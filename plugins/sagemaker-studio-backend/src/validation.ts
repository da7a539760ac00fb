import type { Request } from 'express';
import type { z } from 'zod';
import { FieldValidationError } from './errors';

/** Parses input with a zod schema; any problem is a 400 that names the fields. */
export function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const details = result.error.issues
      .map(issue =>
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}`
          : `${issue.path.join('.') || 'request'} ${issue.message}`,
      )
      .join('; ');
    throw new FieldValidationError(
      `Invalid request: ${details}`,
      Object.fromEntries(
        result.error.issues.map(issue => [
          issue.path.join('.') || '_',
          issue.message,
        ]),
      ),
    );
  }
  return result.data;
}

/** `?lobId=` means "not given", as HTML forms send it. */
export function withoutEmpty(query: Request['query']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== ''),
  );
}
