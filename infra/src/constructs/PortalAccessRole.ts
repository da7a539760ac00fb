import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { USER_TAG_KEY } from '@studio-portal/plugin-sagemaker-studio-common';
import { acknowledge } from './acknowledge';

/**
 * Session tag the portal adds with the Backstage user entity ref, for
 * CloudTrail and attribute-based policies (see the backend plugin's
 * LobSessions). The trust allows it next to the profile tag and no other.
 * The key is the backend's own constant.
 */
export const PORTAL_USER_TAG_KEY = USER_TAG_KEY;

export interface PortalAccessRoleProps {
  roleName: string;
  /** The Backstage task role in the shared-services account: the only principal. */
  trustedRoleArn: string;
  /** sts:ExternalId the portal must send (a deploy-time secret reference). */
  externalId: string;
  /** Session tag that carries the user's Studio profile name. */
  profileTagKey: string;
  domainId: string;
  /** How cdk-nag renders domainId when it is an attribute of a resource in the stack. */
  domainNagRef?: string;
  /** The shared SageMaker API and Studio interface endpoints. */
  sourceVpceIds: string[];
}

/**
 * The role the portal assumes in a LOB account, once per signed-in user.
 *
 * Trust: only the portal task role, only with the ExternalId, only with a
 * SourceIdentity (the user, for CloudTrail) and the profile session tag, and
 * no tags but that one and the Backstage user tag. Permissions: a presigned URL only for the profile named by
 * that tag, only through the shared endpoints, and read access to the domain.
 */
export class PortalAccessRole extends Construct {
  readonly role: iam.CfnRole;

  constructor(scope: Construct, id: string, props: PortalAccessRoleProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const profileTag = `aws:PrincipalTag/${props.profileTagKey}`;
    const arn = (resource: string) =>
      `arn:${partition}:sagemaker:${region}:${account}:${resource}`;

    const trust = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'PortalTaskRoleOnly',
          principals: [new iam.ArnPrincipal(props.trustedRoleArn)],
          actions: [
            'sts:AssumeRole',
            'sts:TagSession',
            'sts:SetSourceIdentity',
          ],
          conditions: {
            StringEquals: { 'sts:ExternalId': props.externalId },
            Null: {
              'sts:SourceIdentity': 'false',
              [`aws:RequestTag/${props.profileTagKey}`]: 'false',
            },
            'ForAllValues:StringEquals': {
              'aws:TagKeys': [props.profileTagKey, PORTAL_USER_TAG_KEY],
            },
          },
        }),
      ],
    });

    const permissions = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'PresignedUrlForOwnProfileThroughSharedEndpoints',
          actions: ['sagemaker:CreatePresignedDomainUrl'],
          resources: [arn(`user-profile/${props.domainId}/\${${profileTag}}`)],
          conditions: {
            StringEquals: { 'aws:sourceVpce': props.sourceVpceIds },
          },
        }),
        new iam.PolicyStatement({
          sid: 'ReadTheDomain',
          actions: [
            'sagemaker:DescribeDomain',
            'sagemaker:DescribeUserProfile',
          ],
          resources: [
            arn(`domain/${props.domainId}`),
            arn(`user-profile/${props.domainId}/*`),
          ],
        }),
        new iam.PolicyStatement({
          // ListSpaces has no resource-level permissions in IAM; the portal
          // always filters by DomainIdEquals and only shows the user's spaces.
          sid: 'ListSpaces',
          actions: ['sagemaker:ListSpaces'],
          resources: ['*'],
        }),
      ],
    });

    this.role = new iam.CfnRole(this, 'Role', {
      roleName: props.roleName,
      description:
        'Assumed by the Studio portal per user to open SageMaker Studio',
      maxSessionDuration: 3600,
      assumeRolePolicyDocument: trust,
      policies: [{ policyName: 'studio-launch', policyDocument: permissions }],
    });
    this.acknowledgeReads(
      props.domainNagRef ?? props.domainId,
      region,
      account,
    );
  }

  /** The two wildcards of this role, both on read-only calls. */
  private acknowledgeReads(domainRef: string, region: string, account: string) {
    acknowledge(
      this.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:${region}:${account}:user-profile/${domainRef}/*]`,
      'DescribeUserProfile on profiles of this one domain (read-only); the presigned URL itself is limited to the tagged profile.',
    );
    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'sagemaker:ListSpaces supports no resource-level permissions; it is read-only and the portal filters by domain.',
    );
  }

  get roleArn(): string {
    return this.role.attrArn;
  }
}
