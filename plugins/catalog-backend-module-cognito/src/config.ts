import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  cognitoPatterns,
  patterns,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { UserNameSource } from './naming';

/**
 * Where the providers are configured: catalog.providers.cognitoUserPool.<id>.
 *
 * @public
 */
export const CONFIG_ROOT = 'catalog.providers.cognitoUserPool';

/** @public */
export interface CognitoProviderConfig {
  id: string;
  userPoolId: string;
  region: string;
  userNameFrom: UserNameSource;
  groupType: string;
  /** Only for a local stand-in; AWS's regional endpoint otherwise. */
  endpoint?: string;
  /** Only for a local stand-in; the default credential chain otherwise. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per call, throttling included (adaptive retry mode). */
  maxAttempts: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
};
const MAX_ATTEMPTS = { default: 8, min: 1, max: 20 };

/**
 * Every provider under catalog.providers.cognitoUserPool, validated once.
 *
 * @public
 */
export function readProviderConfigs(config: Config): CognitoProviderConfig[] {
  const root = config.getOptionalConfig(CONFIG_ROOT);
  if (!root) return [];
  return root.keys().map(id => readProviderConfig(id, root.getConfig(id)));
}

/** @public */
export function readProviderConfig(
  id: string,
  config: Config,
): CognitoProviderConfig {
  const at = `${CONFIG_ROOT}.${id}`;
  const userPoolId = config.getString('userPoolId');
  if (!cognitoPatterns.userPoolId.test(userPoolId)) {
    throw new Error(
      `${at}.userPoolId "${userPoolId}" is not a user pool id (<region>_<alphanumerics>)`,
    );
  }
  const region = config.getString('region');
  if (!patterns.region.test(region) || !userPoolId.startsWith(`${region}_`)) {
    throw new Error(
      `${at}.region "${region}" is not the region of user pool ${userPoolId}`,
    );
  }
  const userNameFrom = config.getOptionalString('userNameFrom') ?? 'username';
  if (userNameFrom !== 'username' && userNameFrom !== 'email') {
    throw new Error(`${at}.userNameFrom must be "username" or "email"`);
  }
  const maxAttempts =
    config.getOptionalNumber('maxAttempts') ?? MAX_ATTEMPTS.default;
  if (
    !Number.isInteger(maxAttempts) ||
    maxAttempts < MAX_ATTEMPTS.min ||
    maxAttempts > MAX_ATTEMPTS.max
  ) {
    throw new Error(
      `${at}.maxAttempts must be an integer from ${MAX_ATTEMPTS.min} to ${MAX_ATTEMPTS.max}`,
    );
  }
  const credentials = config.getOptionalConfig('credentials');
  return {
    id,
    userPoolId,
    region,
    userNameFrom,
    groupType: config.getOptionalString('groupType') ?? 'team',
    endpoint: config.getOptionalString('endpoint'),
    credentials: credentials && {
      accessKeyId: credentials.getString('accessKeyId'),
      secretAccessKey: credentials.getString('secretAccessKey'),
    },
    maxAttempts,
    schedule: config.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
  };
}
