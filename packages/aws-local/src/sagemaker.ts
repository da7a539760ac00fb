import {
  PROVISIONED_BY_TAG_KEY,
  USER_TAG_KEY,
  partitionOf,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { Principal } from './authenticate';
import {
  deniedByIdentityPolicy,
  jsonOperation,
  jsonReply,
  parseJsonInput,
} from './awsJson';
import { AwsError, type Reply } from './http';
import type { RoleSession } from './sessions';
import type { StudioPages } from './studio';
import { DEFAULT_PROFILE_TAG_KEY } from './sts';
import type { StandInUserProfile, UserProfileBook } from './userProfiles';
import { sageMakerRequest } from './sagemakerRequests';
import { listPage, pageOf } from './sagemakerPaging';
import type { StandInDomain, StandInRole, StandInSpace } from './types';

const USER_PROFILE_ARN =
  /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):(\d{12}):user-profile\/(d-[a-z0-9-]+)\/([a-zA-Z0-9-]+)$/;

export interface SageMakerContext {
  principal: Principal;
  domains: StandInDomain[];
  roles: StandInRole[];
  studio: StudioPages;
  /** Base of AuthorizedUrls, e.g. http://127.0.0.1:43123 */
  endpoint: string;
  /** Creation time reported for every resource (epoch seconds). */
  createdAtSeconds: number;
  /** The domains' user profiles (CreateUserProfile adds to them). */
  profiles: UserProfileBook;
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
  CreateUserProfile: createUserProfile,
  DescribeDomain: describeDomain,
  DescribeUserProfile: describeUserProfile,
  ListApps: listApps,
  ListTags: listTags,
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
  const operation = jsonOperation(OPERATIONS, action);
  const input = parseJsonInput(body);
  const scope: Scope = {
    ctx,
    session: principal.session,
    accountId: principal.session.accountId,
    region: principal.region,
  };
  return jsonReply(operation(input, scope), requestId);
}

export function notAuthorized(
  principalArn: string,
  action: string,
  resourceArn: string,
): AwsError {
  return deniedByIdentityPolicy(
    principalArn,
    `sagemaker:${action}`,
    resourceArn,
  );
}

