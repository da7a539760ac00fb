import { randomUUID, timingSafeEqual } from 'node:crypto';
import { AwsError } from './http';

/** A user of a stand-in pool, as seeded or created with AdminCreateUser. */
export interface CognitoSeedUser {
  /** The username; ignored (a UUID is made) when the pool signs in with email. */
  username: string;
  /** Standard or custom attributes, e.g. { email, name, 'custom:team' }. */
  attributes?: Record<string, string>;
  password?: string;
  /** Default true. */
  enabled?: boolean;
  /** Default CONFIRMED (with a password) or FORCE_CHANGE_PASSWORD. */
  status?: CognitoUserStatus;
  groups?: string[];
}

export interface CognitoSeedGroup {
  groupName: string;
  description?: string;
  precedence?: number;
}

export interface CognitoPoolDefinition {
  /** AWS-shaped: <region>_<9 alphanumerics>, e.g. us-east-1_LocalPool1. */
  userPoolId: string;
  /**
   * ['email']: users sign in with their email and get a UUID username, as
   * in the CDK app's pool (`signInAliases: { email: true }`). Default: none.
   */
  usernameAttributes?: Array<'email'>;
  groups?: CognitoSeedGroup[];
  users?: CognitoSeedUser[];
}

export type CognitoUserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'EXTERNAL_PROVIDER'
  | 'RESET_REQUIRED'
  | 'FORCE_CHANGE_PASSWORD';

export interface PoolUser {
  username: string;
  attributes: Map<string, string>;
  enabled: boolean;
  status: CognitoUserStatus;
  password?: string;
  createdAt: number;
  modifiedAt: number;
}

export interface PoolGroup {
  groupName: string;
  description?: string;
  precedence?: number;
  createdAt: number;
  modifiedAt: number;
  /** Usernames, in the order they were added. */
  members: Set<string>;
}

/** The claims the user pool puts in an ID token, for the local sign-in. */
export interface CognitoIdClaims {
  sub: string;
  'cognito:username': string;
  'cognito:groups': string[];
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export const USER_POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
/** Cognito's username and group name rules: printable, no whitespace for usernames. */
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const ATTRIBUTE_NAME = /^(?:custom:)?[\w:]{1,32}$/;
const IMMUTABLE_ATTRIBUTES = new Set(['sub']);

/**
 * One in-memory Cognito user pool with AWS's rules for what the portal and
 * its tests use: case-sensitive usernames, an email alias when the pool
 * signs in with email, groups with members, disabled users, and AWS's
 * error names. Usernames are kept sorted so that paging is stable.
 */
export class LocalUserPool {
  readonly userPoolId: string;
  private readonly usernameAttributes: ReadonlyArray<'email'>;
  private readonly users = new Map<string, PoolUser>();
  private readonly groups = new Map<string, PoolGroup>();
  /** sub -> username: the ID token's subject names the user. */
  private readonly subs = new Map<string, string>();
  /** Lowercased email -> username, for pools that sign in with email. */
  private readonly emails = new Map<string, string>();
  private sortedUsernames: string[] | undefined;
  private sortedGroupNames: string[] | undefined;

  constructor(
    definition: CognitoPoolDefinition,
    private readonly now: () => number = Date.now,
  ) {
    if (!USER_POOL_ID.test(definition.userPoolId)) {
      throw new TypeError(
        `user pool id ${definition.userPoolId} is not <region>_<alphanumerics>`,
      );
    }
    this.userPoolId = definition.userPoolId;
    this.usernameAttributes = definition.usernameAttributes ?? [];
    for (const group of definition.groups ?? []) this.createGroup(group);
    for (const user of definition.users ?? []) this.seedUser(user);
  }

  get signsInWithEmail(): boolean {
    return this.usernameAttributes.includes('email');
  }

