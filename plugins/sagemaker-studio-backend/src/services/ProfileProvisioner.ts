import {
  CreateUserProfileCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  ListTagsCommand,
  type $Command,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-sagemaker';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  CustomErrorBase,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  PROVISIONED_BY_TAG_KEY,
  USER_TAG_KEY,
  accessRoleArn,
  normalizeUserRef,
  partitionOf,
  profileClaimKey,
  type ProfileStatus,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { Request } from 'express';
import { LRUCache } from 'lru-cache';
import type { StudioConfig } from '@studio-portal/plugin-sagemaker-studio-node';
import { AuditSession } from '../audit';
import {
  AwsTimeoutError,
  AwsUpstreamError,
  awsErrorDetailOf,
  awsErrorNameOf,
  type AwsCallContext,
} from './awsErrors';
import { cacheClock } from './cacheClock';
import type { ProvisionedProfileStore } from './ProvisionedProfileStore';
import { stsTagValue } from './sessionIdentity';
import type { LaunchTarget } from './StudioLauncher';
import type { ProfileProvisioning, StudioSessionCalls } from './types';

/** SageMaker states in which a profile opens. */
const USABLE = new Set(['InService', 'Updating', 'Update_Failed']);
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);
/** How long "this profile exists and is theirs" is remembered in process. */
const READY_TTL_MS = 15 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

/** A SageMaker command that answers `Output`. */
type SageMakerCommand<Output extends ServiceOutputTypes> = $Command<
  any,
  Output,
  any,
  ServiceInputTypes,
  ServiceOutputTypes
>;

/** What SageMaker says about a profile; undefined when it does not exist. */
interface Look {
  status: string;
  arn: string;
  failureReason?: string;
}

/** One profile being created (or waited for) in this process. */
interface Job {
  startedAt: number;
  awsStatus?: string;
  ready: boolean;
  error?: Error;
  /** Settles once the job knows whether the profile is usable or being created. */
  firstLook: Promise<void>;
}

/** A provisioning failure with a status and a message a data scientist can act on. */
export class ProvisioningError extends CustomErrorBase {
  name = 'ProvisioningError' as const;
  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}

/**
 * Creates a member's Studio user profile at their first launch, in LOBs
 * with `provisionProfiles`, and waits (bounded) until SageMaker has it
 * InService.
 *
 * - A launch asks `prepare`: a usable profile that is theirs answers
 *   `ready` (and is remembered); a missing one is created in the background
 *   (CreateUserProfile in the user's own role session, tagged with the
 *   Backstage user and the portal, with the LOB's execution role or the
 *   domain's default) and answers `creating`; the card and the launch page
 *   poll `status` until it is `ready`, then launch again.
 * - Two clicks at once share one job in this process; on another replica
 *   CreateUserProfile answers ResourceInUse and that replica waits for the
 *   same profile.
 * - A profile whose `backstage-user` tag names someone else is refused;
 *   one without the tag (made by an administrator) is used.
 * - Failures (quota, domain not InService, denied, Failed, too slow) are
 *   reported once with a clear message; the next launch starts anew. AWS's
 *   own text stays on the error for the log only.
 */
export class ProfileProvisioner implements ProfileProvisioning {
  private readonly jobs = new Map<string, Job>();
  /** Profiles seen usable: a launch within READY_TTL_MS asks AWS nothing. */
  private readonly ready: LRUCache<string, true>;

  constructor(
    private readonly sessions: StudioSessionCalls,
    private readonly records: Pick<ProvisionedProfileStore, 'record'>,
    private readonly config: StudioConfig,
    private readonly logger: LoggerService,
    private readonly auditor?: AuditorService,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = ms =>
      new Promise(resolve => setTimeout(resolve, ms).unref()),
  ) {
    this.ready = new LRUCache({
      max: MAX_REMEMBERED,
      ttl: READY_TTL_MS,
      ...cacheClock(now),
    });
  }

  /** For a launch: `ready`, or `creating` while a job creates it. Failures throw. */
  async prepare(
    userRef: string,
    target: LaunchTarget,
    request?: Request,
  ): Promise<ProfileStatus> {
    const key = jobKey(userRef, target);
    if (this.isReady(key)) return this.statusOf(target, 'ready');
    const job = this.jobs.get(key) ?? this.start(key, userRef, target, request);
    await job.firstLook;
    return this.report(key, job, target);
  }

