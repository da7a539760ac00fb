import { AwsError } from './http';
import type {
  CognitoUserStatus,
  LocalUserPool,
  PoolGroup,
  PoolUser,
} from './cognitoPool';

type Input = Record<string, unknown>;

/** The operations of the Cognito user pools API (JSON 1.1) the stand-in serves. */
export type CognitoOperation = (pool: LocalUserPool, input: Input) => unknown;

/** Cognito's page size limit for the List* operations. */
const MAX_PAGE = 60;

export const COGNITO_OPERATIONS: Record<string, CognitoOperation> = {
  ListUsers: listUsers,
  ListGroups: listGroups,
  ListUsersInGroup: listUsersInGroup,
  AdminGetUser: (pool, input) => {
    const user = pool.getUser(requiredString(input, 'Username'));
    return {
      Username: user.username,
      UserAttributes: attributesOf(user),
      UserCreateDate: seconds(user.createdAt),
      UserLastModifiedDate: seconds(user.modifiedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  },
  AdminListGroupsForUser: (pool, input) => {
    const groups = pool.groupsOf(requiredString(input, 'Username'));
    const page = pageOf(
      groups.map(g => g.groupName),
      input,
      'NextToken',
      'AdminListGroupsForUser',
      pool,
    );
    return {
      Groups: page.items.map(name =>
        groupShape(pool, groups.find(g => g.groupName === name)!),
      ),
      ...(page.next && { NextToken: page.next }),
    };
  },
  AdminCreateUser: (pool, input) => {
    const attributes = attributeList(input.UserAttributes, 'userAttributes');
    const temporary = optionalString(input, 'TemporaryPassword');
    const user = pool.createUser(
      requiredString(input, 'Username'),
      attributes,
      { password: temporary, status: 'FORCE_CHANGE_PASSWORD' },
    );
    return { User: userShape(user) };
  },
  AdminSetUserPassword: (pool, input) => {
    pool.setPassword(
      requiredString(input, 'Username'),
      requiredString(input, 'Password'),
      input.Permanent === true,
    );
    return {};
  },
  AdminUpdateUserAttributes: (pool, input) => {
    pool.updateAttributes(
      requiredString(input, 'Username'),
      attributeList(input.UserAttributes, 'userAttributes'),
    );
    return {};
  },
  AdminDisableUser: (pool, input) => {
    pool.setEnabled(requiredString(input, 'Username'), false);
    return {};
  },
  AdminEnableUser: (pool, input) => {
    pool.setEnabled(requiredString(input, 'Username'), true);
    return {};
  },
  AdminDeleteUser: (pool, input) => {
    pool.deleteUser(requiredString(input, 'Username'));
    return {};
  },
  AdminAddUserToGroup: (pool, input) => {
    pool.addUserToGroup(
      requiredString(input, 'Username'),
      requiredString(input, 'GroupName'),
    );
    return {};
  },
  AdminRemoveUserFromGroup: (pool, input) => {
    pool.removeUserFromGroup(
      requiredString(input, 'Username'),
      requiredString(input, 'GroupName'),
    );
    return {};
  },
  CreateGroup: (pool, input) => {
    const group = pool.createGroup({
      groupName: requiredString(input, 'GroupName'),
      description: optionalString(input, 'Description'),
      precedence:
        typeof input.Precedence === 'number' ? input.Precedence : undefined,
    });
    return { Group: groupShape(pool, group) };
  },
  DeleteGroup: (pool, input) => {
    pool.deleteGroup(requiredString(input, 'GroupName'));
    return {};
  },
};

function listUsers(pool: LocalUserPool, input: Input) {
  const wanted = attributesToGet(input);
  const filter = parseFilter(optionalString(input, 'Filter'));
  let usernames = pool.usernames();
  if (filter) {
    usernames = usernames.filter(name => filter(pool.userByUsername(name)!));
  }
  const page = pageOf(usernames, input, 'PaginationToken', 'ListUsers', pool, {
    limitField: 'limit',
  });
  return {
    Users: page.items.map(name =>
      userShape(pool.userByUsername(name)!, wanted),
    ),
    ...(page.next && { PaginationToken: page.next }),
  };
}

function listGroups(pool: LocalUserPool, input: Input) {
  const page = pageOf(
    pool.groupNames(),
    input,
    'NextToken',
    'ListGroups',
    pool,
  );
  return {
    Groups: page.items.map(name => groupShape(pool, pool.getGroup(name))),
    ...(page.next && { NextToken: page.next }),
  };
}

function listUsersInGroup(pool: LocalUserPool, input: Input) {
  const group = pool.getGroup(requiredString(input, 'GroupName'));
  const page = pageOf(
    [...group.members].sort(),
    input,
    'NextToken',
    `ListUsersInGroup:${group.groupName}`,
    pool,
  );
  return {
    Users: page.items.map(name => userShape(pool.userByUsername(name)!)),
    ...(page.next && { NextToken: page.next }),
  };
}

/**
 * Keyset paging: the token names the last item returned, bound to the
 * operation and pool, so pages stay right while users come and go.
 */
function pageOf(
  keys: string[],
  input: Input,
  tokenField: 'PaginationToken' | 'NextToken',
  operation: string,
  pool: LocalUserPool,
  options: { limitField?: string } = {},
): { items: string[]; next?: string } {
  const limit = input.Limit ?? MAX_PAGE;
  if (
    typeof limit !== 'number' ||
    !Number.isInteger(limit) ||
    limit < 0 ||
    limit > MAX_PAGE
  ) {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${String(limit)}' at '${
        options.limitField ?? 'limit'
      }' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`,
    );
  }
  const token = optionalString(input, tokenField);
  let start = 0;
  if (token !== undefined) {
    const after = decodeToken(token, operation, pool.userPoolId);
    start = firstAfter(keys, after);
  }
  // Limit 0 is AWS's "the default page size".
  const size = limit === 0 ? MAX_PAGE : limit;
  const items = keys.slice(start, start + size);
  const next =
    start + size < keys.length
      ? encodeToken(operation, pool.userPoolId, items[items.length - 1])
      : undefined;
  return { items, next };
}

function encodeToken(op: string, pool: string, after: string): string {
  return Buffer.from(JSON.stringify({ op, pool, after })).toString('base64');
}

function decodeToken(token: string, op: string, pool: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (
      parsed?.op === op &&
      parsed.pool === pool &&
      typeof parsed.after === 'string'
    ) {
      return parsed.after;
    }
  } catch {
    // falls through to the error below
  }
  throw new AwsError('InvalidParameterException', 'Invalid pagination token.');
}

