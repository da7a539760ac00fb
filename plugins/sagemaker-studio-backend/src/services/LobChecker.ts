import {
  DescribeDomainCommand,
  DescribeUserProfileCommand,
} from '@aws-sdk/client-sagemaker';
import {
  effectiveUserProfileName,
  normalizeUserRef,
  type CheckResult,
  type CheckStep,
  type Lob,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { StudioConfig } from '@studio-portal/plugin-sagemaker-studio-node';
import { awsErrorNameOf, toStudioError } from './awsErrors';
import { accessRoleArn } from './StudioLauncher';
import type { AwsCallTimeout, LobCheck, RoleSessions } from './types';

/** Profile tag value of a check run without a user. */
const NO_PROFILE = 'portal-check';

/**
 * Walks the launch path for one LOB, step by step, as an admin: assume the
 * access role (as the admin, tagged with the user's profile), describe the
 * domain, describe the user's profile. Stops at the first failure and
 * reports AWS's error for it.
 */
export class LobChecker implements LobCheck {
  constructor(
    private readonly sessions: Pick<RoleSessions, 'get'>,
    private readonly clients: AwsCallTimeout,
    private readonly config: StudioConfig,
  ) {}

  async check(
    lob: Lob,
    adminRef: string,
    user?: { userRef: string; userProfileName?: string },
  ): Promise<Omit<CheckResult, 'profileCollisions'>> {
    const steps: CheckStep[] = [];
    const roleArn = accessRoleArn(lob, this.config.access.roleName);
    const profile = user
      ? effectiveUserProfileName({
          userRef: normalizeUserRef(user.userRef),
          userProfileName: user.userProfileName,
        })
      : undefined;
    const ctx = {
      lobId: lob.lobId,
      accountId: lob.accountId,
      roleArn,
      domainId: lob.domainId,
      userProfileName: profile,
      timeoutMs: this.config.aws.callTimeoutMs,
    };
    const result = (ok: boolean) => ({ lobId: lob.lobId, ok, steps });
    const failed = (step: CheckStep['step'], error: unknown, mapped: Error) => {
      steps.push({
        step,
        ok: false,
        detail: mapped.message,
        awsError: awsErrorNameOf(mapped) ?? (error as Error)?.name,
      });
      return result(false);
    };

    let session;
    try {
      session = await this.sessions.get({
        lobId: lob.lobId,
        accountId: lob.accountId,
        region: lob.region,
        roleArn,
        userRef: normalizeUserRef(adminRef),
        userProfileName: profile ?? NO_PROFILE,
      });
      steps.push({
        step: 'assume-role',
        ok: true,
        detail: `Assumed the access role ${
          lob.roleName ?? this.config.access.roleName
        } in account ${lob.accountId}`,
      });
    } catch (error) {
      return failed('assume-role', error, error as Error);
    }

    try {
      const domain = await this.clients.withCallTimeout(abortSignal =>
        session.sagemaker.send(
          new DescribeDomainCommand({ DomainId: lob.domainId }),
          { abortSignal },
        ),
      );
      steps.push({
        step: 'describe-domain',
        ok: true,
        detail: `${domain.DomainName ?? lob.domainId} is ${
          domain.Status
        }; network ${domain.AppNetworkAccessType}, auth ${domain.AuthMode}`,
      });
    } catch (error) {
      return failed(
        'describe-domain',
        error,
        toStudioError(error, {
          ...ctx,
          step: 'describe',
          userProfileName: undefined,
        }),
      );
    }

    if (profile) {
      try {
        const userProfile = await this.clients.withCallTimeout(abortSignal =>
          session.sagemaker.send(
            new DescribeUserProfileCommand({
              DomainId: lob.domainId,
              UserProfileName: profile,
            }),
            { abortSignal },
          ),
        );
        steps.push({
          step: 'describe-user-profile',
          ok: true,
          detail: `${profile} is ${userProfile.Status}`,
        });
      } catch (error) {
        return failed(
          'describe-user-profile',
          error,
          toStudioError(error, { ...ctx, step: 'describe' }),
        );
      }
    }
    return result(true);
  }
}