  /** For GET /profile: the profile's state; starts nothing. Failures throw (once). */
  async status(userRef: string, target: LaunchTarget): Promise<ProfileStatus> {
    const key = jobKey(userRef, target);
    if (this.isReady(key)) return this.statusOf(target, 'ready');
    const job = this.jobs.get(key);
    if (job) return this.report(key, job, target);
    const look = await this.describe(userRef, target);
    if (!look) return this.statusOf(target, 'missing');
    if (USABLE.has(look.status)) {
      await this.assertTheirs(userRef, target, look);
      this.markReady(key);
      return this.statusOf(target, 'ready', look.status);
    }
    if (look.status === 'Pending') {
      return this.statusOf(target, 'creating', look.status);
    }
    throw this.unusable(target, look);
  }

  /** Forgets that a profile was usable (e.g. a launch found it gone). */
  forget(userRef: string, target: LaunchTarget): void {
    this.ready.delete(jobKey(userRef, target));
  }

  private report(key: string, job: Job, target: LaunchTarget): ProfileStatus {
    if (job.error) {
      // Reported once: the next launch starts anew.
      if (this.jobs.get(key) === job) this.jobs.delete(key);
      throw job.error;
    }
    if (job.ready) return this.statusOf(target, 'ready', job.awsStatus);
    return {
      ...this.statusOf(target, 'creating', job.awsStatus),
      startedAt: new Date(job.startedAt).toISOString(),
      elapsedSeconds: Math.max(
        0,
        Math.round((this.now() - job.startedAt) / 1000),
      ),
    };
  }

  private start(
    key: string,
    userRef: string,
    target: LaunchTarget,
    request?: Request,
  ): Job {
    let settleFirstLook!: () => void;
    const job: Job = {
      startedAt: this.now(),
      ready: false,
      firstLook: new Promise<void>(resolve => {
        settleFirstLook = resolve;
      }),
    };
    this.jobs.set(key, job);
    this.run(key, job, userRef, target, settleFirstLook, request).finally(
      settleFirstLook,
    );
    return job;
  }

  private async run(
    key: string,
    job: Job,
    userRef: string,
    target: LaunchTarget,
    settleFirstLook: () => void,
    request?: Request,
  ): Promise<void> {
    try {
      let look = await this.describe(userRef, target);
      if (look) {
        await this.assertTheirs(userRef, target, look);
      } else {
        await this.assertDomainInService(userRef, target);
        look = await this.create(userRef, target, request);
      }
      job.awsStatus = look.status;
      const deadline = job.startedAt + this.config.provisioning.timeoutMs;
      while (!USABLE.has(look.status)) {
        if (look.status !== 'Pending') throw this.unusable(target, look);
        if (this.now() >= deadline) throw this.tooSlow(target);
        settleFirstLook();
        await this.sleep(this.config.provisioning.pollIntervalMs);
        const next = await this.describe(userRef, target);
        if (!next) {
          throw new ProvisioningError(
            `Your SageMaker Studio user profile '${target.userProfileName}' in domain ${target.lob.domainId} ` +
              `disappeared while it was being created. Try again; if it happens again, ask your portal administrators.`,
            502,
          );
        }
        look = next;
        job.awsStatus = look.status;
      }
      job.ready = true;
      this.markReady(key);
      if (this.jobs.get(key) === job) this.jobs.delete(key);
    } catch (error) {
      job.error = error as Error;
      this.logger.warn(
        `Studio user profile ${target.userProfileName} of line of business ${target.lob.lobId} ` +
          `(domain ${target.lob.domainId}) could not be provisioned: ${
            (error as Error).message
          }`,
        { ...awsErrorDetailOf(error) },
      );
    }
  }

  /** DescribeUserProfile; undefined when it does not exist. */
  private async describe(
    userRef: string,
    target: LaunchTarget,
  ): Promise<Look | undefined> {
    try {
      const out = await this.send(
        userRef,
        target,
        new DescribeUserProfileCommand({
          DomainId: target.lob.domainId,
          UserProfileName: target.userProfileName,
        }),
      );
      return {
        status: out.Status ?? 'Pending',
        arn: out.UserProfileArn ?? profileArn(target),
        failureReason: out.FailureReason,
      };
    } catch (error) {
      const name = awsErrorNameOf(error);
      if (name === 'ResourceNotFound' || name === 'ResourceNotFoundException')
        return undefined;
      throw this.mapped(error, target, 'reading');
    }
  }