  /** Creates a user with a permanent password and its groups (seeding). */
  seedUser(user: CognitoSeedUser): PoolUser {
    const created = this.createUser(user.username, user.attributes ?? {}, {
      password: user.password,
      status:
        user.status ?? (user.password ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD'),
    });
    if (user.enabled === false) created.enabled = false;
    for (const group of user.groups ?? []) {
      if (!this.groups.has(group)) this.createGroup({ groupName: group });
      this.addUserToGroup(created.username, group);
    }
    return created;
  }

  createUser(
    username: string,
    givenAttributes: Record<string, string>,
    options: { password?: string; status?: CognitoUserStatus } = {},
  ): PoolUser {
    let attributes = givenAttributes;
    const email = attributes.email;
    let name = username;
    if (this.signsInWithEmail) {
      // Cognito takes the email as the sign-in name and makes a UUID username.
      if (!email && !username.includes('@')) {
        throw new AwsError(
          'InvalidParameterException',
          'Username should be an email.',
        );
      }
      name = randomUUID();
      attributes = { email: email ?? username, ...attributes };
      if (this.findByEmail(attributes.email)) {
        throw new AwsError(
          'UsernameExistsException',
          'An account with the given email already exists.',
        );
      }
    } else if (!USERNAME.test(username)) {
      throw new AwsError(
        'InvalidParameterException',
        "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      );
    }
    if (this.users.has(name)) {
      throw new AwsError(
        'UsernameExistsException',
        'User account already exists',
      );
    }
    for (const key of Object.keys(attributes)) this.checkAttributeName(key);
    const at = this.now();
    const user: PoolUser = {
      username: name,
      attributes: new Map(Object.entries(attributes)),
      enabled: true,
      status: options.status ?? 'FORCE_CHANGE_PASSWORD',
      password: options.password,
      createdAt: at,
      modifiedAt: at,
    };
    const sub = this.signsInWithEmail ? name : randomUUID();
    user.attributes.set('sub', sub);
    this.subs.set(sub, name);
    this.users.set(name, user);
    this.indexEmail(user);
    this.sortedUsernames = undefined;
    return user;
  }

  /** A user by username, or by email when the pool signs in with email. */
  getUser(usernameOrAlias: string): PoolUser {
    const user =
      this.users.get(usernameOrAlias) ??
      (this.signsInWithEmail ? this.findByEmail(usernameOrAlias) : undefined);
    if (!user) {
      throw new AwsError('UserNotFoundException', 'User does not exist.');
    }
    return user;
  }

  deleteUser(usernameOrAlias: string): void {
    const user = this.getUser(usernameOrAlias);
    this.users.delete(user.username);
    this.subs.delete(user.attributes.get('sub')!);
    this.unindexEmail(user);
    for (const group of this.groups.values())
      group.members.delete(user.username);
    this.sortedUsernames = undefined;
  }

  setEnabled(usernameOrAlias: string, enabled: boolean): void {
    const user = this.getUser(usernameOrAlias);
    user.enabled = enabled;
    user.modifiedAt = this.now();
  }

  setPassword(usernameOrAlias: string, password: string, permanent: boolean) {
    const user = this.getUser(usernameOrAlias);
    user.password = password;
    user.status = permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    user.modifiedAt = this.now();
  }

  updateAttributes(
    usernameOrAlias: string,
    attributes: Record<string, string>,
  ) {
    const user = this.getUser(usernameOrAlias);
    for (const [key, value] of Object.entries(attributes)) {
      this.checkAttributeName(key);
      if (IMMUTABLE_ATTRIBUTES.has(key)) {
        throw new AwsError(
          'InvalidParameterException',
          `Cannot modify the non-mutable attribute ${key}`,
        );
      }
      if (key === 'email') this.unindexEmail(user);
      user.attributes.set(key, value);
      if (key === 'email') this.indexEmail(user);
    }
    user.modifiedAt = this.now();
  }

  createGroup(group: CognitoSeedGroup): PoolGroup {
    if (!GROUP_NAME.test(group.groupName)) {
      throw new AwsError(
        'InvalidParameterException',
        "1 validation error detected: Value at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      );
    }
    if (this.groups.has(group.groupName)) {
      throw new AwsError(
        'GroupExistsException',
        'A group with the name already exists.',
      );
    }
    const at = this.now();
    const created: PoolGroup = {
      groupName: group.groupName,
      description: group.description,
      precedence: group.precedence,
      createdAt: at,
      modifiedAt: at,
      members: new Set(),
    };
    this.groups.set(group.groupName, created);
    this.sortedGroupNames = undefined;
    return created;
  }

  getGroup(groupName: string): PoolGroup {
    const group = this.groups.get(groupName);
    if (!group) {
      throw new AwsError('ResourceNotFoundException', 'Group not found.');
    }
    return group;
  }

  deleteGroup(groupName: string): void {
    this.getGroup(groupName);
    this.groups.delete(groupName);
    this.sortedGroupNames = undefined;
  }

  addUserToGroup(usernameOrAlias: string, groupName: string): void {
    const user = this.getUser(usernameOrAlias);
    this.getGroup(groupName).members.add(user.username);
  }

  removeUserFromGroup(usernameOrAlias: string, groupName: string): void {
    const user = this.getUser(usernameOrAlias);
    this.getGroup(groupName).members.delete(user.username);
  }

  groupsOf(usernameOrAlias: string): PoolGroup[] {
    const user = this.getUser(usernameOrAlias);
    return this.groupNames()
      .map(name => this.groups.get(name)!)
      .filter(group => group.members.has(user.username));
  }

  /** Usernames in Cognito's listing order (here: sorted, so pages are stable). */
  usernames(): string[] {
    this.sortedUsernames ??= [...this.users.keys()].sort();
    return this.sortedUsernames;
  }

  groupNames(): string[] {
    this.sortedGroupNames ??= [...this.groups.keys()].sort();
    return this.sortedGroupNames;
  }

  userByUsername(username: string): PoolUser | undefined {
    return this.users.get(username);
  }

  /** The user whose `sub` this is (the subject of their ID tokens). */
  userBySub(sub: string): PoolUser | undefined {
    const username = this.subs.get(sub);
    return username === undefined ? undefined : this.users.get(username);
  }

  /**
   * The password check of the hosted sign-in: the user, or undefined for a
   * wrong name or password; a disabled user is refused as Cognito does.
   */
  verifyPassword(
    usernameOrAlias: string,
    password: string,
  ): PoolUser | undefined {
    let user: PoolUser;
    try {
      user = this.getUser(usernameOrAlias);
    } catch {
      return undefined;
    }
    if (!user.password || !sameSecret(user.password, password))
      return undefined;
    if (!user.enabled) {
      throw new AwsError('NotAuthorizedException', 'User is disabled.');
    }
    return user;
  }

  /** What the pool puts in the user's ID token. */
  idTokenClaims(usernameOrAlias: string): CognitoIdClaims {
    const user = this.getUser(usernameOrAlias);
    const email = user.attributes.get('email');
    const name = user.attributes.get('name');
    return {
      sub: user.attributes.get('sub')!,
      'cognito:username': user.username,
      'cognito:groups': this.groupsOf(user.username).map(g => g.groupName),
      ...(email !== undefined && {
        email,
        email_verified: user.attributes.get('email_verified') === 'true',
      }),
      ...(name !== undefined && { name }),
    };
  }

  private findByEmail(email: string): PoolUser | undefined {
    const username = this.emails.get(email.toLowerCase());
    return username === undefined ? undefined : this.users.get(username);
  }

  private indexEmail(user: PoolUser) {
    const email = user.attributes.get('email');
    if (email !== undefined && !this.emails.has(email.toLowerCase())) {
      this.emails.set(email.toLowerCase(), user.username);
    }
  }

  private unindexEmail(user: PoolUser) {
    const email = user.attributes.get('email')?.toLowerCase();
    if (email !== undefined && this.emails.get(email) === user.username) {
      this.emails.delete(email);
    }
  }

  private checkAttributeName(name: string) {
    if (!ATTRIBUTE_NAME.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `Attribute does not exist in the schema: ${name}`,
      );
    }
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
