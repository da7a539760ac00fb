import { randomUUID } from 'node:crypto';
import type { Principal } from './authenticate';
import { AwsError, escapeXml, type Reply } from './http';
import { awsId, type RoleSession, type SessionStore } from './sessions';
import type { StandInRole } from './types';

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
    roleId: roleIdFor(role.arn),
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

function parseAssumeRole(form: URLSearchParams): AssumeRoleRequest {
  const errors: string[] = [];
  const check = (
    ok: boolean,
    value: string | undefined,
    member: string,
    constraint: string,
  ) => {
    if (!ok)
      errors.push(
        `Value '${value}' at '${member}' failed to satisfy constraint: Member must ${constraint}`,
      );
    return ok;
  };
  const stringMember = (
    name: string,
    member: string,
    min: number,
    max: number,
    pattern: RegExp,
    required: boolean,
  ) => {
    const value = form.get(name) ?? undefined;
    if (value === undefined) {
      check(!required, 'null', member, 'not be null');
      return undefined;
    }
    check(
      value.length >= min,
      value,
      member,
      `have length greater than or equal to ${min}`,
    );
    check(
      value.length <= max,
      value,
      member,
      `have length less than or equal to ${max}`,
    );
    check(
      pattern.test(value),
      value,
      member,
      `satisfy regular expression pattern: ${patternText(pattern)}`,
    );
    return value;
  };

  const roleArn = stringMember(
    'RoleArn',
    'roleArn',
    20,
    2048,
    /^[\t\n\r\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD]+$/,
    true,
  );
  const roleSessionName = stringMember(
    'RoleSessionName',
    'roleSessionName',
    2,
    64,
    NAME_PATTERN,
    true,
  );
  const externalId = stringMember(
    'ExternalId',
    'externalId',
    2,
    1224,
    EXTERNAL_ID_PATTERN,
    false,
  );
  const sourceIdentity = stringMember(
    'SourceIdentity',
    'sourceIdentity',
    2,
    64,
    NAME_PATTERN,
    false,
  );
  const durationText = form.get('DurationSeconds') ?? undefined;
  let durationSeconds: number | undefined;
  if (durationText !== undefined) {
    durationSeconds = Number(durationText);
    if (
      check(
        Number.isInteger(durationSeconds),
        durationText,
        'durationSeconds',
        'be an integer',
      )
    ) {
      check(
        durationSeconds >= 900,
        durationText,
        'durationSeconds',
        'have value greater than or equal to 900',
      );
      check(
        durationSeconds <= 43200,
        durationText,
        'durationSeconds',
        'have value less than or equal to 43200',
      );
    }
  }

  const tags: Record<string, string> = {};
  for (let n = 1; form.has(`Tags.member.${n}.Key`); n++) {
    const key = form.get(`Tags.member.${n}.Key`)!;
    const value = form.get(`Tags.member.${n}.Value`) ?? '';
    const member = `tags.${n}.member`;
    check(
      key.length >= 1 && key.length <= 128,
      key,
      `${member}.key`,
      'have length between 1 and 128',
    );
    check(
      TAG_PATTERN.test(key),
      key,
      `${member}.key`,
      `satisfy regular expression pattern: ${patternText(TAG_PATTERN)}`,
    );
    check(
      value.length <= 256,
      value,
      `${member}.value`,
      'have length less than or equal to 256',
    );
    check(
      TAG_PATTERN.test(value),
      value,
      `${member}.value`,
      `satisfy regular expression pattern: ${patternText(TAG_PATTERN)}`,
    );
    if (Object.keys(tags).some(k => k.toLowerCase() === key.toLowerCase())) {
      throw new AwsError(
        'InvalidParameterValue',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    tags[key] = value;
  }
  if (Object.keys(tags).length > 50) {
    errors.push(
      `Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50`,
    );
  }
  const transitiveTagKeys: string[] = [];
  for (let n = 1; form.has(`TransitiveTagKeys.member.${n}`); n++) {
    transitiveTagKeys.push(form.get(`TransitiveTagKeys.member.${n}`)!);
  }

  if (errors.length > 0) {
    const count =
      errors.length === 1
        ? '1 validation error'
        : `${errors.length} validation errors`;
    throw new AwsError(
      'ValidationError',
      `${count} detected: ${errors.join('; ')}`,
    );
  }
  if (!ROLE_ARN_PATTERN.test(roleArn!)) {
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
    roleArn: roleArn!,
    roleSessionName: roleSessionName!,
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

function patternText(pattern: RegExp): string {
  return pattern.source.replace(/^\^/, '').replace(/\$$/, '');
}

/** A stable AROA id per role, as AWS keeps one per role. */
const roleIds = new Map<string, string>();
function roleIdFor(roleArn: string): string {
  let id = roleIds.get(roleArn);
  if (!id) {
    id = awsId('AROA');
    roleIds.set(roleArn, id);
  }
  return id;
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
