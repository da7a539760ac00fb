import { z } from 'zod';
import { AwsError } from './http';

/**
 * Request validation for the stand-in: each operation declares a zod
 * schema of its members (built from the helpers below, so every constraint
 * carries AWS's wording), and `validate` turns what fails into the one
 * error AWS answers with: "N validation errors detected: Value '...' at
 * 'member' failed to satisfy constraint: Member must ...".
 */

/** How a service words its validation errors. */
export interface ValidationDialect {
  /** ValidationException (SageMaker), ValidationError (STS), InvalidParameterException (Cognito). */
  code: string;
  /** The member as AWS names it, e.g. `domainId` or `tags.1.member.key`. */
  memberName(path: ReadonlyArray<string | number>): string;
  /** How a missing required value is shown: `Value null at`, `Value 'null' at` or `Value at`. */
  missing: 'null' | "'null'" | '';
  /** SageMaker names one failed constraint per member; STS names all of them. */
  firstPerMember: boolean;
  /** The SerializationException's message for a member of the wrong type. */
  typeError?(member: string, expected: string): string;
}

/** SageMaker's and Cognito's JSON members: `DomainId` -> `domainId`, nested ones by their own name. */
export function jsonMemberName(path: ReadonlyArray<string | number>): string {
  const last = [...path].reverse().find(p => typeof p === 'string');
  return lowerFirst(String(last ?? ''));
}

/** A string member: its length, then its pattern, as AWS words them. */
export function awsString(rules: {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** One wording for both bounds, as STS says it for tag keys. */
  lengthBetween?: boolean;
}) {
  const length = (relation: 'greater' | 'less', bound: number) =>
    rules.lengthBetween
      ? `have length between ${rules.min} and ${rules.max}`
      : `have length ${relation} than or equal to ${bound}`;
  let schema = z.string();
  if (rules.min !== undefined) {
    schema = schema.min(rules.min, length('greater', rules.min));
  }
  if (rules.max !== undefined) {
    schema = schema.max(rules.max, length('less', rules.max));
  }
  if (rules.pattern) {
    schema = schema.regex(
      rules.pattern,
      `satisfy regular expression pattern: ${patternText(rules.pattern)}`,
    );
  }
  return schema;
}

/** An integer member within bounds. */
export function awsInteger(min: number, max: number) {
  return z
    .number()
    .int()
    .min(min, `have value greater than or equal to ${min}`)
    .max(max, `have value less than or equal to ${max}`);
}

/** A list member of at most `max` entries. */
export function awsList<T extends z.ZodTypeAny>(item: T, max: number) {
  return z.array(item).max(max, `have length less than or equal to ${max}`);
}

/**
 * The members of `input` that `schema` declares, or the service's error:
 * a wrongly typed member is a SerializationException (the request does not
 * parse), anything else one validation error naming every member that failed.
 */
export function validate<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  dialect: ValidationDialect,
): z.output<S> {
  // JSON null is an absent member to AWS.
  const present = withoutNulls(input);
  const result = schema.safeParse(present);
  if (result.success) return result.data;

  const errors: string[] = [];
  const named = new Set<string>();
  for (const issue of result.error.issues) {
    const missing =
      issue.code === 'invalid_type' && issue.received === 'undefined';
    if (issue.code === 'invalid_type' && !missing) {
      const name = issue.path.join('.');
      // Every number AWS declares here is an integer.
      const expected = issue.expected === 'number' ? 'integer' : issue.expected;
      throw new AwsError(
        'SerializationException',
        dialect.typeError?.(name, expected) ??
          `Expected ${article(expected)} for ${name}`,
      );
    }
    const member = dialect.memberName(issue.path);
    if (dialect.firstPerMember && named.has(member)) continue;
    named.add(member);
    const value = valueAt(present, issue.path);
    if (missing) {
      const shown = dialect.missing ? ` ${dialect.missing}` : '';
      errors.push(
        `Value${shown} at '${member}' failed to satisfy constraint: Member must not be null`,
      );
    } else {
      const shown =
        typeof value === 'string' || typeof value === 'number'
          ? ` '${value}'`
          : '';
      errors.push(
        `Value${shown} at '${member}' failed to satisfy constraint: Member must ${issue.message}`,
      );
    }
  }
  const count =
    errors.length === 1
      ? '1 validation error'
      : `${errors.length} validation errors`;
  throw new AwsError(dialect.code, `${count} detected: ${errors.join('; ')}`);
}

/** A service's `(operation, input) => members` over its schemas, one per operation. */
export function requestValidator<R extends Record<string, z.ZodTypeAny>>(
  requests: R,
  dialect: ValidationDialect,
) {
  return <K extends keyof R>(operation: K, input: unknown): z.output<R[K]> =>
    validate(requests[operation], input, dialect);
}

/** The regular expression as AWS prints it: without its anchors. */
export function patternText(pattern: RegExp): string {
  return pattern.source.replace(/^\^/, '').replace(/\$$/, '');
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `a string`, `an integer`. */
export function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>) {
  let value = root;
  for (const key of path) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