  /** CreateUserProfile; ResourceInUse (another replica or click made it) means it exists. */
  private async create(
    userRef: string,
    target: LaunchTarget,
    request?: Request,
  ): Promise<Look> {
    const { lob } = target;
    const executionRole = lob.executionRoleName
      ? accessRoleArn({
          accountId: lob.accountId,
          region: lob.region,
          roleName: lob.executionRoleName,
        })
      : undefined;
    const audit =
      this.auditor &&
      (await AuditSession.start(this.auditor, {
        eventId: 'studio-profile-create',
        severityLevel: 'medium',
        request,
        meta: {
          user: normalizeUserRef(userRef),
          lobId: lob.lobId,
          accountId: lob.accountId,
          region: lob.region,
          domainId: lob.domainId,
          userProfileName: target.userProfileName,
          viaGroup: target.viaGroup ?? null,
          executionRole: executionRole ?? 'domain default',
        },
      }));
    try {
      const out = await this.send(
        userRef,
        target,
        new CreateUserProfileCommand({
          DomainId: lob.domainId,
          UserProfileName: target.userProfileName,
          Tags: [
            {
              Key: USER_TAG_KEY,
              Value: stsTagValue(normalizeUserRef(userRef)),
            },
            {
              Key: PROVISIONED_BY_TAG_KEY,
              Value: this.config.provisioning.provisionedBy,
            },
          ],
          ...(executionRole
            ? { UserSettings: { ExecutionRole: executionRole } }
            : {}),
        }),
      );
      await audit?.succeeded();
      await this.recordCreated(userRef, target);
      return {
        status: 'Pending',
        arn: out.UserProfileArn ?? profileArn(target),
      };
    } catch (error) {
      if (awsErrorNameOf(error) === 'ResourceInUse') {
        // Made meanwhile by another click or replica: wait for it, if it is theirs.
        await audit?.succeeded({ outcome: 'already-exists' });
        const look = await this.describe(userRef, target);
        if (!look) throw this.mapped(error, target, 'creating');
        await this.assertTheirs(userRef, target, look);
        return look;
      }
      const mapped = this.mapped(error, target, 'creating');
      await audit?.failed(mapped);
      throw mapped;
    }
  }

  /** One SageMaker command in the user's role session. */
  private send<Output extends ServiceOutputTypes>(
    userRef: string,
    target: LaunchTarget,
    command: SageMakerCommand<Output>,
  ): Promise<Output> {
    return this.sessions.inSession(userRef, target, (sagemaker, abortSignal) =>
      sagemaker.send(command, { abortSignal }),
    );
  }

  private async recordCreated(userRef: string, target: LaunchTarget) {
    try {
      await this.records.record({
        lobId: target.lob.lobId,
        domainId: target.lob.domainId,
        userProfileName: target.userProfileName,
        userRef: normalizeUserRef(userRef),
        ...(target.viaGroup ? { viaGroup: target.viaGroup } : {}),
        createdAt: new Date(this.now()).toISOString(),
      });
    } catch (error) {
      // The admin page's list only; the profile itself is made.
      this.logger.warn(
        `Could not record the Studio user profile ${
          target.userProfileName
        } the portal created: ${(error as Error).message}`,
      );
    }
  }

  private async assertDomainInService(
    userRef: string,
    target: LaunchTarget,
  ): Promise<void> {
    let status: string | undefined;
    try {
      const domain = await this.send(
        userRef,
        target,
        new DescribeDomainCommand({ DomainId: target.lob.domainId }),
      );
      status = domain.Status;
    } catch (error) {
      throw this.mapped(error, target, 'creating');
    }
    if (status !== 'InService') {
      throw new ProvisioningError(
        `SageMaker Studio domain ${target.lob.domainId} of line of business '${
          target.lob.lobId
        }' is ${
          status ?? 'not available'
        }, not InService, so your Studio user profile cannot be created now. Try again in a few minutes.`,
        503,
      );
    }
  }

  /** A profile whose backstage-user tag names another user is not theirs. */
  private async assertTheirs(
    userRef: string,
    target: LaunchTarget,
    look: Look,
  ): Promise<void> {
    let tags;
    try {
      tags = await this.send(
        userRef,
        target,
        new ListTagsCommand({ ResourceArn: look.arn }),
      );
    } catch (error) {
      throw this.mapped(error, target, 'reading the tags of');
    }
    const owner = tags.Tags?.find(t => t.Key === USER_TAG_KEY)?.Value;
    if (
      owner !== undefined &&
      owner !== stsTagValue(normalizeUserRef(userRef))
    ) {
      throw new NotAllowedError(
        `The SageMaker Studio user profile '${target.userProfileName}' in domain ${target.lob.domainId} ` +
          `belongs to another user (its ${USER_TAG_KEY} tag names them). Ask your portal administrators ` +
          `to give your membership its own profile name.`,
      );
    }
  }

