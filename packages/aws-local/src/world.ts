import { patterns } from '@studio-portal/plugin-sagemaker-studio-common';
import type { StandInWorld } from './types';

// The portal's own identifier rules (one source of truth).
const ROLE_ARN = patterns.roleArn;
/** Stricter than the API's pattern: ids as SageMaker generates them (d- and 12 characters). */
const DOMAIN_ID = /^d-[a-z0-9]{12}$/;
const ACCOUNT_ID = patterns.accountId;
const REGION = patterns.region;

/** Fails fast on a world the stand-in could not serve faithfully. */
export function validateWorld(world: StandInWorld): StandInWorld {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const caller of world.callers) {
    if (!caller.accessKeyId || !caller.secretAccessKey)
      problems.push(`caller ${caller.arn}: key and secret are required`);
    if (keys.has(caller.accessKeyId))
      problems.push(`caller key ${caller.accessKeyId} is listed twice`);
    if (caller.accessKeyId.startsWith('ASIA'))
      problems.push(
        `caller key ${caller.accessKeyId}: ASIA is for session keys`,
      );
    if (!/^arn:aws:(iam|sts)::\d{12}:/.test(caller.arn))
      problems.push(`caller arn ${caller.arn} is not an IAM or STS ARN`);
    keys.add(caller.accessKeyId);
  }
  for (const role of world.roles) {
    if (!ROLE_ARN.test(role.arn))
      problems.push(
        `role arn ${role.arn} is not arn:aws:iam::<12 digits>:role/<name>`,
      );
    const max = role.maxSessionDurationSeconds;
    if (
      max !== undefined &&
      !(Number.isInteger(max) && max >= 3600 && max <= 43200)
    ) {
      problems.push(
        `role ${role.arn}: maxSessionDurationSeconds must be 3600..43200`,
      );
    }
  }
  const domainIds = new Set<string>();
  for (const domain of world.domains) {
    if (!DOMAIN_ID.test(domain.domainId))
      problems.push(`domain id ${domain.domainId} is not d-[a-z0-9]{12}`);
    if (domainIds.has(domain.domainId))
      problems.push(`domain id ${domain.domainId} is listed twice`);
    domainIds.add(domain.domainId);
    if (
      typeof domain.accountId !== 'string' ||
      !ACCOUNT_ID.test(domain.accountId)
    )
      problems.push(
        `domain ${domain.domainId}: account ${domain.accountId} is not a string of 12 digits (quote it in YAML)`,
      );
    if (!REGION.test(domain.region))
      problems.push(
        `domain ${domain.domainId}: region ${domain.region} is not a region name`,
      );
    for (const space of domain.spaces ?? []) {
      if (
        space.ownerUserProfileName &&
        !domain.userProfiles.includes(space.ownerUserProfileName)
      ) {
        problems.push(
          `space ${space.spaceName}: owner ${space.ownerUserProfileName} is not a user profile of ${domain.domainId}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new TypeError(`Invalid stand-in world:\n- ${problems.join('\n- ')}`);
  }
  return world;
}
