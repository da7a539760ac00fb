import { AwsError } from './http';
import type { ProfileCreation, StandInDomain } from './types';

/** SageMaker's UserProfileStatus values the stand-in reaches. */
export type ProfileStatus = 'Pending' | 'InService' | 'Failed';

export interface StandInUserProfile {
  domainId: string;
  name: string;
  /** Epoch ms. */
  createdAtMs: number;
  /** Epoch ms when a Pending profile settles (created profiles only). */
  settlesAtMs: number;
  outcome: 'InService' | 'Failed';
  tags: Record<string, string>;
  executionRole?: string;
  uid: number;
}

/** Default: a new profile is Pending for 2 s, then InService. */
export const DEFAULT_PROFILE_CREATION: Required<ProfileCreation> = {
  delayMs: 2000,
  outcome: 'InService',
};

/**
 * The user profiles of the stand-in's domains, as SageMaker keeps them: the
 * world's profiles are InService from the start; CreateUserProfile adds one
 * that is Pending until `delayMs` has passed and then InService (or Failed,
 * as configured). Names are unique per domain case-insensitively, as
 * SageMaker's are; a domain's `maxUserProfiles` is its quota.
 */
export class UserProfileBook {
  private readonly byDomain = new Map<
    string,
    Map<string, StandInUserProfile>
  >();
  private creation: Required<ProfileCreation>;
  private nextUid = 200000;

  constructor(
    domains: StandInDomain[],
    private readonly now: () => number,
    createdAtMs: number,
    creation: ProfileCreation = {},
  ) {
    this.creation = { ...DEFAULT_PROFILE_CREATION, ...defined(creation) };
    for (const domain of domains) {
      const profiles = new Map<string, StandInUserProfile>();
      for (const name of domain.userProfiles) {
        profiles.set(name.toLowerCase(), {
          domainId: domain.domainId,
          name,
          createdAtMs,
          settlesAtMs: createdAtMs,
          outcome: 'InService',
          tags: {},
          uid: this.nextUid++,
        });
      }
      this.byDomain.set(domain.domainId, profiles);
    }
  }

  setCreation(creation: ProfileCreation): void {
    this.creation = { ...this.creation, ...defined(creation) };
  }

  statusOf(profile: StandInUserProfile): ProfileStatus {
    return this.now() < profile.settlesAtMs ? 'Pending' : profile.outcome;
  }

  get(domainId: string, name: string): StandInUserProfile | undefined {
    return this.byDomain.get(domainId)?.get(name.toLowerCase());
  }

  list(domainId: string): StandInUserProfile[] {
    return [...(this.byDomain.get(domainId)?.values() ?? [])];
  }

  create(
    domain: StandInDomain,
    name: string,
    tags: Record<string, string>,
    executionRole: string | undefined,
    arn: string,
  ): StandInUserProfile {
    const profiles = this.byDomain.get(domain.domainId)!;
    if (profiles.has(name.toLowerCase())) {
      throw new AwsError('ResourceInUse', `Resource Already Exists: ${arn}`);
    }
    if (
      domain.maxUserProfiles !== undefined &&
      profiles.size >= domain.maxUserProfiles
    ) {
      throw new AwsError(
        'ResourceLimitExceeded',
        `The account-level service limit 'Maximum number of user profiles per domain' is ${domain.maxUserProfiles} UserProfiles, with current utilization of ${profiles.size} UserProfiles and a request delta of 1 UserProfiles.`,
      );
    }
    const nowMs = this.now();
    const profile: StandInUserProfile = {
      domainId: domain.domainId,
      name,
      createdAtMs: nowMs,
      settlesAtMs: nowMs + this.creation.delayMs,
      outcome: this.creation.outcome,
      tags,
      executionRole,
      uid: this.nextUid++,
    };
    profiles.set(name.toLowerCase(), profile);
    return profile;
  }

  /** Test and demo control: removes a profile (as DeleteUserProfile would, at once). */
  delete(domainId: string, name: string): boolean {
    return this.byDomain.get(domainId)?.delete(name.toLowerCase()) ?? false;
  }
}

function defined(creation: ProfileCreation): ProfileCreation {
  return Object.fromEntries(
    Object.entries(creation).filter(([, v]) => v !== undefined),
  );
}
