import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * Amazon Cognito user pools whose users and groups become User and
       * Group entities, one entry per provider id.
       */
      cognitoUserPool?: {
        [providerId: string]: {
          /** e.g. us-east-1_AbCdEf123 */
          userPoolId: string;
          /** The pool's region, the prefix of its id. */
          region: string;
          /**
           * What names a User entity: the Cognito username (default) or the
           * email's local part with a hash of the username. Use the same value
           * as the sign-in resolver's `claim`.
           */
          userNameFrom?: 'username' | 'email';
          /** spec.type of the Group entities; default team. */
          groupType?: string;
          /** Attempts per call, throttling included (adaptive retries); 1 to 20, default 8. */
          maxAttempts?: number;
          /** Only for a local stand-in of Cognito; AWS's regional endpoint by default. */
          endpoint?: string;
          /** Only for a local stand-in of Cognito; the default credential chain (e.g. the ECS task role) by default. */
          credentials?: {
            accessKeyId: string;
            /** @visibility secret */
            secretAccessKey: string;
          };
          /** When to read the pool; default every 30 minutes, 15 minutes timeout. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        };
      };
    };
  };
}
