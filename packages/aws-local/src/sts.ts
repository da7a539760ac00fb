import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from './authenticate';
import { AwsError, escapeXml, type Reply } from './http';
import { stableAwsId, type RoleSession, type SessionStore } from './sessions';
import type { StandInRole } from './types';
import {
  awsInteger,
  awsList,
  awsString,
  lowerFirst,
  validate,
  type ValidationDialect,
} from './validation';

import {
  DEFAULT_PROFILE_TAG_KEY,
  patterns,
} from '@studio-portal/plugin-sagemaker-studio-common';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
// The portal's own rules for these identifiers (one source of truth).
const NAME_PATTERN = patterns.stsNameCharacters;
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]*$/;
const TAG_PATTERN = patterns.stsTagCharacters;
const ROLE_ARN_PATTERN = patterns.roleArn;
const CHAINED_MAX_SECONDS = 3600;

export { DEFAULT_PROFILE_TAG_KEY };

export interface StsContext {
  principal: Principal;
  roles: StandInRole[];
  sessions: SessionStore;
  nowMs: number;
  /** Overrides how long issued credentials live on the server. */
  sessionLifetimeSeconds?: number;
  /** The 'expireCredentials' fault: issue credentials the server already treats as expired. */
  issueRevoked: boolean;
}

/** The STS action named in a form body, as the query protocol sends it. */
export function stsAction(form: URLSearchParams): string {
  return form.get('Action') ?? 'Unknown';
}

export function handleSts(
  form: URLSearchParams,
  ctx: StsContext,
  requestId: string,
): Reply {
  const version = form.get('Version');
  if (version !== '2011-06-15') {
    throw new AwsError(
      'InvalidAction',
      `Could not find operation ${stsAction(form)} for version ${
        version ?? 'NO_VERSION_SPECIFIED'
      }`,
    );
  }
  switch (form.get('Action')) {
    case 'AssumeRole':
      return xmlReply(
        'AssumeRole',
        assumeRoleResult(assumeRole(form, ctx)),
        requestId,
      );
    case 'GetCallerIdentity':
      return xmlReply(
        'GetCallerIdentity',
        callerIdentityResult(ctx.principal),
        requestId,
      );
    default:
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${stsAction(form)} for version 2011-06-15`,
      );
  }
}

export function stsErrorReply(error: AwsError, requestId: string): Reply {
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<ErrorResponse xmlns="${NS}"><Error><Type>${error.fault}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(
        error.message,
      )}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

export function notAuthorized(callerArn: string, roleArn: string): AwsError {
  return new AwsError(
    'AccessDenied',
    `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    403,
  );
}

