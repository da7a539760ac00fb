import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SeedUser } from './seedFile';

export type CognitoSender = Pick<CognitoIdentityProviderClient, 'send'>;

export interface SeedUsersOptions {
  userPoolId: string;
  /**
   * Real pools: Cognito generates a temporary password and emails it; the
   * user sets their own (and MFA) at first sign-in. Otherwise the seed
   * file's passwords are set as permanent (demo pools only).
   */
  temporaryPasswords: boolean;
}

export interface SeedUsersResult {
  created: number;
  kept: number;
}

/**
 * Creates the seed file's users in the Cognito user pool (username = email,
 * email verified) and adds them to their groups. Existing users are kept;
 * group membership is (re)applied, which Cognito treats as idempotent.
 */
export async function seedUsers(
  client: CognitoSender,
  users: SeedUser[],
  options: SeedUsersOptions,
): Promise<SeedUsersResult> {
  const result: SeedUsersResult = { created: 0, kept: 0 };
  for (const user of users) {
    if (!options.temporaryPasswords && !user.password) {
      throw new Error(
        `${user.userRef} has no password in the seed file; use --temporary-passwords for real user pools`,
      );
    }
    let created = true;
    try {
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: options.userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
          ],
          DesiredDeliveryMediums: options.temporaryPasswords
            ? ['EMAIL']
            : undefined,
          MessageAction: options.temporaryPasswords ? undefined : 'SUPPRESS',
        }),
      );
    } catch (error) {
      if (
        (error as { name?: string } | null)?.name !== 'UsernameExistsException'
      )
        throw error;
      created = false;
    }
    if (created && !options.temporaryPasswords) {
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: options.userPoolId,
          Username: user.email,
          Password: user.password,
          Permanent: true,
        }),
      );
    }
    for (const group of user.groups) {
      await client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: options.userPoolId,
          Username: user.email,
          GroupName: group,
        }),
      );
    }
    result[created ? 'created' : 'kept'] += 1;
  }
  return result;
}
