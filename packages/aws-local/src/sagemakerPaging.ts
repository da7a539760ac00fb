import { AwsError } from './http';

/** Offset paging of the SageMaker List* operations. */

export interface Page {
  offset: number;
  maxResults: number;
}

/** The page a validated MaxResults/NextToken pair asks for; a foreign token is refused. */
export function pageOf(
  members: { MaxResults?: number; NextToken?: string },
  operation: string,
): Page {
  const maxResults = members.MaxResults ?? 10;
  if (members.NextToken === undefined) return { offset: 0, maxResults };
  const offset = decodeNextToken(members.NextToken, operation);
  if (offset === undefined) {
    throw new AwsError(
      'ValidationException',
      'The provided NextToken is invalid.',
    );
  }
  return { offset, maxResults };
}

type ListAnswer<K extends string, T> = { [key in K]: T[] } & {
  NextToken?: string;
};

/**
 * One page of `all` as a List* answer: the items under `key`, then
 * NextToken if more follow. NextToken is opaque to clients; here it is the
 * offset, bound to the operation.
 */
export function listPage<K extends string, T>(
  key: K,
  all: T[],
  page: Page,
  operation: string,
): ListAnswer<K, T> {
  const items = all.slice(page.offset, page.offset + page.maxResults);
  const next = page.offset + page.maxResults;
  const nextToken =
    next < all.length
      ? Buffer.from(JSON.stringify({ op: operation, offset: next })).toString(
          'base64',
        )
      : undefined;
  return {
    [key]: items,
    ...(nextToken && { NextToken: nextToken }),
  } as ListAnswer<K, T>;
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
