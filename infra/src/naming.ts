import type { Stack } from 'aws-cdk-lib';
import {
  accessRoleArn as roleArnOf,
  partitionOf,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { AppConfig, LobConfig } from './config/schema';

/**
 * Names and ARNs that several stacks (and accounts) must agree on. Keeping
 * them in one place is what replaces the reference design's hand-copied ids.
 */

/** Interface endpoints whose ids and private DNS the rest of the design uses. */
export const PUBLISHED_ENDPOINTS = [
  'sagemaker-api',
  'sagemaker-studio',
] as const;
export type PublishedEndpoint = (typeof PUBLISHED_ENDPOINTS)[number];

/** SSM parameter names the network stack publishes and shares with LOB accounts. */
export function sharedParameterNames(prefix: string) {
  const root = `/${prefix}/network`;
  return {
    endpointId: (name: PublishedEndpoint) => `${root}/endpoint/${name}`,
    transitGatewayId: `${root}/transit-gateway-id`,
    resolverRuleId: (ruleKey: string) => `${root}/resolver-rule/${ruleKey}`,
  };
}

/**
 * ARNs in the shared-services account are spelled out (partition of its
 * region, not a token): `fromStringParameterArn` refuses unresolved ARNs.
 */
export function ssmParameterArn(
  stack: Stack,
  config: AppConfig,
  parameterName: string,
): string {
  const { accountId, region } = config.sharedServices;
  return stack.formatArn({
    partition: partitionOf(region),
    region,
    account: accountId,
    service: 'ssm',
    resource: 'parameter',
    resourceName: parameterName.replace(/^\//, ''),
  });
}

export function portalTaskRoleArn(stack: Stack, config: AppConfig): string {
  const { accountId, region } = config.sharedServices;
  return stack.formatArn({
    partition: partitionOf(region),
    region: '',
    account: accountId,
    service: 'iam',
    resource: 'role',
    resourceName: config.portal.taskRoleName,
  });
}

export function accessRoleName(config: AppConfig, lob: LobConfig): string {
  return lob.roleName ?? config.access.roleName;
}

/** The LOB's access role, in the partition of its region (the backend builds the same ARN). */
export function accessRoleArn(config: AppConfig, lob: LobConfig): string {
  return roleArnOf({
    accountId: lob.accountId,
    region: lob.region,
    roleName: accessRoleName(config, lob),
  });
}

/**
 * DNS names that LOB VPCs (and corporate DNS) forward to the shared-services
 * inbound resolver, keyed by a short id used in construct ids and SSM names.
 */
export function forwardedServiceDomains(
  region: string,
): Record<string, string> {
  return {
    'sagemaker-api': `api.sagemaker.${region}.amazonaws.com`,
    'sagemaker-studio': `studio.${region}.sagemaker.aws`,
    'sagemaker-runtime': `runtime.sagemaker.${region}.amazonaws.com`,
    sts: `sts.${region}.amazonaws.com`,
    logs: `logs.${region}.amazonaws.com`,
    'ecr-api': `api.ecr.${region}.amazonaws.com`,
    'ecr-dkr': `dkr.ecr.${region}.amazonaws.com`,
    secretsmanager: `secretsmanager.${region}.amazonaws.com`,
  };
}

/** Keys of all forwarding rules, in a stable order (service domains, then corporate). */
export function resolverRuleKeys(config: AppConfig): string[] {
  const corporate = (config.corporate.dns?.domains ?? []).map(corporateRuleKey);
  return [
    ...Object.keys(forwardedServiceDomains(config.sharedServices.region)),
    ...corporate,
  ];
}

export function corporateRuleKey(domain: string): string {
  return `corp-${domain
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()}`;
}

/**
 * Outputs of every LOB stack that make up its row in the portal's LOB table
 * (field of the row -> output id); `yarn seed --cdk-outputs` reads them.
 */
export const LOB_OUTPUTS = {
  lobId: 'LobId',
  displayName: 'LobDisplayName',
  accountId: 'LobAccountId',
  region: 'LobRegion',
  domainId: 'DomainId',
  roleName: 'AccessRoleName',
} as const;

/**
 * Outputs of the shared-access stack that `yarn seed --cdk-outputs` reads.
 */
export const ACCESS_OUTPUTS = {
  region: 'Region',
  lobsTable: 'LobsTableName',
  membershipsTable: 'MembershipsTableName',
  userPoolId: 'UserPoolId',
} as const;

export function lobStackName(config: AppConfig, lob: LobConfig): string {
  return `${pascal(config.prefix)}-Lob-${lob.lobId}`;
}

export function pascal(value: string): string {
  return value
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}
