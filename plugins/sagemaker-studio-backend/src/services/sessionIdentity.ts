import { createHash } from 'node:crypto';
import { parseEntityRef } from '@backstage/catalog-model';
import { patterns } from '@studio-portal/plugin-sagemaker-studio-common';

const STS_NAME_MAX = 64;

/**
 * STS RoleSessionName and SourceIdentity allow [\w+=,.@-]{2,64}. We derive
 * both from the user entity ref so that CloudTrail in the LOB account names
 * the person: `user:default/jane.doe` becomes `jane.doe@default`.
 * Overlong names keep a hash suffix so that two users never collide.
 */
export function stsIdentityFor(userRef: string): string {
  const { namespace, name } = parseEntityRef(userRef, {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  const readable = `${name}@${namespace}`.replace(/[^\w+=,.@-]/g, '-');
  if (readable.length <= STS_NAME_MAX) {
    const short = readable.length >= 2 ? readable : `${readable}--`;
    if (patterns.stsName.test(short)) return short;
  }
  const hash = createHash('sha256').update(userRef).digest('hex').slice(0, 10);
  return `${readable.slice(0, STS_NAME_MAX - hash.length - 1)}-${hash}`;
}

/**
 * STS tag values allow [\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}; entity refs fit,
 * anything else is replaced.
 */
export function stsTagValue(value: string): string {
  const safe = [...value]
    .map(c => (patterns.stsTagCharacters.test(c) ? c : '-'))
    .join('');
  return safe.slice(0, 256);
}