function assumeRole(form: URLSearchParams, ctx: StsContext): RoleSession {
  const request = parseAssumeRole(form);
  const { principal } = ctx;
  const chained = principal.kind === 'session';
  const denied = () => notAuthorized(principal.arn, request.roleArn);

  // Unknown roles are denied with the same words as untrusted callers, as AWS does.
  const role = ctx.roles.find(r => r.arn === request.roleArn);
  if (!role) throw denied();
  const principalArns =
    principal.kind === 'session'
      ? [principal.session.assumedRoleArn, principal.session.roleArn]
      : [principal.arn];
  if (!principalArns.some(arn => role.trustedPrincipalArns.includes(arn)))
    throw denied();
  if (role.externalId !== undefined && request.externalId !== role.externalId)
    throw denied();
  const inherited = chained ? transitiveTags(principal.session) : {};
  const sourceIdentity = chained
    ? principal.session.sourceIdentity ?? request.sourceIdentity
    : request.sourceIdentity;
  if ((role.requireSourceIdentity ?? true) && !sourceIdentity) throw denied();
  if (
    chained &&
    principal.session.sourceIdentity &&
    request.sourceIdentity &&
    request.sourceIdentity !== principal.session.sourceIdentity
  ) {
    throw denied();
  }
  for (const key of Object.keys(request.tags)) {
    if (
      Object.keys(inherited).some(k => k.toLowerCase() === key.toLowerCase())
    ) {
      throw new AwsError(
        'InvalidParameterValue',
        `Cannot override transitive tag: ${key}`,
      );
    }
  }
  if (
    role.allowedTagKeys &&
    Object.keys(request.tags).some(key => !role.allowedTagKeys!.includes(key))
  ) {
    throw denied();
  }
  const tags = { ...inherited, ...request.tags };
  const profileTagKey = role.profileTagKey ?? DEFAULT_PROFILE_TAG_KEY;
  if (profileTagKey && !tags[profileTagKey]) throw denied();

  const maxSeconds = role.maxSessionDurationSeconds ?? 3600;
  const duration = request.durationSeconds ?? Math.min(3600, maxSeconds);
  if (chained && duration > CHAINED_MAX_SECONDS) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (duration > maxSeconds) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }

  const [, partition, accountId, roleName] = ROLE_ARN_PATTERN.exec(role.arn)!;
  const lifetimeSeconds = ctx.sessionLifetimeSeconds ?? duration;
  return ctx.sessions.issue({
    roleArn: role.arn,
    roleName,
    roleId: stableAwsId('AROA', role.arn),
    accountId,
    sessionName: request.roleSessionName,
    assumedRoleArn: `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${request.roleSessionName}`,
    issuedInRegion: principal.region,
    tags,
    transitiveTagKeys: [
      ...new Set([
        ...(chained ? principal.session.transitiveTagKeys : []),
        ...request.transitiveTagKeys,
      ]),
    ],
    sourceIdentity,
    // Reported expiry follows DurationSeconds; the server's own view may be shorter.
    expiresAtMs: ctx.issueRevoked
      ? ctx.nowMs
      : ctx.nowMs + lifetimeSeconds * 1000,
    reportedExpiresAtMs: ctx.nowMs + duration * 1000,
  });
}

interface AssumeRoleRequest {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds?: number;
  sourceIdentity?: string;
  tags: Record<string, string>;
  transitiveTagKeys: string[];
}

/** AssumeRole's members as STS constrains them; the form's lists become arrays. */
const assumeRoleRequest = z.object({
  RoleArn: awsString({
    min: 20,
    max: 2048,
    pattern: /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD]+$/,
  }),
  RoleSessionName: awsString({ min: 2, max: 64, pattern: NAME_PATTERN }),
  ExternalId: awsString({
    min: 2,
    max: 1224,
    pattern: EXTERNAL_ID_PATTERN,
  }).optional(),
  SourceIdentity: awsString({
    min: 2,
    max: 64,
    pattern: NAME_PATTERN,
  }).optional(),
  // The query protocol sends text: an integer first, then in range.
  DurationSeconds: z
    .string()
    .refine(text => Number.isInteger(Number(text)), 'be an integer')
    .pipe(z.coerce.number().pipe(awsInteger(900, 43200)))
    .optional(),
  Tags: awsList(
    z.object({
      Key: awsString({
        min: 1,
        max: 128,
        pattern: TAG_PATTERN,
        lengthBetween: true,
      }),
      Value: awsString({ max: 256, pattern: TAG_PATTERN }),
    }),
    50,
  ),
  TransitiveTagKeys: z.array(z.string()),
});

const STS: ValidationDialect = {
  code: 'ValidationError',
  // Tags[0].Key -> tags.1.member.key
  memberName: path =>
    path
      .map(part =>
        typeof part === 'number' ? `${part + 1}.member` : lowerFirst(part),
      )
      .join('.'),
  missing: "'null'",
  firstPerMember: false,
};

/** The query protocol's `Name.member.N` list, up to the first gap. */
function formList<T>(
  name: string,
  read: (prefix: string) => T | undefined,
): T[] {
  const list: T[] = [];
  for (let n = 1; ; n++) {
    const entry = read(`${name}.member.${n}`);
    if (entry === undefined) return list;
    list.push(entry);
  }
}

