import { patterns } from '@studio-portal/plugin-sagemaker-studio-common';
import type { Principal } from './authenticate';
import { AwsError, type Reply } from './http';
import type { RoleSession } from './sessions';
import type { StudioPages } from './studio';
import { DEFAULT_PROFILE_TAG_KEY } from './sts';
import { paginate, Validator } from './validation';
import type { StandInDomain, StandInRole, StandInSpace } from './types';

// The portal's own rules for these identifiers (one source of truth).
const DOMAIN_ID = patterns.domainId;
const RESOURCE_NAME = patterns.userProfileName;
const JSON_TYPE = 'application/x-amz-json-1.1';

export interface SageMakerContext {
  principal: Principal;
  domains: StandInDomain[];
  roles: StandInRole[];
  studio: StudioPages;
  /** Base of AuthorizedUrls, e.g. http://127.0.0.1:43123 */
  endpoint: string;
  /** Creation time reported for every resource (epoch seconds). */
  createdAtSeconds: number;
}

type Input = Record<string, unknown>;
type Operation = (input: Input, scope: Scope) => unknown;

/** What the calling session may see: its account, in the region it called. */
interface Scope {
  ctx: SageMakerContext;
  session: RoleSession;
  accountId: string;
  region: string;
}

/** `SageMaker.CreatePresignedDomainUrl` -> `CreatePresignedDomainUrl`. */
export function sageMakerAction(target: string | undefined): string {
  return target?.startsWith('SageMaker.')
    ? target.slice('SageMaker.'.length)
    : 'Unknown';
}

const OPERATIONS: Record<string, Operation> = {
  CreatePresignedDomainUrl: createPresignedDomainUrl,
  DescribeDomain: describeDomain,
  DescribeUserProfile: describeUserProfile,
  ListUserProfiles: listUserProfiles,
  ListSpaces: listSpaces,
};

export function handleSageMaker(
  action: string,
  body: Buffer,
  ctx: SageMakerContext,
  requestId: string,
): Reply {
  const { principal } = ctx;
  if (principal.kind !== 'session') {
    // The portal must reach Studio through a LOB role, never with its own keys.
    throw notAuthorized(
      principal.arn,
      action,
      `arn:aws:sagemaker:${principal.region}:${accountOf(principal.arn)}:*`,
    );
  }
  const operation = OPERATIONS[action];
  if (!operation) {
    throw new AwsError(
      'UnknownOperationException',
      `Operation ${action} is not supported by the local stand-in.`,
    );
  }
  let input: Input;
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  const scope: Scope = {
    ctx,
    session: principal.session,
    accountId: principal.session.accountId,
    region: principal.region,
  };
  return {
    status: 200,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(operation(input, scope)),
  };
}