function createPresignedDomainUrl(input: Input, scope: Scope) {
  const {
    DomainId: domainId,
    UserProfileName: userProfileName,
    ExpiresInSeconds: expiresInSeconds = 300,
    SpaceName: spaceName,
    LandingUri: landingUri,
  } = sageMakerRequest('CreatePresignedDomainUrl', input);

  const action = 'CreatePresignedDomainUrl';
  requireProfileTag(scope, action, domainId, userProfileName);
  const domain = findDomain(scope, domainId);
  const profile = findUserProfile(scope, domain, userProfileName);
  if (scope.ctx.profiles.statusOf(profile) !== 'InService') {
    throw new AwsError(
      'ValidationException',
      `User profile ${userProfileArn(
        domain,
        profile.name,
      )} is not in InService state.`,
    );
  }
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
  const { DomainId: domainId } = sageMakerRequest('DescribeDomain', input);
  const domain = findDomain(scope, domainId);
  const times = timestamps(scope);
  return {
    DomainArn: domainArn(domain),
    DomainId: domain.domainId,
    DomainName: domain.domainName,
    HomeEfsFileSystemId: `fs-${domain.domainId.slice(2, 10)}`,
    Status: domain.status ?? 'InService',
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
  const { DomainId: domainId, UserProfileName: userProfileName } =
    sageMakerRequest('DescribeUserProfile', input);
  requireProfileTag(scope, 'DescribeUserProfile', domainId, userProfileName);
  const domain = findDomain(scope, domainId);
  const profile = findUserProfile(scope, domain, userProfileName);
  const status = scope.ctx.profiles.statusOf(profile);
  return {
    DomainId: domain.domainId,
    UserProfileArn: userProfileArn(domain, profile.name),
    UserProfileName: profile.name,
    HomeEfsFileSystemUid: String(profile.uid),
    Status: status,
    ...(status === 'Failed' && {
      FailureReason:
        'The stand-in was told to fail this profile (profileCreation.outcome: Failed).',
    }),
    CreationTime: profile.createdAtMs / 1000,
    LastModifiedTime: profile.settlesAtMs / 1000,
    UserSettings: {
      ExecutionRole: profile.executionRole ?? defaultExecutionRole(domain),
    },
  };
}

/**
 * CreateUserProfile, under the LOB role's policy as far as the stand-in
 * models IAM: only the profile named by the session's profile tag, only
 * with a `backstage-user` tag equal to the session's own, only known tag
 * keys (aws:TagKeys), only an execution role of the same account
 * (iam:PassRole). The profile is Pending, then InService or Failed.
 */
function createUserProfile(input: Input, scope: Scope) {
  if (
    input.Tags !== undefined &&
    (!Array.isArray(input.Tags) || input.Tags.length > 50)
  ) {
    throw new AwsError(
      'ValidationException',
      'Tags must be a list of at most 50 tags.',
    );
  }
  if (input.SingleSignOnUserIdentifier !== undefined) {
    throw new AwsError(
      'ValidationException',
      'SingleSignOnUserIdentifier is only allowed for domains whose AuthMode is SSO.',
    );
  }
  const request = sageMakerRequest('CreateUserProfile', input);
  const { DomainId: domainId, UserProfileName: userProfileName } = request;
  const tags = tagMap(request.Tags ?? []);
  const executionRole = request.UserSettings?.ExecutionRole;

  const action = 'CreateUserProfile';
  const role = scope.ctx.roles.find(r => r.arn === scope.session.roleArn);
  const resource = `arn:${partitionOf(scope.region)}:sagemaker:${
    scope.region
  }:${scope.accountId}:user-profile/${domainId}/${userProfileName}`;
  requireProfileTag(scope, action, domainId, userProfileName);
  const allowedKeys = role?.createProfileTagKeys ?? [
    USER_TAG_KEY,
    PROVISIONED_BY_TAG_KEY,
  ];
  const sessionUser = scope.session.tags[USER_TAG_KEY];
  if (
    role?.mayCreateUserProfiles === false ||
    sessionUser === undefined ||
    tags[USER_TAG_KEY] !== sessionUser ||
    Object.keys(tags).some(key => !allowedKeys.includes(key))
  ) {
    throw notAuthorized(scope.session.assumedRoleArn, action, resource);
  }
  const domain = findDomain(scope, domainId);
  if (executionRole && !executionRole.includes(`::${domain.accountId}:`)) {
    throw new AwsError(
      'AccessDeniedException',
      `User: ${scope.session.assumedRoleArn} is not authorized to perform: iam:PassRole on resource: ${executionRole}`,
    );
  }
  if ((domain.status ?? 'InService') !== 'InService') {
    throw new AwsError(
      'ValidationException',
      `Domain ${domainArn(domain)} is in ${
        domain.status
      } state; user profiles can only be created in an InService domain.`,
    );
  }
  const profile = scope.ctx.profiles.create(
    domain,
    userProfileName,
    tags,
    executionRole,
    userProfileArn(domain, userProfileName),
  );
  return { UserProfileArn: userProfileArn(domain, profile.name) };
}

/** ListTags of a user profile (the only resource whose tags the portal reads). */
function listTags(input: Input, scope: Scope) {
  const request = sageMakerRequest('ListTags', input);
  const arn = request.ResourceArn;
  const page = pageOf(request, 'ListTags');
  const match = USER_PROFILE_ARN.exec(arn);
  if (!match || match[1] !== scope.region || match[2] !== scope.accountId) {
    throw new AwsError(
      'ValidationException',
      `The resource ${arn} is not a user profile of this account and region.`,
    );
  }
  const [, , , domainId, name] = match;
  requireProfileTag(scope, 'ListTags', domainId, name);
  const domain = findDomain(scope, domainId);
  const profile = findUserProfile(scope, domain, name);
  const all = Object.entries(profile.tags).map(([Key, Value]) => ({
    Key,
    Value,
  }));
  return listPage('Tags', all, page, 'ListTags');
}

function tagMap(
  list: Array<{ Key: string; Value?: string }>,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const { Key: key, Value: value = '' } of list) {
    if (!key) continue;
    if (key in tags) {
      throw new AwsError('ValidationException', `Duplicate tag key: ${key}`);
    }
    tags[key] = value;
  }
  return tags;
}

