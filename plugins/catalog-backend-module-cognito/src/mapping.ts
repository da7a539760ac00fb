import type {
  GroupType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type GroupEntity,
  type UserEntity,
} from '@backstage/catalog-model';
import { cognitoAnnotations } from '@studio-portal/plugin-sagemaker-studio-common';
import { groupEntityName, userEntityName, type UserNameSource } from './naming';

/** The attributes the provider reads (ListUsers' AttributesToGet). */
export const USER_ATTRIBUTES = [
  'sub',
  'email',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
] as const;

/**
 * Statuses of users who can sign in (or will at their first sign-in).
 * UNCONFIRMED users never finished signing up; AWS's deprecated ARCHIVED,
 * COMPROMISED and UNKNOWN are left out too.
 */
const SIGN_IN_STATUSES = new Set([
  'CONFIRMED',
  'EXTERNAL_PROVIDER',
  'FORCE_CHANGE_PASSWORD',
  'RESET_REQUIRED',
]);

/** @public */
export interface MappingContext {
  userPoolId: string;
  userNameFrom: UserNameSource;
  /** Group spec.type, e.g. 'team'. */
  groupType: string;
}

/**
 * A pool record the provider cannot turn into an entity; logged and skipped.
 *
 * @public
 */
export class BadRecordError extends Error {
  constructor(readonly record: string, reason: string) {
    super(`${record}: ${reason}`);
    this.name = 'BadRecordError';
  }
}

/**
 * Whether a user belongs in the catalog: enabled and able to sign in.
 *
 * @public
 */
export function isCatalogUser(user: UserType): boolean {
  return user.Enabled !== false && SIGN_IN_STATUSES.has(user.UserStatus ?? '');
}

/** The location every entity of one pool is managed by. */
export function poolLocation(userPoolId: string): string {
  return `cognito-user-pool:${userPoolId}`;
}

/** @public */
export function userToEntity(
  user: UserType,
  memberOf: string[],
  ctx: MappingContext,
): UserEntity {
  const username = user.Username;
  if (typeof username !== 'string' || username === '') {
    throw new BadRecordError('user without a username', 'no Username');
  }
  const attributes = new Map<string, string>();
  for (const attribute of user.Attributes ?? []) {
    if (
      typeof attribute?.Name === 'string' &&
      typeof attribute.Value === 'string'
    ) {
      attributes.set(attribute.Name, attribute.Value);
    }
  }
  const sub = attributes.get('sub');
  if (!sub) throw new BadRecordError(`user ${username}`, 'no sub attribute');
  const email = attributes.get('email') || undefined;
  const displayName = displayNameOf(attributes);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: userEntityName({ username, email }, ctx.userNameFrom),
      annotations: {
        ...locationAnnotations(ctx.userPoolId),
        [cognitoAnnotations.userPoolId]: ctx.userPoolId,
        [cognitoAnnotations.sub]: sub,
        [cognitoAnnotations.username]: username,
      },
    },
    spec: {
      profile: {
        ...(displayName && { displayName }),
        ...(email && { email }),
      },
      memberOf,
    },
  };
}

/** @public */
export function groupToEntity(
  group: GroupType,
  ctx: MappingContext,
): GroupEntity {
  const groupName = group.GroupName;
  if (typeof groupName !== 'string' || groupName === '') {
    throw new BadRecordError('group without a name', 'no GroupName');
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: groupEntityName(groupName),
      ...(group.Description && { description: group.Description }),
      annotations: {
        ...locationAnnotations(ctx.userPoolId),
        [cognitoAnnotations.userPoolId]: ctx.userPoolId,
        [cognitoAnnotations.groupName]: groupName,
      },
    },
    spec: {
      type: ctx.groupType,
      profile: { displayName: groupName },
      children: [],
    },
  };
}

function locationAnnotations(userPoolId: string) {
  const location = poolLocation(userPoolId);
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
}

/** `name`, else given and family name, else `preferred_username`. */
function displayNameOf(attributes: Map<string, string>): string | undefined {
  const name = attributes.get('name')?.trim();
  if (name) return name;
  const given = [attributes.get('given_name'), attributes.get('family_name')]
    .map(part => part?.trim())
    .filter(Boolean)
    .join(' ');
  return given || attributes.get('preferred_username')?.trim() || undefined;
}