export function sageMakerErrorReply(error: AwsError, requestId: string): Reply {
  return {
    status: error.status,
    headers: {
      'content-type': JSON_TYPE,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

export function notAuthorized(
  principalArn: string,
  action: string,
  resourceArn: string,
): AwsError {
  return new AwsError(
    'AccessDeniedException',
    `User: ${principalArn} is not authorized to perform: sagemaker:${action} on resource: ${resourceArn} ` +
      `because no identity-based policy allows the sagemaker:${action} action`,
  );
}

function createPresignedDomainUrl(input: Input, scope: Scope) {
  const v = new Validator(input);
  const domainId = v.string('DomainId', {
    required: true,
    max: 63,
    pattern: DOMAIN_ID,
  })!;
  const userProfileName = v.string('UserProfileName', {
    required: true,
    max: 63,
    pattern: RESOURCE_NAME,
  })!;
  // Validated only: the stand-in's Studio session lasts as long as the cookie.
  v.integer('SessionExpirationDurationInSeconds', 1800, 43200);
  const expiresInSeconds = v.integer('ExpiresInSeconds', 5, 300) ?? 300;
  const spaceName = v.string('SpaceName', { max: 63, pattern: RESOURCE_NAME });
  const landingUri = v.string('LandingUri', { max: 1023 });
  v.done();

  const action = 'CreatePresignedDomainUrl';
  requireProfileTag(scope, action, domainId, userProfileName);
  const domain = findDomain(scope, domainId);
  findUserProfile(scope, domain, userProfileName);
  if (spaceName !== undefined) {
    const space = findSpace(scope, domain, spaceName);
    if (
      space.sharingType === 'Private' &&
      space.ownerUserProfileName !== userProfileName
    ) {
      throw notAuthorized(
        scope.session.assumedRoleArn,
        action,
        spaceArn(domain, space.spaceName),
      );
    }
  }
  const token = scope.ctx.studio.issueToken(
    { domain, userProfileName, spaceName, landingUri },
    expiresInSeconds,
  );
  return {
    AuthorizedUrl: `${scope.ctx.endpoint}/studio/${domain.domainId}/auth?token=${token}`,
  };
}

function describeDomain(input: Input, scope: Scope) {
  const v = new Validator(input);
  const domainId = v.string('DomainId', {
    required: true,
    max: 63,
    pattern: DOMAIN_ID,
  })!;
  v.done();
  const domain = findDomain(scope, domainId);
  const times = timestamps(scope);
  return {
    DomainArn: domainArn(domain),
    DomainId: domain.domainId,
    DomainName: domain.domainName,
    HomeEfsFileSystemId: `fs-${domain.domainId.slice(2, 10)}`,
    Status: 'InService',
    ...times,
    AuthMode: 'IAM',
    AppNetworkAccessType: 'VpcOnly',
    Url: `https://${domain.domainId}.studio.${domain.region}.sagemaker.aws`,
    VpcId: `vpc-${domain.domainId.slice(2, 10)}`,
    SubnetIds: [`subnet-${domain.domainId.slice(2, 10)}`],
    DefaultUserSettings: {
      ExecutionRole: `arn:aws:iam::${domain.accountId}:role/SageMakerStudioExecutionRole`,
    },
  };
}

function describeUserProfile(input: Input, scope: Scope) {
  const v = new Validator(input);
  const domainId = v.string('DomainId', {
    required: true,
    max: 63,
    pattern: DOMAIN_ID,
  })!;
  const userProfileName = v.string('UserProfileName', {
    required: true,
    max: 63,
    pattern: RESOURCE_NAME,
  })!;
  v.done();
  requireProfileTag(scope, 'DescribeUserProfile', domainId, userProfileName);
  const domain = findDomain(scope, domainId);
  findUserProfile(scope, domain, userProfileName);
  return {
    DomainId: domain.domainId,
    UserProfileArn: userProfileArn(domain, userProfileName),
    UserProfileName: userProfileName,
    HomeEfsFileSystemUid: String(
      200000 + domain.userProfiles.indexOf(userProfileName),
    ),
    Status: 'InService',
    ...timestamps(scope),
    UserSettings: {
      ExecutionRole: `arn:aws:iam::${domain.accountId}:role/SageMakerStudioExecutionRole`,
    },
  };
}

function listUserProfiles(input: Input, scope: Scope) {
  const v = new Validator(input);
  const domainId = v.string('DomainIdEquals', { max: 63, pattern: DOMAIN_ID });
  const contains = v.string('UserProfileNameContains', {
    max: 63,
    pattern: /^[a-zA-Z0-9-]+$/,
  });
  const page = v.paging('ListUserProfiles');
  v.string('SortBy', { pattern: /^(CreationTime|LastModifiedTime)$/ });
  v.string('SortOrder', { pattern: /^(Ascending|Descending)$/ });
  v.done();
  const all = visibleDomains(scope, domainId).flatMap(domain =>
    domain.userProfiles
      .filter(name => contains === undefined || name.includes(contains))
      .map(name => ({
        DomainId: domain.domainId,
        UserProfileName: name,
        Status: 'InService',
        ...timestamps(scope),
      })),
  );
  const { items, nextToken } = paginate(all, page, 'ListUserProfiles');
  return { UserProfiles: items, ...(nextToken && { NextToken: nextToken }) };
}

function listSpaces(input: Input, scope: Scope) {
  const v = new Validator(input);
  const domainId = v.string('DomainIdEquals', { max: 63, pattern: DOMAIN_ID });
  const contains = v.string('SpaceNameContains', {
    max: 63,
    pattern: /^[a-zA-Z0-9-]+$/,
  });
  const page = v.paging('ListSpaces');
  v.string('SortBy', { pattern: /^(CreationTime|LastModifiedTime)$/ });
  v.string('SortOrder', { pattern: /^(Ascending|Descending)$/ });
  v.done();
  const all = visibleDomains(scope, domainId).flatMap(domain =>
    (domain.spaces ?? [])
      .filter(
        space => contains === undefined || space.spaceName.includes(contains),
      )
      .map(space => ({
        DomainId: domain.domainId,
        SpaceName: space.spaceName,
        SpaceDisplayName: space.spaceName,
        Status: 'InService',
        ...timestamps(scope),
        SpaceSettingsSummary: { AppType: space.appType },
        SpaceSharingSettingsSummary: { SharingType: space.sharingType },
        ...(space.ownerUserProfileName && {
          OwnershipSettingsSummary: {
            OwnerUserProfileName: space.ownerUserProfileName,
          },
        }),
      })),
  );
  const { items, nextToken } = paginate(all, page, 'ListSpaces');
  return { Spaces: items, ...(nextToken && { NextToken: nextToken }) };
}

/**
 * A session tagged with a user profile may only act on that profile, as the
 * portal's LOB role policies demand via aws:PrincipalTag.
 */
function requireProfileTag(
  scope: Scope,
  action: string,
  domainId: string,
  userProfileName: string,
): void {
  const role = scope.ctx.roles.find(r => r.arn === scope.session.roleArn);
  const tagKey = role?.profileTagKey ?? DEFAULT_PROFILE_TAG_KEY;
  const allowed = scope.session.tags[tagKey];
  if (allowed !== undefined && allowed !== userProfileName) {
    throw notAuthorized(
      scope.session.assumedRoleArn,
      action,
      `arn:aws:sagemaker:${scope.region}:${scope.accountId}:user-profile/${domainId}/${userProfileName}`,
    );
  }
}

/** Other accounts' and regions' domains do not exist for this caller. */
function visibleDomains(scope: Scope, domainId?: string): StandInDomain[] {
  return scope.ctx.domains.filter(
    d =>
      d.accountId === scope.accountId &&
      d.region === scope.region &&
      (domainId === undefined || d.domainId === domainId),
  );
}

function findDomain(scope: Scope, domainId: string): StandInDomain {
  const domain = visibleDomains(scope, domainId)[0];
  if (!domain) {
    throw new AwsError(
      'ResourceNotFound',
      `Domain arn:aws:sagemaker:${scope.region}:${scope.accountId}:domain/${domainId} does not exist.`,
    );
  }
  return domain;
}

function findUserProfile(
  _scope: Scope,
  domain: StandInDomain,
  name: string,
): void {
  if (!domain.userProfiles.includes(name)) {
    throw new AwsError(
      'ResourceNotFound',
      `User profile ${userProfileArn(domain, name)} does not exist.`,
    );
  }
}

function findSpace(
  _scope: Scope,
  domain: StandInDomain,
  name: string,
): StandInSpace {
  const space = domain.spaces?.find(s => s.spaceName === name);
  if (!space) {
    throw new AwsError(
      'ResourceNotFound',
      `Space ${spaceArn(domain, name)} does not exist.`,
    );
  }
  return space;
}

function domainArn(domain: StandInDomain): string {
  return `arn:aws:sagemaker:${domain.region}:${domain.accountId}:domain/${domain.domainId}`;
}

function userProfileArn(domain: StandInDomain, name: string): string {
  return `arn:aws:sagemaker:${domain.region}:${domain.accountId}:user-profile/${domain.domainId}/${name}`;
}

function spaceArn(domain: StandInDomain, name: string): string {
  return `arn:aws:sagemaker:${domain.region}:${domain.accountId}:space/${domain.domainId}/${name}`;
}

function timestamps(scope: Scope) {
  return {
    CreationTime: scope.ctx.createdAtSeconds,
    LastModifiedTime: scope.ctx.createdAtSeconds,
  };
}

function accountOf(arn: string): string {
  return /^arn:aws:[a-z]+::(\d{12}):/.exec(arn)?.[1] ?? '000000000000';
}
