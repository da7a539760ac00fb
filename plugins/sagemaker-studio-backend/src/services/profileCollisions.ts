import {
  profileClaimKey,
  type ProfileCollision,
} from '@studio-portal/plugin-sagemaker-studio-common';
import {
  isGroupMembership,
  profileOf,
  type StoredMembership,
} from '@studio-portal/plugin-sagemaker-studio-node';

/** Profile names (compared as claims are: case-insensitively) that several members open. */
export function profileCollisionsOf(
  members: StoredMembership[],
): ProfileCollision[] {
  const byKey = new Map<
    string,
    { userProfileName: string; userRefs: Set<string> }
  >();
  for (const m of members) {
    // A group names no profile: each of its members derives their own.
    if (isGroupMembership(m)) continue;
    const name = profileOf(m);
    const entry = byKey.get(profileClaimKey(name)) ?? {
      userProfileName: name,
      userRefs: new Set<string>(),
    };
    entry.userRefs.add(m.userRef);
    byKey.set(profileClaimKey(name), entry);
  }
  return [...byKey.values()]
    .filter(e => e.userRefs.size > 1)
    .map(e => ({
      userProfileName: e.userProfileName,
      userRefs: [...e.userRefs].sort(),
    }))
    .sort((a, b) => a.userProfileName.localeCompare(b.userProfileName));
}
