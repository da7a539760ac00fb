import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  PROVISIONED_BY_TAG_KEY,
  USER_TAG_KEY,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { acknowledge } from './acknowledge';

/**
 * Session tag the portal adds with the Backstage user entity ref, for
 * CloudTrail and attribute-based policies (see the backend plugin's
 * LobSessions). The trust allows it next to the profile tag and no other.
 * The key is the backend's own constant.
 */
export const PORTAL_USER_TAG_KEY = USER_TAG_KEY;

export interface PortalAccessRoleProps {
  readonly roleName: string;
  /** The Backstage task role in the shared-services account: the only principal. */
  readonly trustedRoleArn: string;
  /** sts:ExternalId the portal must send (a deploy-time secret reference). */
  readonly externalId: string;
  /** Session tag that carries the user's Studio profile name. */
  readonly profileTagKey: string;
  readonly domainId: string;
  /** The shared SageMaker API and Studio interface endpoints. */
  readonly sourceVpceIds: string[];
  /**
   * Execution roles the portal may give the Studio user profiles it
   * creates (a LOB's `executionRoleName`).
   * @default - none: created profiles use the domain's default execution
   * role, which needs no iam:PassRole
   */
  readonly profileExecutionRoleArns?: string[];
}

/**
 * The role the portal assumes in a LOB account, once per signed-in user.
 *
 * Trust: only the portal task role, one statement per action, because STS
 * evaluates each action of the call with its own context keys (an evaluator
 * that checks keys per action, as AWS does, must reach the same answer):
 * AssumeRole with the ExternalId and a SourceIdentity (the user, for
 * CloudTrail), TagSession with the profile tag and no tags but that one and
 * the Backstage user tag, SetSourceIdentity with a SourceIdentity.
 *
 * Permissions: every call only through the shared endpoints
 * (aws:SourceVpce), a presigned URL, DescribeUserProfile and ListTags only
 * for the profile named by the session tag, DescribeDomain of this domain,
 * and ListSpaces and ListApps (which spaces run), which have no
 * resource-level permissions. For LOBs that
 * create profiles at the first launch: CreateUserProfile of that one
 * profile, only with a Backstage user tag equal to the session's own and
 * no tag keys but the portal's two, and AddTags only as part of that
 * create (sagemaker:TaggingAction), under the same conditions.
 */
export class PortalAccessRole extends Construct {
  readonly role: iam.CfnRole;

