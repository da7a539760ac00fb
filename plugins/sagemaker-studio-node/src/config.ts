import { Config } from '@backstage/config';
import {
  DEFAULT_ACCESS_ROLE_NAME,
  DEFAULT_PROFILE_TAG_KEY,
  DEFAULT_PROVISIONED_BY,
  patterns,
} from '@studio-portal/plugin-sagemaker-studio-common';

/**
 * The plugin's configuration, read and checked once at startup.
 *
 * @public
 */
export interface StudioConfig {
  mappings: {
    region?: string;
    endpoint?: string;
    lobsTable: string;
    membershipsTable: string;
    cacheTtlMs: number;
  };
  access: {
    roleName: string;
    externalId: string;
    sessionDurationSeconds: number;
    profileTagKey: string;
    refreshMarginMs: number;
    maxCachedSessions: number;
  };
  studio: {
    urlExpiresInSeconds: number;
    sessionExpirationDurationInSeconds: number;
  };
  aws: {
    callTimeoutMs: number;
    maxAttempts: number;
    endpoints: { sts?: string; sagemaker?: string };
    credentials?: { accessKeyId: string; secretAccessKey: string };
  };
  permissions: { launchDecisionCacheMs: number };
  /** Group memberships: how long the catalog's answer about a user's groups is reused. */
  groups: { cacheTtlMs: number };
  /** Studio user profiles created at the first launch (LOBs with provisionProfiles). */
  provisioning: {
    timeoutMs: number;
    pollIntervalMs: number;
    /** Value of the provisioned-by tag on the profiles the portal creates. */
    provisionedBy: string;
  };
  unmappedUserMessage: string;
}

export const DEFAULT_UNMAPPED_USER_MESSAGE =
  'You are not mapped to a line of business with a SageMaker Studio domain yet. Ask your portal administrators to add you.';

function bounded(
  config: Config,
  key: string,
  defaultValue: number,
  min: number,
  max: number,
): number {
  const value = config.getOptionalNumber(key) ?? defaultValue;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `Invalid config sagemakerStudio.${key}: ${value} is not a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** @public */
export function readStudioConfig(root: Config): StudioConfig {
  const config = root.getOptionalConfig('sagemakerStudio');
  if (!config) {
    throw new Error(
      'Missing config sagemakerStudio: at least sagemakerStudio.access.externalId is required',
    );
  }
  const credentials = config.getOptionalConfig('aws.credentials');
  return {
    mappings: {
      region: config.getOptionalString('mappings.region'),
      endpoint: config.getOptionalString('mappings.endpoint'),
      lobsTable:
        config.getOptionalString('mappings.lobsTable') ?? 'studio-portal-lobs',
      membershipsTable:
        config.getOptionalString('mappings.membershipsTable') ??
        'studio-portal-memberships',
      cacheTtlMs:
        bounded(config, 'mappings.cacheTtlSeconds', 30, 0, 3600) * 1000,
    },
    access: {
      roleName:
        config.getOptionalString('access.roleName') ?? DEFAULT_ACCESS_ROLE_NAME,
      externalId: config.getString('access.externalId'),
      sessionDurationSeconds: bounded(
        config,
        'access.sessionDurationSeconds',
        3600,
        900,
        3600,
      ),
      profileTagKey:
        config.getOptionalString('access.profileTagKey') ??
        DEFAULT_PROFILE_TAG_KEY,
      refreshMarginMs:
        bounded(config, 'access.refreshMarginSeconds', 300, 0, 600) * 1000,
      maxCachedSessions: bounded(
        config,
        'access.maxCachedSessions',
        10_000,
        1,
        1_000_000,
      ),
    },
    studio: {
      urlExpiresInSeconds: bounded(
        config,
        'studio.urlExpiresInSeconds',
        30,
        5,
        300,
      ),
      sessionExpirationDurationInSeconds: bounded(
        config,
        'studio.sessionExpirationDurationInSeconds',
        43200,
        1800,
        43200,
      ),
    },
    aws: {
      callTimeoutMs: bounded(config, 'aws.callTimeoutMs', 5000, 100, 60_000),
      maxAttempts: bounded(config, 'aws.maxAttempts', 3, 1, 10),
      endpoints: {
        sts: config.getOptionalString('aws.endpoints.sts'),
        sagemaker: config.getOptionalString('aws.endpoints.sagemaker'),
      },
      credentials: credentials && {
        accessKeyId: credentials.getString('accessKeyId'),
        secretAccessKey: credentials.getString('secretAccessKey'),
      },
    },
    permissions: {
      launchDecisionCacheMs:
        bounded(config, 'permissions.launchDecisionCacheSeconds', 10, 0, 300) *
        1000,
    },
    groups: {
      cacheTtlMs: bounded(config, 'groups.cacheTtlSeconds', 30, 0, 300) * 1000,
    },
    provisioning: {
      timeoutMs:
        bounded(config, 'provisioning.timeoutSeconds', 600, 10, 3600) * 1000,
      pollIntervalMs: bounded(
        config,
        'provisioning.pollIntervalMs',
        3000,
        100,
        60_000,
      ),
      provisionedBy: tagValue(
        config,
        'provisioning.provisionedBy',
        DEFAULT_PROVISIONED_BY,
      ),
    },
    unmappedUserMessage:
      config.getOptionalString('unmappedUserMessage') ??
      DEFAULT_UNMAPPED_USER_MESSAGE,
  };
}

function tagValue(config: Config, key: string, defaultValue: string): string {
  const value = config.getOptionalString(key) ?? defaultValue;
  if (
    value.length < 1 ||
    value.length > 256 ||
    !patterns.stsTagCharacters.test(value)
  ) {
    throw new Error(
      `Invalid config sagemakerStudio.${key}: '${value}' is not a tag value (1-256 letters, digits, spaces and _.:/=+-@)`,
    );
  }
  return value;
}
