/**
 * The portal's Cognito user pool as the catalog sees it: the annotations the
 * Cognito catalog provider writes on the User and Group entities it makes,
 * and which the sign-in resolver reads to find a signed-in user.
 *
 * @public
 */
export const cognitoAnnotations = {
  /** The pool an entity came from, e.g. us-east-1_AbCdEf123. */
  userPoolId: 'cognito.aws.amazon.com/user-pool-id',
  /** A user's immutable `sub`, the `sub` claim of their ID token. */
  sub: 'cognito.aws.amazon.com/sub',
  /** A user's Cognito username (`cognito:username`), as the pool spells it. */
  username: 'cognito.aws.amazon.com/username',
  /** A group's Cognito group name (`cognito:groups`), as the pool spells it. */
  groupName: 'cognito.aws.amazon.com/group-name',
} as const;

/** @public */
export const cognitoPatterns = {
  /** CreateUserPool's Id: <region>_<alphanumerics>. */
  userPoolId: /^[\w-]+_[0-9a-zA-Z]+$/,
} as const;
