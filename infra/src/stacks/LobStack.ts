import { CfnOutput, SecretValue, Stack, StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { deployTimeAvailabilityZones } from './availabilityZones';
import type { AppConfig, LobConfig } from '../config/schema';
import { LobNetwork } from '../constructs/LobNetwork';
import { PortalAccessRole } from '../constructs/PortalAccessRole';
import { StudioDomain } from '../constructs/StudioDomain';
import {
  LOB_OUTPUTS,
  accessRoleName,
  portalTaskRoleArn,
  resolverRuleKeys,
  sharedParameterNames,
  ssmParameterArn,
} from '../naming';

export interface LobStackProps extends StackProps {
  readonly config: AppConfig;
  readonly lob: LobConfig;
}

/**
 * One line of business: its Studio VPC wired to the shared network, the
 * VpcOnly Studio domain and the access role the portal assumes.
 *
 * Values owned by the shared-services account come from SSM parameters that
 * account shares through RAM (read by ARN as template parameters) or are
 * derived from config (the portal task role's fixed name).
 */
export class LobStack extends Stack {
  /** AZs resolved at deploy time: no lookup, `cdk synth` stays offline. */
  override get availabilityZones(): string[] {
    return deployTimeAvailabilityZones();
  }

  readonly domain: StudioDomain;
  readonly accessRole: PortalAccessRole;

  constructor(scope: Construct, id: string, props: LobStackProps) {
    super(scope, id, props);
    const { config, lob } = props;
    const names = sharedParameterNames(config.prefix);
    const shared = (constructId: string, parameterName: string) =>
      ssm.StringParameter.fromStringParameterArn(
        this,
        constructId,
        ssmParameterArn(this, config, parameterName),
      ).stringValue;

    const network = new LobNetwork(this, 'Network', {
      cidr: lob.vpcCidr,
      maxAzs: lob.maxAzs,
      transitGatewayId: shared('TransitGatewayId', names.transitGatewayId),
      remoteCidrs: [config.sharedServices.vpcCidr, ...config.corporate.cidrs],
      resolverRuleIds: Object.fromEntries(
        resolverRuleKeys(config).map(key => [
          key,
          shared(`ResolverRule-${key}`, names.resolverRuleId(key)),
        ]),
      ),
      namePrefix: `${config.prefix}-${lob.lobId}`,
    });

    this.domain = new StudioDomain(this, 'Studio', {
      domainName: lob.domain.name,
      vpcId: network.vpc.vpcId,
      subnetIds: network.studioSubnetIds,
      securityGroup: network.studioSecurityGroup,
      dataBucketNames: lob.domain.dataBucketNames,
      userProfiles: lob.userProfiles,
    });

    const { arn, jsonField } = config.access.externalIdSecret;
    this.accessRole = new PortalAccessRole(this, 'PortalAccess', {
      roleName: accessRoleName(config, lob),
      trustedRoleArn: portalTaskRoleArn(this, config),
      // Resolved by CloudFormation at deploy time from the shared-services
      // secret (its resource policy admits the LOB accounts' deploy roles).
      externalId: SecretValue.secretsManager(arn, { jsonField }).unsafeUnwrap(),
      profileTagKey: config.access.profileTagKey,
      domainId: this.domain.domain.attrDomainId,
      profileExecutionRoleArns: lob.profileExecutionRoleNames.map(name =>
        this.formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: name,
        }),
      ),
      sourceVpceIds: [
        shared('SageMakerApiEndpointId', names.endpointId('sagemaker-api')),
        shared(
          'SageMakerStudioEndpointId',
          names.endpointId('sagemaker-studio'),
        ),
      ],
    });

    // The LOB's row in the portal's LOB table, read by `yarn seed
    // --cdk-outputs` from `cdk deploy --outputs-file`: nothing is copied by hand.
    const lobRow: Record<keyof typeof LOB_OUTPUTS, string> = {
      lobId: lob.lobId,
      displayName: lob.displayName,
      accountId: this.account,
      region: this.region,
      domainId: this.domain.domain.attrDomainId,
      roleName: accessRoleName(config, lob),
    };
    for (const [field, outputId] of Object.entries(LOB_OUTPUTS)) {
      new CfnOutput(this, outputId, {
        value: lobRow[field as keyof typeof LOB_OUTPUTS],
        description: `${field} of LOB ${lob.lobId} in the portal's LOB table`,
      });
    }
    new CfnOutput(this, 'AccessRoleArn', { value: this.accessRole.roleArn });
  }
}