  private unusable(target: LaunchTarget, look: Look): Error {
    const error =
      look.status === 'Failed'
        ? new ProvisioningError(
            `SageMaker could not create your Studio user profile '${target.userProfileName}' in domain ` +
              `${target.lob.domainId} (it is Failed). Ask your portal administrators to look at it and quote the correlation id.`,
            502,
          )
        : new ProvisioningError(
            `Your SageMaker Studio user profile '${target.userProfileName}' in domain ${target.lob.domainId} ` +
              `is ${look.status}. Ask your portal administrators.`,
            409,
          );
    return withAwsDetail(error, {
      awsError: look.status,
      awsMessage: look.failureReason ?? '',
      step: 'describe',
      lobId: target.lob.lobId,
      domainId: target.lob.domainId,
    });
  }

  private tooSlow(target: LaunchTarget): Error {
    return new AwsTimeoutError(
      `Your SageMaker Studio user profile '${target.userProfileName}' is still being created after ` +
        `${Math.round(
          this.config.provisioning.timeoutMs / 1000,
        )} s. Try again in a few minutes.`,
    );
  }

  /** Words a SageMaker failure of provisioning; keeps AWS's detail for the log. */
  private mapped(error: unknown, target: LaunchTarget, doing: string): Error {
    // The role session itself failed: already worded (the trust policy).
    if (awsErrorDetailOf(error)?.step === 'assume-role') return error as Error;
    const name = awsErrorNameOf(error);
    const profile = `your Studio user profile '${target.userProfileName}' in domain ${target.lob.domainId}`;
    let mapped: Error | undefined;
    if (name === 'ResourceLimitExceeded') {
      mapped = new ConflictError(
        `SageMaker Studio domain ${target.lob.domainId} of line of business '${target.lob.lobId}' has reached ` +
          `its limit of user profiles, so ${profile} cannot be created. Ask your portal administrators to raise the quota.`,
      );
    } else if (name && ACCESS_DENIED.has(name)) {
      mapped = new NotAllowedError(
        `AWS denied ${doing} ${profile}. An administrator should check that the access role of line of business ` +
          `'${target.lob.lobId}' may call sagemaker:CreateUserProfile, DescribeUserProfile, ListTags and AddTags ` +
          `for the tagged profile, with the required tags, through the VPC endpoint.`,
      );
    } else if (name === 'ResourceInUse') {
      mapped = new ServiceUnavailableError(
        `SageMaker is busy with ${profile}. Try again in a moment.`,
      );
    } else if (name === 'ValidationException') {
      mapped = new AwsUpstreamError(
        `SageMaker refused ${doing} ${profile}. Quote the correlation id to your portal administrators.`,
      );
    }
    if (!mapped) return error as Error;
    const detail = awsErrorDetailOf(error);
    return detail ? withAwsDetail(mapped, detail) : mapped;
  }

  private statusOf(
    target: LaunchTarget,
    state: ProfileStatus['state'],
    awsStatus?: string,
  ): ProfileStatus {
    return {
      lobId: target.lob.lobId,
      userProfileName: target.userProfileName,
      state,
      ...(awsStatus ? { awsStatus } : {}),
    };
  }

  private isReady(key: string): boolean {
    // Not at the TTL itself, where the cache would still hold it.
    return this.ready.getRemainingTTL(key) > 0;
  }

  private markReady(key: string): void {
    this.ready.set(key, true);
  }
}

/**
 * One user's profile of one domain (profile names are case-insensitive in
 * SageMaker). Per user: what was checked for one user (the tag) says
 * nothing about another.
 */
function jobKey(userRef: string, target: LaunchTarget): string {
  const { accountId, region, domainId } = target.lob;
  return [
    accountId,
    region,
    domainId,
    profileClaimKey(target.userProfileName),
    normalizeUserRef(userRef),
  ].join('\u0000');
}

function profileArn(target: LaunchTarget): string {
  const { accountId, region, domainId } = target.lob;
  return `arn:${partitionOf(
    region,
  )}:sagemaker:${region}:${accountId}:user-profile/${domainId}/${
    target.userProfileName
  }`;
}

function withAwsDetail(
  error: Error,
  detail: Partial<AwsCallContext> & { awsError: string; awsMessage: string },
): Error {
  Object.defineProperty(error, 'awsErrorDetail', {
    value: detail,
    enumerable: false,
  });
  return error;
}
