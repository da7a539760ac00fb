import { z } from 'zod';
import {
  article,
  awsInteger,
  jsonMemberName,
  requestValidator,
  type ValidationDialect,
} from './validation';

/** Cognito's page size limit for the List* operations. */
export const MAX_PAGE = 60;

/** Cognito answers an empty required string as a missing one. */
const required = z.preprocess(
  value => (value === '' ? undefined : value),
  z.string(),
);
const optional = z.string().optional();
const attributes = z.array(z.object({ Name: z.string(), Value: z.string() }));
const limit = awsInteger(0, MAX_PAGE).optional();
const user = { Username: required };
const groupMember = { Username: required, GroupName: required };

/** The members of each Cognito operation the stand-in serves. */
const requests = {
  ListUsers: z.object({
    AttributesToGet: z.array(z.string()).optional(),
    Filter: optional,
    Limit: limit,
    PaginationToken: optional,
  }),
  ListGroups: z.object({ Limit: limit, NextToken: optional }),
  ListUsersInGroup: z.object({
    GroupName: required,
    Limit: limit,
    NextToken: optional,
  }),
  AdminGetUser: z.object(user),
  AdminListGroupsForUser: z.object({
    ...user,
    Limit: limit,
    NextToken: optional,
  }),
  AdminCreateUser: z.object({
    ...user,
    UserAttributes: attributes.optional(),
    TemporaryPassword: optional,
  }),
  AdminSetUserPassword: z.object({
    ...user,
    Password: required,
    Permanent: z.boolean().optional(),
  }),
  AdminUpdateUserAttributes: z.object({ ...user, UserAttributes: attributes }),
  AdminDisableUser: z.object(user),
  AdminEnableUser: z.object(user),
  AdminDeleteUser: z.object(user),
  AdminAddUserToGroup: z.object(groupMember),
  AdminRemoveUserFromGroup: z.object(groupMember),
  CreateGroup: z.object({
    GroupName: required,
    Description: optional,
    Precedence: awsInteger(0, 2147483647).optional(),
  }),
  DeleteGroup: z.object({ GroupName: required }),
  /** Every operation names its pool; checked before the operation's own members. */
  Pool: z.object({ UserPoolId: required }),
};

const COGNITO: ValidationDialect = {
  code: 'InvalidParameterException',
  memberName: jsonMemberName,
  missing: '',
  firstPerMember: true,
  typeError: (member, expected) =>
    `Value for ${member} must be ${article(expected)}.`,
};

/** The operation's members, or Cognito's InvalidParameterException / SerializationException. */
export const cognitoRequest = requestValidator(requests, COGNITO);