  constructor(scope: Construct, id: string, props: PortalAccessRoleProps) {
    super(scope, id);
    const profileTag = `aws:PrincipalTag/${props.profileTagKey}`;
    const arn = (resource: string) =>
      Stack.of(this).formatArn({
        service: 'sagemaker',
        resource,
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      });
    const portal = [new iam.ArnPrincipal(props.trustedRoleArn)];
    const sourceIdentityRequired = { 'sts:SourceIdentity': 'false' };

    const trust = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AssumeWithExternalIdAndSourceIdentity',
          principals: portal,
          actions: ['sts:AssumeRole'],
          conditions: {
            StringEquals: { 'sts:ExternalId': props.externalId },
            Null: sourceIdentityRequired,
          },
        }),
        new iam.PolicyStatement({
          sid: 'TagSessionWithTheProfileTagOnly',
          principals: portal,
          actions: ['sts:TagSession'],
          conditions: {
            Null: { [`aws:RequestTag/${props.profileTagKey}`]: 'false' },
            'ForAllValues:StringEquals': {
              'aws:TagKeys': [props.profileTagKey, PORTAL_USER_TAG_KEY],
            },
          },
        }),
        new iam.PolicyStatement({
          sid: 'SetSourceIdentity',
          principals: portal,
          actions: ['sts:SetSourceIdentity'],
          conditions: { Null: sourceIdentityRequired },
        }),
      ],
    });

    const throughSharedEndpoints = {
      StringEquals: { 'aws:SourceVpce': props.sourceVpceIds },
    };
    // The tags of a profile the portal creates: the Backstage user of this
    // very session (its session tag), and which portal made it; no others.
    const withTheUserTagOnly = {
      StringEquals: {
        ...throughSharedEndpoints.StringEquals,
        [`aws:RequestTag/${USER_TAG_KEY}`]: `\${aws:PrincipalTag/${USER_TAG_KEY}}`,
      },
      'ForAllValues:StringEquals': {
        'aws:TagKeys': [USER_TAG_KEY, PROVISIONED_BY_TAG_KEY],
      },
    };
    const taggedProfile = arn(
      `user-profile/${props.domainId}/\${${profileTag}}`,
    );
    const permissions = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'PresignedUrlForOwnProfileThroughSharedEndpoints',
          actions: ['sagemaker:CreatePresignedDomainUrl'],
          resources: [taggedProfile],
          conditions: throughSharedEndpoints,
        }),
        new iam.PolicyStatement({
          // ListTags: the portal reads who a profile belongs to before it opens one it created.
          sid: 'ReadOwnProfileThroughSharedEndpoints',
          actions: ['sagemaker:DescribeUserProfile', 'sagemaker:ListTags'],
          resources: [taggedProfile],
          conditions: throughSharedEndpoints,
        }),
        new iam.PolicyStatement({
          sid: 'CreateOwnProfileTaggedForTheUserThroughSharedEndpoints',
          actions: ['sagemaker:CreateUserProfile'],
          resources: [taggedProfile],
          conditions: withTheUserTagOnly,
        }),
        new iam.PolicyStatement({
          // SageMaker authorizes the Tags of a create as AddTags too.
          sid: 'TagOwnProfileOnlyWhenCreatingIt',
          actions: ['sagemaker:AddTags'],
          resources: [taggedProfile],
          conditions: {
            ...withTheUserTagOnly,
            StringEquals: {
              ...withTheUserTagOnly.StringEquals,
              'sagemaker:TaggingAction': 'CreateUserProfile',
            },
          },
        }),
        ...(props.profileExecutionRoleArns?.length
          ? [
              new iam.PolicyStatement({
                sid: 'PassExecutionRolesOfCreatedProfilesToSageMaker',
                actions: ['iam:PassRole'],
                resources: props.profileExecutionRoleArns,
                conditions: {
                  StringEquals: {
                    'iam:PassedToService': 'sagemaker.amazonaws.com',
                  },
                },
              }),
            ]
          : []),
        new iam.PolicyStatement({
          sid: 'ReadTheDomainThroughSharedEndpoints',
          actions: ['sagemaker:DescribeDomain'],
          resources: [arn(`domain/${props.domainId}`)],
          conditions: throughSharedEndpoints,
        }),
        new iam.PolicyStatement({
          // ListSpaces and ListApps have no resource-level permissions in
          // IAM; the portal always filters by DomainIdEquals, shows only the
          // user's spaces, and of the apps only whether a space's app runs.
          sid: 'ListSpacesAndAppsThroughSharedEndpoints',
          actions: ['sagemaker:ListSpaces', 'sagemaker:ListApps'],
          resources: ['*'],
          conditions: throughSharedEndpoints,
        }),
      ],
    });

    // L1: iam.Role requires assumedBy, which adds a trust statement of its own; this trust is exactly one statement per action.
    this.role = new iam.CfnRole(this, 'Role', {
      roleName: props.roleName,
      description:
        'Assumed by the Studio portal per user to open SageMaker Studio',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: trust,
      policies: [{ policyName: 'studio-launch', policyDocument: permissions }],
    });
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'sagemaker:ListSpaces and sagemaker:ListApps support no resource-level permissions; they are read-only, allowed only through the shared endpoints, and the portal filters by domain.',
    );
  }

  get roleArn(): string {
    return this.role.attrArn;
  }
}
