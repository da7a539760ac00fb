import { parseEntityRef } from '@backstage/catalog-model';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { normalizeUserRef, patterns } from './patterns';

const PROFILE_NAME_MAX = 63;
/** 64 bits of SHA-256: collisions among even millions of users are negligible. */
const HASH_CHARS = 16;
/** What a default-namespace name must look like to be used as it is: no `--`. */
const PLAIN_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The Studio user profile a user gets when the membership does not name one.
 * Different entity refs never map to the same name:
 *
 * - `user:default/<name>` keeps `<name>` (lowercased) when it is already a
 *   plain profile name: letters, digits and single hyphens, at most 63.
 * - Everything else (other namespaces, `_` or `.` in the name, too long)
 *   becomes a readable prefix, `--`, and 16 hex digits of the SHA-256 of the
 *   normalized ref, e.g. `jane-doe-contractors--3f2a...`.
 *
 * Backstage entity names never hold `--`, so a plain name can never equal a
 * hashed one; and `user:contractors/jane` can no longer open the Studio
 * profile of `user:default/jane`.
 *
 * @public
 */
export function defaultUserProfileName(userRef: string): string {
  const ref = normalizeUserRef(userRef);
  const { namespace, name } = parseEntityRef(ref, {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  if (
    namespace === 'default' &&
    name.length <= PROFILE_NAME_MAX &&
    PLAIN_NAME.test(name)
  ) {
    return name;
  }
  const hash = bytesToHex(sha256(utf8ToBytes(ref))).slice(0, HASH_CHARS);
  const readable = [name, namespace === 'default' ? '' : namespace]
    .join('-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, PROFILE_NAME_MAX - HASH_CHARS - 2)
    .replace(/-+$/, '');
  return readable ? `${readable}--${hash}` : `u--${hash}`;
}

/**
 * The profile a membership opens: the one it names, else the derived default.
 *
 * @public
 */
export function effectiveUserProfileName(membership: {
  userRef: string;
  userProfileName?: string;
}): string {
  return (
    membership.userProfileName ?? defaultUserProfileName(membership.userRef)
  );
}

/**
 * Two profile names that differ only in case are one claim: a claim can
 * only refuse more, never let two users share a profile.
 *
 * @public
 */
export function profileClaimKey(userProfileName: string): string {
  return userProfileName.toLocaleLowerCase('en-US');
}

/**
 * True for a name SageMaker accepts as a user profile name.
 *
 * @public
 */
export function isUserProfileName(name: string): boolean {
  return patterns.userProfileName.test(name);
}
