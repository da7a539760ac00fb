import { patterns } from './patterns';

/**
 * Names and ARNs that the backend, the CDK app and the local AWS stand-in
 * must agree on.
 */

/**
 * Session tag that records the Backstage user on the assumed access role.
 *
 * @public
 */
export const USER_TAG_KEY = 'backstage-user';

/**
 * Tag on the Studio user profiles the portal creates (CreateUserProfile),
 * besides USER_TAG_KEY naming the user: says which portal made it.
 *
 * @public
 */
export const PROVISIONED_BY_TAG_KEY = 'provisioned-by';

/**
 * Default value of PROVISIONED_BY_TAG_KEY.
 *
 * @public
 */
export const DEFAULT_PROVISIONED_BY = 'sagemaker-studio-portal';

/**
 * Default session tag that carries the Studio user profile name.
 *
 * @public
 */
export const DEFAULT_PROFILE_TAG_KEY = 'studio-user-profile';

/**
 * Default name of the access role in every LOB account.
 *
 * @public
 */
export const DEFAULT_ACCESS_ROLE_NAME = 'SageMakerStudioPortalAccess';

/**
 * The AWS partition of a region: aws, aws-cn or aws-us-gov.
 *
 * @public
 */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The ARN of a LOB account's access role, in the partition of the LOB's region.
 *
 * @public
 */
export function accessRoleArn(lob: {
  accountId: string;
  region: string;
  roleName: string;
}): string {
  const arn = `arn:${partitionOf(lob.region)}:iam::${lob.accountId}:role/${
    lob.roleName
  }`;
  if (!patterns.roleArn.test(arn)) {
    throw new TypeError(
      `Not an IAM role ARN: account '${lob.accountId}', role '${lob.roleName}'`,
    );
  }
  return arn;
}
