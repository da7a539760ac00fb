import {
  CognitoIdentityProviderClient,
  paginateListGroups,
  paginateListUsers,
  paginateListUsersInGroup,
  type GroupType,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { USER_ATTRIBUTES } from './mapping';
import type { CognitoProviderConfig } from './config';

/**
 * The IAM actions of the calls the reader makes, and all the provider
 * needs: grant exactly these, on the one pool (the CDK app's task role
 * does, and local mode's stand-in allows its key no more).
 *
 * @public
 */
export const USER_POOL_READ_ACTIONS = [
  'cognito-idp:ListUsers',
  'cognito-idp:ListGroups',
  'cognito-idp:ListUsersInGroup',
] as const;

/**
 * The three read calls of one pool, page by page (tests pass fakes).
 *
 * @public
 */
export interface UserPoolReader {
  listUsers(): AsyncIterable<UserType[]>;
  listGroups(): AsyncIterable<GroupType[]>;
  /** Usernames of the group's members. */
  listUsersInGroup(groupName: string): AsyncIterable<string[]>;
}

/** Cognito's largest page for all three calls. */
const PAGE_SIZE = 60;

/**
 * Reads a pool with the SDK's paginators, 60 records a call. Throttling
 * (TooManyRequestsException) is retried by the SDK's adaptive retry mode,
 * which also slows the calls down to the rate Cognito accepts; `maxAttempts`
 * bounds the retries of one call, after which the whole run fails and the
 * catalog keeps what it had.
 *
 * @public
 */
export class SdkUserPoolReader implements UserPoolReader {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  static fromConfig(config: CognitoProviderConfig): SdkUserPoolReader {
    const client = new CognitoIdentityProviderClient({
      region: config.region,
      endpoint: config.endpoint,
      credentials: config.credentials,
      retryMode: 'adaptive',
      maxAttempts: config.maxAttempts,
    });
    return new SdkUserPoolReader(client, config.userPoolId);
  }

  async *listUsers(): AsyncIterable<UserType[]> {
    const pages = paginateListUsers(
      { client: this.client, pageSize: PAGE_SIZE },
      { UserPoolId: this.userPoolId, AttributesToGet: [...USER_ATTRIBUTES] },
    );
    for await (const page of pages) yield page.Users ?? [];
  }

  async *listGroups(): AsyncIterable<GroupType[]> {
    const pages = paginateListGroups(
      { client: this.client, pageSize: PAGE_SIZE },
      { UserPoolId: this.userPoolId },
    );
    for await (const page of pages) yield page.Groups ?? [];
  }

  async *listUsersInGroup(groupName: string): AsyncIterable<string[]> {
    const pages = paginateListUsersInGroup(
      { client: this.client, pageSize: PAGE_SIZE },
      { UserPoolId: this.userPoolId, GroupName: groupName },
    );
    for await (const page of pages) {
      yield (page.Users ?? []).flatMap(user =>
        typeof user.Username === 'string' ? [user.Username] : [],
      );
    }
  }
}
