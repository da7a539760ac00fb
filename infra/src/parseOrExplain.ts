import type { z } from 'zod';

/**
 * The data `schema` makes of `raw`, or one error that lists every problem
 * with its path, for a person to fix the file.
 */
export function parseOrExplain<S extends z.ZodTypeAny>(
  schema: S,
  raw: unknown,
  source: string,
): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map(issue => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('\n');
    throw new Error(`Invalid ${source}:\n${problems}`);
  }
  return result.data;
}
