/**
 * Identifier patterns, taken from the AWS API references (SageMaker, IAM, STS)
 * and Backstage's entity naming rules, so that bad input is refused with a
 * clear 400 before anything reaches AWS or the tables. The infra app, the
 * seed command and the local AWS stand-in use these same patterns.
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
  /** SageMaker DomainName: the same rule as profile and space names. */
  domainName: /^[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}$/,
  /** IAM role name */
  roleName: /^[\w+=,.@-]{1,64}$/,
  /** An IAM role ARN in any partition; groups: partition, account, role name. */
  roleArn:
    /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/,
  /** STS RoleSessionName and SourceIdentity. */
  stsName: /^[\w+=,.@-]{2,64}$/,
  /** The characters of stsName (STS checks their length apart). */
  stsNameCharacters: /^[\w+=,.@-]*$/,
  /** STS session tag keys (1-128) and values (0-256) allow these characters. */
  stsTagCharacters: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u,
  /**
   * SageMaker LandingUri: `studio::<path>` or `app:<AppType>:<path>`. The path
   * is restricted to plain URL path characters; `..`, `//` and encoded tricks
   * are refused separately (isSafeLandingUri).
   */
  landingUri:
    /^(?:studio::|app:(?:JupyterServer|JupyterLab|RStudioServerPro|CodeEditor|Canvas):)[A-Za-z0-9/_.~%-]{0,900}$/,
  /** A Backstage user entity ref in full form: user:<namespace>/<name>. */
  userRef:
    /^user:[a-z0-9]+(?:[-_.][a-z0-9]+)*\/[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/,
  /** A Backstage group entity ref in full form: group:<namespace>/<name>. */
  groupRef:
    /^group:[a-z0-9]+(?:[-_.][a-z0-9]+)*\/[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/,
  /** What a membership names: a user, or a group whose members all belong. */
  memberRef:
    /^(?:user|group):[a-z0-9]+(?:[-_.][a-z0-9]+)*\/[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/,
  /** A Backstage namespace. */
  namespace: /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/,
} as const;

/**
 * Longest LOB display name, in the admin API, the seed and the infra config alike.
 *
 * @public
 */
export const DISPLAY_NAME_MAX_LENGTH = 128;

/**
 * Longest search text the admin listings accept (`?q=`): a display name
 * and then some.
 *
 * @public
 */
export const SEARCH_MAX_LENGTH = 128;

/**
 * Entity refs compare case-insensitively in Backstage; we store them lowercased.
 *
 * @public
 */
export function normalizeUserRef(userRef: string): string {
  return userRef.trim().toLocaleLowerCase('en-US');
}

/**
 * True for a group entity ref (`group:<ns>/<name>`), in any case.
 *
 * @public
 */
export function isGroupRef(ref: string): boolean {
  return ref.trim().toLocaleLowerCase('en-US').startsWith('group:');
}

/**
 * A LandingUri that matches `patterns.landingUri` and whose path, once
 * percent-decoded, still holds no `..`, `//`, backslash, query, fragment or
 * control character: `studio::%2e%2e/%2f%2f...` is refused like
 * `studio::../..`. Double encoding (a `%` left after decoding) is refused too.
 *
 * @public
 */
export function isSafeLandingUri(uri: string): boolean {
  if (!patterns.landingUri.test(uri)) return false;
  const path = uri.replace(/^(?:studio::|app:[A-Za-z]+:)/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false; // a lone or malformed % escape
  }
  return (
    !/\.\.|\/\/|[\\?#%]/.test(decoded) &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(decoded)
  );
}
