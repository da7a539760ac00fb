import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { acknowledge, nagAttRef } from './acknowledge';
import { Construct } from 'constructs';

export interface StudioDomainProps {
  readonly domainName: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroup: ec2.ISecurityGroup;
  /** The only S3 buckets the execution role may use. */
  readonly dataBucketNames: string[];
  readonly userProfiles: string[];
}

/**
 * A SageMaker Studio domain reachable only from its VPC (VpcOnly) with IAM
 * authentication, a KMS key for its EFS volume, a least-privilege execution
 * role, and the configured user profiles.
 */
export class StudioDomain extends Construct {
  readonly domain: sagemaker.CfnDomain;
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: StudioDomainProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { account, region } = stack;
    const key = new kms.Key(this, 'Key', {
      enableKeyRotation: true,
      description: `Studio domain ${props.domainName} storage`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
      description: `Studio execution role of ${props.domainName}: its own domain and listed buckets only`,
    });

    // L1: SageMaker domains have no L2 in aws-cdk-lib.
    this.domain = new sagemaker.CfnDomain(this, 'Domain', {
      domainName: props.domainName,
      authMode: 'IAM',
      appNetworkAccessType: 'VpcOnly',
      vpcId: props.vpcId,
      subnetIds: props.subnetIds,
      kmsKeyId: key.keyArn,
      defaultUserSettings: {
        executionRole: this.executionRole.roleArn,
        securityGroups: [props.securityGroup.securityGroupId],
        studioWebPortal: 'ENABLED',
        defaultLandingUri: 'studio::',
      },
      defaultSpaceSettings: {
        executionRole: this.executionRole.roleArn,
        securityGroups: [props.securityGroup.securityGroupId],
      },
    });
    this.domain.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const domainId = this.domain.attrDomainId;
    const bucketArn = (bucketName: string) =>
      stack.formatArn({
        service: 's3',
        region: '',
        account: '',
        resource: bucketName,
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      });
    const arn = (resource: string) =>
      stack.formatArn({
        service: 'sagemaker',
        resource,
        arnFormat: ArnFormat.NO_RESOURCE_NAME,
      });
    const policy = new iam.Policy(this, 'ExecutionPolicy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'StudioAppsAndSpacesOfThisDomain',
          actions: [
            'sagemaker:CreateApp',
            'sagemaker:DeleteApp',
            'sagemaker:DescribeApp',
            'sagemaker:CreateSpace',
            'sagemaker:UpdateSpace',
            'sagemaker:DeleteSpace',
            'sagemaker:DescribeSpace',
            'sagemaker:DescribeUserProfile',
            'sagemaker:DescribeDomain',
            'sagemaker:AddTags',
          ],
          resources: [
            arn(`domain/${domainId}`),
            arn(`user-profile/${domainId}/*`),
            arn(`space/${domainId}/*`),
            arn(`app/${domainId}/*`),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'StudioListings',
          actions: [
            'sagemaker:ListApps',
            'sagemaker:ListSpaces',
            'sagemaker:ListUserProfiles',
            'sagemaker:ListTags',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'StudioLogs',
          actions: [
            'logs:CreateLogGroup',
            'logs:CreateLogStream',
            'logs:PutLogEvents',
          ],
          resources: [
            stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '/aws/sagemaker/*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'DomainStorageKey',
          actions: [
            'kms:Decrypt',
            'kms:GenerateDataKey',
            'kms:CreateGrant',
            'kms:DescribeKey',
          ],
          resources: [key.keyArn],
        }),
        ...(props.dataBucketNames.length > 0
          ? [
              new iam.PolicyStatement({
                sid: 'ListDataBuckets',
                actions: ['s3:ListBucket', 's3:GetBucketLocation'],
                resources: props.dataBucketNames.map(b => bucketArn(b)),
              }),
              new iam.PolicyStatement({
                sid: 'ReadWriteDataBuckets',
                actions: [
                  's3:GetObject',
                  's3:PutObject',
                  's3:DeleteObject',
                  's3:AbortMultipartUpload',
                ],
                resources: props.dataBucketNames.map(b => `${bucketArn(b)}/*`),
              }),
            ]
          : []),
      ],
    });
    policy.attachToRole(this.executionRole);
    const nagArn = (resource: string) =>
      `arn:<AWS::Partition>:${resource.replace(
        '<domain>',
        nagAttRef(this.domain, 'DomainId'),
      )}`;
    const wildcards: Array<[string, string]> = [
      [
        `sagemaker:${region}:${account}:app/<domain>/*`,
        'Studio apps are created per user at run time; the wildcard stays inside this domain.',
      ],
      [
        `sagemaker:${region}:${account}:space/<domain>/*`,
        'Spaces are created by users at run time; the wildcard stays inside this domain.',
      ],
      [
        `sagemaker:${region}:${account}:user-profile/<domain>/*`,
        'Profiles of this domain only; Studio describes the signed-in profile.',
      ],
      [
        `logs:${region}:${account}:log-group:/aws/sagemaker/*`,
        'SageMaker writes app logs to log groups under /aws/sagemaker only.',
      ],
      ...props.dataBucketNames.map((bucket): [string, string] => [
        `s3:::${bucket}/*`,
        `Objects of the configured data bucket ${bucket}, the only S3 access of this role.`,
      ]),
    ];
    for (const [resource, reason] of wildcards) {
      acknowledge(
        policy,
        `AwsSolutions-IAM5[Resource::${nagArn(resource)}]`,
        reason,
      );
    }
    acknowledge(
      policy,
      'AwsSolutions-IAM5[Resource::*]',
      'sagemaker:ListApps, ListSpaces, ListUserProfiles and ListTags support no resource-level permissions.',
    );

    props.userProfiles.forEach(userProfileName => {
      // L1: SageMaker user profiles have no L2 in aws-cdk-lib.
      const profile = new sagemaker.CfnUserProfile(
        this,
        `Profile-${userProfileName}`,
        {
          domainId,
          userProfileName,
        },
      );
      profile.applyRemovalPolicy(RemovalPolicy.RETAIN);
    });
  }
}
