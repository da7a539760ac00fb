import { AwsError } from './http';

type Input = Record<string, unknown>;

export interface Page {
  offset: number;
  maxResults: number;
}

/** NextToken is opaque to clients; here it is the offset, bound to the operation. */
export function paginate<T>(all: T[], page: Page, operation: string) {
  const items = all.slice(page.offset, page.offset + page.maxResults);
  const next = page.offset + page.maxResults;
  const nextToken =
    next < all.length
      ? Buffer.from(JSON.stringify({ op: operation, offset: next })).toString(
          'base64',
        )
      : undefined;
  return { items, nextToken };
}

function decodeNextToken(token: string, operation: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    const valid =
      parsed?.op === operation &&
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0;
    return valid ? parsed.offset : undefined;
  } catch {
    return undefined;
  }
}

/** Collects all constraint violations, then throws one ValidationException worded like AWS. */
export class Validator {
  private readonly errors: string[] = [];

  constructor(private readonly input: Input) {}

  string(
    name: string,
    rules: { required?: boolean; max?: number; pattern?: RegExp },
  ): string | undefined {
    const value = this.input[name];
    const member = lowerFirst(name);
    if (value === undefined || value === null) {
      if (rules.required)
        this.errors.push(
          `Value null at '${member}' failed to satisfy constraint: Member must not be null`,
        );
      return undefined;
    }
    if (typeof value !== 'string') {
      throw new AwsError(
        'SerializationException',
        `Expected a string for ${name}`,
      );
    }
    if (rules.max !== undefined && value.length > rules.max) {
      this.fail(
        value,
        member,
        `have length less than or equal to ${rules.max}`,
      );
    } else if (rules.pattern && !rules.pattern.test(value)) {
      this.fail(
        value,
        member,
        `satisfy regular expression pattern: ${rules.pattern.source.replace(
          /^\^|\$$/g,
          '',
        )}`,
      );
    }
    return value;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new AwsError(
        'SerializationException',
        `Expected an integer for ${name}`,
      );
    }
    const member = lowerFirst(name);
    if (value < min)
      this.fail(
        String(value),
        member,
        `have value greater than or equal to ${min}`,
      );
    else if (value > max)
      this.fail(
        String(value),
        member,
        `have value less than or equal to ${max}`,
      );
    return value;
  }

  paging(operation: string): Page {
    const maxResults = this.integer('MaxResults', 1, 100) ?? 10;
    const token = this.string('NextToken', { max: 8192 });
    let offset = 0;
    if (token !== undefined) {
      const decoded = decodeNextToken(token, operation);
      if (decoded === undefined)
        throw new AwsError(
          'ValidationException',
          'The provided NextToken is invalid.',
        );
      offset = decoded;
    }
    return { offset, maxResults };
  }

  done(): void {
    if (this.errors.length === 0) return;
    const count =
      this.errors.length === 1
        ? '1 validation error'
        : `${this.errors.length} validation errors`;
    throw new AwsError(
      'ValidationException',
      `${count} detected: ${this.errors.join('; ')}`,
    );
  }

  private fail(value: string, member: string, constraint: string): void {
    this.errors.push(
      `Value '${value}' at '${member}' failed to satisfy constraint: Member must ${constraint}`,
    );
  }
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
