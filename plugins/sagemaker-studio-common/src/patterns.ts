/**
 * Identifier patterns, taken from the AWS API references (SageMaker, IAM, STS)
 * and Backstage's entity naming rules, so that bad input is refused with a
 * clear 400 before anything reaches AWS or the tables.
 *
 * @public
 */
export const patterns = {
  /** Our own LOB identifier: a lowercase slug. */
  lobId: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  accountId: /^\d{12}$/,
  /** e.g. us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5 */
  region: /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/,
  /** SageMaker DomainId: `d-(-*[a-z0-9]){1,61}` */
  domainId: /^d-(?:-*[a-z0-9]){1,61}$/,
  /** SageMaker UserProfileName and SpaceName: `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` */
  userProfileName: /^[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}$/,
  spaceName: /^[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}$/,
  /** IAM role name */
  roleName: /^[\w+=,.@-]{1,64}$/,
  /**
   * SageMaker LandingUri: `studio::<path>` or `app:<AppType>:<path>`. The path
   * is restricted to plain URL path characters; `..` is refused separately.
   */
  landingUri:
    /^(?:studio::|app:(?:JupyterServer|JupyterLab|RStudioServerPro|CodeEditor|Canvas):)[A-Za-z0-9/_.~%-]{0,900}$/,
  /** A Backstage user entity ref in full form: user:<namespace>/<name>. */
  userRef:
    /^user:[a-z0-9]+(?:[-_.][a-z0-9]+)*\/[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/,
} as const;

/**
 * Entity refs compare case-insensitively in Backstage; we store them lowercased.
 *
 * @public
 */
export function normalizeUserRef(userRef: string): string {
  return userRef.trim().toLocaleLowerCase('en-US');
}

/**
 * The Studio user profile a user gets when the membership does not name one:
 * the name part of the entity ref, if it is a valid profile name.
 *
 * @public
 */
export function defaultUserProfileName(userRef: string): string | undefined {
  const name = userRef.slice(userRef.indexOf('/') + 1);
  return patterns.userProfileName.test(name) ? name : undefined;
}