function parseAssumeRole(form: URLSearchParams): AssumeRoleRequest {
  const field = (name: string) => form.get(name) ?? undefined;
  const request = validate(
    assumeRoleRequest,
    {
      RoleArn: field('RoleArn'),
      RoleSessionName: field('RoleSessionName'),
      ExternalId: field('ExternalId'),
      SourceIdentity: field('SourceIdentity'),
      DurationSeconds: field('DurationSeconds'),
      Tags: formList('Tags', prefix =>
        form.has(`${prefix}.Key`)
          ? {
              Key: form.get(`${prefix}.Key`),
              Value: form.get(`${prefix}.Value`) ?? '',
            }
          : undefined,
      ),
      TransitiveTagKeys: formList('TransitiveTagKeys', field),
    },
    STS,
  );
  const tags: Record<string, string> = {};
  for (const { Key: key, Value: value } of request.Tags) {
    if (Object.keys(tags).some(k => k.toLowerCase() === key.toLowerCase())) {
      throw new AwsError(
        'InvalidParameterValue',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    tags[key] = value;
  }
  const {
    RoleArn: roleArn,
    RoleSessionName: roleSessionName,
    ExternalId: externalId,
    DurationSeconds: durationSeconds,
    SourceIdentity: sourceIdentity,
    TransitiveTagKeys: transitiveTagKeys,
  } = request;
  if (!ROLE_ARN_PATTERN.test(roleArn)) {
    throw new AwsError('ValidationError', `${roleArn} is invalid`);
  }
  if (sourceIdentity?.toLowerCase().startsWith('aws:')) {
    throw new AwsError(
      'ValidationError',
      `SourceIdentity cannot start with the prefix 'aws:'`,
    );
  }
  const missingTransitive = transitiveTagKeys.find(key => !(key in tags));
  if (missingTransitive) {
    throw new AwsError(
      'InvalidParameterValue',
      `The specified transitive tag key must be included in the requested tags: ${missingTransitive}`,
    );
  }
  return {
    roleArn,
    roleSessionName,
    externalId,
    durationSeconds,
    sourceIdentity,
    tags,
    transitiveTagKeys,
  };
}

function transitiveTags(session: RoleSession): Record<string, string> {
  return Object.fromEntries(
    Object.entries(session.tags).filter(([key]) =>
      session.transitiveTagKeys.includes(key),
    ),
  );
}

function assumeRoleResult(session: RoleSession): string {
  const expiration = new Date(session.reportedExpiresAtMs)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const sourceIdentity = session.sourceIdentity
    ? `<SourceIdentity>${escapeXml(session.sourceIdentity)}</SourceIdentity>`
    : '';
  return (
    `${sourceIdentity}<AssumedRoleUser><AssumedRoleId>${
      session.roleId
    }:${escapeXml(session.sessionName)}</AssumedRoleId>` +
    `<Arn>${escapeXml(session.assumedRoleArn)}</Arn></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${session.accessKeyId}</AccessKeyId>` +
    `<SecretAccessKey>${escapeXml(session.secretAccessKey)}</SecretAccessKey>` +
    `<SessionToken>${escapeXml(session.sessionToken)}</SessionToken>` +
    `<Expiration>${expiration}</Expiration></Credentials>` +
    `<PackedPolicySize>${Math.min(
      100,
      Object.keys(session.tags).length * 3,
    )}</PackedPolicySize>`
  );
}

function callerIdentityResult(principal: Principal): string {
  const account =
    principal.kind === 'session'
      ? principal.session.accountId
      : /^arn:aws:[a-z]+::(\d{12}):/.exec(principal.arn)?.[1] ?? '';
  const userId =
    principal.kind === 'session'
      ? `${principal.session.roleId}:${principal.session.sessionName}`
      : principal.caller.accessKeyId;
  return `<Arn>${escapeXml(principal.arn)}</Arn><UserId>${escapeXml(
    userId,
  )}</UserId><Account>${account}</Account>`;
}

function xmlReply(action: string, result: string, requestId: string): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

export function newRequestId(): string {
  return randomUUID();
}