/** Index of the first key greater than `after` (keys are sorted). */
function firstAfter(keys: string[], after: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid] <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function userShape(user: PoolUser, wanted?: Set<string>) {
  return {
    Username: user.username,
    Attributes: attributesOf(user, wanted),
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function groupShape(pool: LocalUserPool, group: PoolGroup) {
  return {
    GroupName: group.groupName,
    UserPoolId: pool.userPoolId,
    ...(group.description !== undefined && { Description: group.description }),
    ...(group.precedence !== undefined && { Precedence: group.precedence }),
    CreationDate: seconds(group.createdAt),
    LastModifiedDate: seconds(group.modifiedAt),
  };
}

function attributesOf(user: PoolUser, wanted?: Set<string>) {
  const out: Array<{ Name: string; Value: string }> = [];
  for (const [Name, Value] of user.attributes) {
    if (!wanted || wanted.has(Name)) out.push({ Name, Value });
  }
  return out;
}

/** JSON 1.1 timestamps are epoch seconds. */
function seconds(ms: number): number {
  return ms / 1000;
}

function attributesToGet(input: Input): Set<string> | undefined {
  const value = input.AttributesToGet;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new AwsError(
      'InvalidParameterException',
      'AttributesToGet must be a list of attribute names.',
    );
  }
  return new Set(value as string[]);
}

function attributeList(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) {
    throw new AwsError(
      'InvalidParameterException',
      `${field} must be a list of attributes.`,
    );
  }
  const out: Record<string, string> = {};
  for (const item of value) {
    if (typeof item?.Name !== 'string' || typeof item?.Value !== 'string') {
      throw new AwsError(
        'InvalidParameterException',
        `Every item of ${field} needs a Name and a Value.`,
      );
    }
    out[item.Name] = item.Value;
  }
  return out;
}

const FILTER = /^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$/;
const FILTERABLE = new Set([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

/** ListUsers' Filter: `attribute = "value"` or `attribute ^= "prefix"`. */
function parseFilter(
  filter: string | undefined,
): ((user: PoolUser) => boolean) | undefined {
  if (filter === undefined || filter === '') return undefined;
  const match = FILTER.exec(filter);
  if (!match || !FILTERABLE.has(match[1])) {
    throw new AwsError(
      'InvalidParameterException',
      'Invalid search attribute or filter expression.',
    );
  }
  const [, attribute, operator, raw] = match;
  const wanted = raw.replace(/\\(.)/g, '$1');
  const valueOf = (user: PoolUser): string | undefined => {
    if (attribute === 'username') return user.username;
    if (attribute === 'cognito:user_status')
      return user.status as CognitoUserStatus;
    if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
    return user.attributes.get(attribute);
  };
  return user => {
    const value = valueOf(user);
    if (value === undefined) return false;
    return operator === '=' ? value === wanted : value.startsWith(wanted);
  };
}

function requiredString(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value at '${lowerFirst(
        field,
      )}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function optionalString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new AwsError(
      'SerializationException',
      `Value for ${field} must be a string.`,
    );
  }
  return value;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
