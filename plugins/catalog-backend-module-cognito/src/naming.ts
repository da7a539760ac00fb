import { createHash } from 'node:crypto';

/**
 * Which value of a pool user names their User entity.
 *
 * @public
 */
export type UserNameSource = 'username' | 'email';

/** A lowercase Backstage entity name: [a-z0-9] runs joined by single `-`, `_` or `.`. */
const PLAIN_NAME = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;
const MAX_NAME_LENGTH = 63;
const HASH_LENGTH = 12;
/** Every hashed name, and only those, ends like this. */
const HASHED_SUFFIX = new RegExp(`_[a-z2-7]{${HASH_LENGTH}}$`);
const MAX_READABLE_LENGTH = MAX_NAME_LENGTH - HASH_LENGTH - 1;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * The entity name of a Cognito user or group. The rule is injective (two
 * different keys never get one name) and local (a name depends on its own
 * key only), so a name never moves from one person to another when others
 * join or leave the pool: LOB memberships name users and groups by it.
 *
 * - A value that already is a lowercase Backstage name of at most 63
 *   characters, and does not end in `_` plus 12 of [a-z2-7], is the name.
 * - Anything else (capitals, `@`, spaces, accents, too long, or that
 *   ending) becomes a readable slug of at most 50 characters, `_`, and the
 *   first 12 base32 characters of the SHA-256 of the key (60 bits).
 *
 * The two forms cannot meet: only hashed names end in that suffix. Entity
 * refs compare case-insensitively, hence lowercase only.
 *
 * @public
 */
export function entityNameFor(value: string): string {
  return isPlainName(value) ? value : hashedName(value, value);
}

/**
 * The hashed form: a readable slug of `readable`, `_`, and the hash of `key`.
 *
 * @public
 */
export function hashedName(readable: string, key: string): string {
  return `${slug(readable)}_${hashOf(key)}`;
}

/**
 * A pool user's User entity name: by username (unique and immutable in the
 * pool), or by the local part of the email, always hashed with the
 * username so that two users sharing an email still get two names. Users
 * without an email are named by username in email mode too: both hash the
 * username, and plain names are never hashed ones.
 *
 * @public
 */
export function userEntityName(
  user: { username: string; email?: string },
  from: UserNameSource,
): string {
  if (from === 'email' && user.email) {
    const at = user.email.lastIndexOf('@');
    const local = at > 0 ? user.email.slice(0, at) : user.email;
    return hashedName(local, user.username);
  }
  return entityNameFor(user.username);
}

/**
 * A Cognito group's Group entity name (group names are unique in a pool).
 *
 * @public
 */
export function groupEntityName(groupName: string): string {
  return entityNameFor(groupName);
}

/** @public */
export function isPlainName(value: string): boolean {
  return (
    value.length <= MAX_NAME_LENGTH &&
    PLAIN_NAME.test(value) &&
    !HASHED_SUFFIX.test(value)
  );
}

/** Lowercase ASCII, accents dropped, other characters to `-`, one separator at a time. */
function slug(value: string): string {
  const ascii = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-_.]{2,}/g, run => run[0]);
  const trimmed = trimSeparators(ascii.slice(0, MAX_READABLE_LENGTH));
  return trimmed === '' ? 'x' : trimmed;
}

function trimSeparators(value: string): string {
  return value.replace(/^[-_.]+|[-_.]+$/g, '');
}

function hashOf(key: string): string {
  const digest = createHash('sha256').update(key, 'utf8').digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < HASH_LENGTH) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === HASH_LENGTH) break;
  }
  return out;
}
