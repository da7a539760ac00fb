export interface Config {
  /** Configuration of the SageMaker Studio backend plugin. */
  sagemakerStudio?: {
    /** Where the LOB and membership mappings live (DynamoDB). */
    mappings?: {
      /** AWS region of the tables. Default: the AWS SDK's default region. */
      region?: string;
      /** Endpoint override, e.g. DynamoDB Local in local mode. */
      endpoint?: string;
      /** Default: studio-portal-lobs */
      lobsTable?: string;
      /** Default: studio-portal-memberships (GSI `byLob`) */
      membershipsTable?: string;
      /** How long mapping reads are cached (cache service). Default 30, 0 disables. */
      cacheTtlSeconds?: number;
    };
    /** How the portal assumes each LOB account's access role. */
    access?: {
      /** Role name in every LOB account unless the LOB overrides it. Default: SageMakerStudioPortalAccess */
      roleName?: string;
      /**
       * The sts:ExternalId that each LOB access role requires.
       * @visibility secret
       */
      externalId: string;
      /** AssumeRole DurationSeconds, 900-3600 (role chaining caps it at one hour). Default 3600. */
      sessionDurationSeconds?: number;
      /** Session tag carrying the Studio user profile name. Default: studio-user-profile */
      profileTagKey?: string;
      /** Renew cached role credentials this long before they expire. Default 300. */
      refreshMarginSeconds?: number;
      /** Upper bound of cached (account, user) role sessions. Default 10000. */
      maxCachedSessions?: number;
    };
    /** CreatePresignedDomainUrl parameters. */
    studio?: {
      /** Lifetime of a presigned URL before it is first used, 5-300 seconds. Default 30. */
      urlExpiresInSeconds?: number;
      /** Lifetime of the Studio session it opens, 1800-43200 seconds. Default 43200. */
      sessionExpirationDurationInSeconds?: number;
    };
    /** AWS SDK settings. */
    aws?: {
      /** Upper bound of one AWS call including its retries, in ms. Default 5000. */
      callTimeoutMs?: number;
      /** SDK attempts per call (standard retry mode). Default 3. */
      maxAttempts?: number;
      /** Endpoint overrides, used by local mode. */
      endpoints?: {
        sts?: string;
        sagemaker?: string;
      };
      /**
       * Static source credentials (local mode and tests only). In AWS leave
       * this out: the SDK's default chain (ECS task role) is used.
       */
      credentials?: {
        accessKeyId: string;
        /** @visibility secret */
        secretAccessKey: string;
      };
    };
    permissions?: {
      /**
       * How long one user's sagemaker-studio.launch decision is remembered
       * (seconds, 0-300, default 10; 0 asks the permission backend every time).
       */
      launchDecisionCacheSeconds?: number;
    };
    /** Group memberships of LOBs. */
    groups?: {
      /**
       * How long the catalog's answer about a user's groups is reused
       * (seconds, 0-300, default 30). A group membership counts only while
       * the catalog confirms the user is in the group, so a user removed from
       * a group loses the LOB within the catalog's refresh plus this time.
       */
      cacheTtlSeconds?: number;
    };
    /** Studio user profiles the portal creates at a member's first launch (LOBs with provisionProfiles). */
    provisioning?: {
      /** How long a new profile may take to become InService (10-3600 seconds, default 600). */
      timeoutSeconds?: number;
      /** How often the portal asks SageMaker about a profile being created (100-60000 ms, default 3000). */
      pollIntervalMs?: number;
      /** Value of the `provisioned-by` tag on the profiles it creates. Default: sagemaker-studio-portal */
      provisionedBy?: string;
    };
    /** Message shown to users who are not mapped to any LOB (say whom to ask). */
    unmappedUserMessage?: string;
  };
}
