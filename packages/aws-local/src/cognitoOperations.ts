import { AwsError } from './http';
import { cognitoRequest, MAX_PAGE } from './cognitoRequests';
import type {
  CognitoUserStatus,
  LocalUserPool,
  PoolGroup,
  PoolUser,
} from './cognitoPool';

type Input = Record<string, unknown>;

/** The operations of the Cognito user pools API (JSON 1.1) the stand-in serves. */
export type CognitoOperation = (pool: LocalUserPool, input: Input) => unknown;

export const COGNITO_OPERATIONS: Record<string, CognitoOperation> = {
  ListUsers: listUsers,
  ListGroups: listGroups,
  ListUsersInGroup: listUsersInGroup,
  AdminGetUser: (pool, input) => {
    const user = pool.getUser(cognitoRequest('AdminGetUser', input).Username);
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
    const request = cognitoRequest('AdminListGroupsForUser', input);
    const groups = pool.groupsOf(request.Username);
    const page = pageOf(
      groups.map(g => g.groupName),
      { limit: request.Limit, token: request.NextToken },
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
    const request = cognitoRequest('AdminCreateUser', input);
    const user = pool.createUser(
      request.Username,
      attributeMap(request.UserAttributes),
      { password: request.TemporaryPassword, status: 'FORCE_CHANGE_PASSWORD' },
    );
    return { User: userShape(user) };
  },
  AdminSetUserPassword: (pool, input) => {
    const request = cognitoRequest('AdminSetUserPassword', input);
    pool.setPassword(
      request.Username,
      request.Password,
      request.Permanent === true,
    );
    return {};
  },
  AdminUpdateUserAttributes: (pool, input) => {
    const request = cognitoRequest('AdminUpdateUserAttributes', input);
    pool.updateAttributes(
      request.Username,
      attributeMap(request.UserAttributes),
    );
    return {};
  },
  AdminDisableUser: (pool, input) => {
    pool.setEnabled(cognitoRequest('AdminDisableUser', input).Username, false);
    return {};
  },
  AdminEnableUser: (pool, input) => {
    pool.setEnabled(cognitoRequest('AdminEnableUser', input).Username, true);
    return {};
  },
  AdminDeleteUser: (pool, input) => {
    pool.deleteUser(cognitoRequest('AdminDeleteUser', input).Username);
    return {};
  },
  AdminAddUserToGroup: (pool, input) => {
    const request = cognitoRequest('AdminAddUserToGroup', input);
    pool.addUserToGroup(request.Username, request.GroupName);
    return {};
  },
  AdminRemoveUserFromGroup: (pool, input) => {
    const request = cognitoRequest('AdminRemoveUserFromGroup', input);
    pool.removeUserFromGroup(request.Username, request.GroupName);
    return {};
  },
  CreateGroup: (pool, input) => {
    const request = cognitoRequest('CreateGroup', input);
    const group = pool.createGroup({
      groupName: request.GroupName,
      description: request.Description,
      precedence: request.Precedence,
    });
    return { Group: groupShape(pool, group) };
  },
  DeleteGroup: (pool, input) => {
    pool.deleteGroup(cognitoRequest('DeleteGroup', input).GroupName);
    return {};
  },
};

function listUsers(pool: LocalUserPool, input: Input) {
  const request = cognitoRequest('ListUsers', input);
  const wanted = request.AttributesToGet && new Set(request.AttributesToGet);
  const filter = parseFilter(request.Filter);
  let usernames = pool.usernames();
  if (filter) {
    usernames = usernames.filter(name => filter(pool.userByUsername(name)!));
  }
  const page = pageOf(
    usernames,
    { limit: request.Limit, token: request.PaginationToken },
    'ListUsers',
    pool,
  );
  return {
    Users: page.items.map(name =>
      userShape(pool.userByUsername(name)!, wanted),
    ),
    ...(page.next && { PaginationToken: page.next }),
  };
}

function listGroups(pool: LocalUserPool, input: Input) {
  const request = cognitoRequest('ListGroups', input);
  const page = pageOf(
    pool.groupNames(),
    { limit: request.Limit, token: request.NextToken },
    'ListGroups',
    pool,
  );
  return {
    Groups: page.items.map(name => groupShape(pool, pool.getGroup(name))),
    ...(page.next && { NextToken: page.next }),
  };
}

function listUsersInGroup(pool: LocalUserPool, input: Input) {
  const request = cognitoRequest('ListUsersInGroup', input);
  const group = pool.getGroup(request.GroupName);
  const page = pageOf(
    [...group.members].sort(),
    { limit: request.Limit, token: request.NextToken },
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
  { limit = MAX_PAGE, token }: { limit?: number; token?: string },
  operation: string,
  pool: LocalUserPool,
): { items: string[]; next?: string } {
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

function attributeMap(
  list: Array<{ Name: string; Value: string }> = [],
): Record<string, string> {
  return Object.fromEntries(list.map(({ Name, Value }) => [Name, Value]));
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