function defaultExecutionRole(domain: StandInDomain): string {
  return `arn:${partitionOf(domain.region)}:iam::${
    domain.accountId
  }:role/SageMakerStudioExecutionRole`;
}

function listUserProfiles(input: Input, scope: Scope) {
  const request = sageMakerRequest('ListUserProfiles', input);
  const domainId = request.DomainIdEquals;
  const contains = request.UserProfileNameContains;
  const page = pageOf(request, 'ListUserProfiles');
  const all = visibleDomains(scope, domainId).flatMap(domain =>
    scope.ctx.profiles
      .list(domain.domainId)
      .filter(p => contains === undefined || p.name.includes(contains))
      .map(p => ({
        DomainId: domain.domainId,
        UserProfileName: p.name,
        Status: scope.ctx.profiles.statusOf(p),
        CreationTime: p.createdAtMs / 1000,
        LastModifiedTime: p.createdAtMs / 1000,
      })),
  );
  return listPage('UserProfiles', all, page, 'ListUserProfiles');
}

function listSpaces(input: Input, scope: Scope) {
  const request = sageMakerRequest('ListSpaces', input);
  const domainId = request.DomainIdEquals;
  const contains = request.SpaceNameContains;
  const page = pageOf(request, 'ListSpaces');
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
  return listPage('Spaces', all, page, 'ListSpaces');
}

/**
 * ListApps of the spaces' apps: one per space that has one, named
 * `default`, of the space's app type. A private space's app also names its
 * owner (UserProfileNameEquals finds it); a shared one's names none.
 */
function listApps(input: Input, scope: Scope) {
  const request = sageMakerRequest('ListApps', input);
  const {
    DomainIdEquals: domainId,
    SpaceNameEquals: spaceName,
    UserProfileNameEquals: userProfileName,
  } = request;
  if (spaceName !== undefined && userProfileName !== undefined) {
    throw new AwsError(
      'ValidationException',
      'SpaceNameEquals and UserProfileNameEquals cannot both be set.',
    );
  }
  const page = pageOf(request, 'ListApps');
  const all = visibleDomains(scope, domainId).flatMap(domain =>
    (domain.spaces ?? []).flatMap(space => {
      if (!space.app) return [];
      const owner =
        space.sharingType === 'Private'
          ? space.ownerUserProfileName
          : undefined;
      if (spaceName !== undefined && space.spaceName !== spaceName) return [];
      if (userProfileName !== undefined && owner !== userProfileName) return [];
      return [
        {
          DomainId: domain.domainId,
          SpaceName: space.spaceName,
          ...(owner && { UserProfileName: owner }),
          AppType: space.appType,
          AppName: 'default',
          Status: space.app.status,
          CreationTime: scope.ctx.createdAtSeconds,
        },
      ];
    }),
  );
  return listPage('Apps', all, page, 'ListApps');
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
  scope: Scope,
  domain: StandInDomain,
  name: string,
): StandInUserProfile {
  const profile = scope.ctx.profiles.get(domain.domainId, name);
  if (!profile) {
    throw new AwsError(
      'ResourceNotFound',
      `User profile ${userProfileArn(domain, name)} does not exist.`,
    );
  }
  return profile;
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
