import { z } from 'zod';
import { patterns } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  awsInteger,
  awsString,
  jsonMemberName,
  requestValidator,
  type ValidationDialect,
} from './validation';

/** The members of each SageMaker operation the stand-in serves, as SageMaker constrains them. */

// The portal's own rules for these identifiers (one source of truth).
const domainId = awsString({ max: 63, pattern: patterns.domainId });
const userProfileName = awsString({
  max: 63,
  pattern: patterns.userProfileName,
});
const spaceName = awsString({ max: 63, pattern: patterns.spaceName });
/** SageMaker's Tag shape allows the same characters as STS session tags. */
const tagText = (max: number) =>
  awsString({ max, pattern: patterns.stsTagCharacters });
const nameContains = awsString({ max: 63, pattern: /^[a-zA-Z0-9-]+$/ });
/** MaxResults and NextToken, as the SageMaker List* operations declare them. */
const pagingMembers = {
  MaxResults: awsInteger(1, 100).optional(),
  NextToken: awsString({ max: 8192 }).optional(),
};

const sorting = {
  SortBy: awsString({
    pattern: /^(CreationTime|LastModifiedTime)$/,
  }).optional(),
  SortOrder: awsString({ pattern: /^(Ascending|Descending)$/ }).optional(),
};

const requests = {
  CreatePresignedDomainUrl: z.object({
    DomainId: domainId,
    UserProfileName: userProfileName,
    // Validated only: the stand-in's Studio session lasts as long as the cookie.
    SessionExpirationDurationInSeconds: awsInteger(1800, 43200).optional(),
    ExpiresInSeconds: awsInteger(5, 300).optional(),
    SpaceName: spaceName.optional(),
    LandingUri: awsString({ max: 1023 }).optional(),
  }),
  CreateUserProfile: z.object({
    DomainId: domainId,
    UserProfileName: userProfileName,
    Tags: z
      .array(z.object({ Key: tagText(128), Value: tagText(256).optional() }))
      .optional(),
    UserSettings: z
      .object({
        ExecutionRole: awsString({
          max: 2048,
          pattern: patterns.roleArn,
        }).optional(),
      })
      .optional(),
  }),
  DescribeDomain: z.object({ DomainId: domainId }),
  DescribeUserProfile: z.object({
    DomainId: domainId,
    UserProfileName: userProfileName,
  }),
  ListTags: z.object({
    ResourceArn: awsString({ max: 256 }),
    ...pagingMembers,
  }),
  ListUserProfiles: z.object({
    DomainIdEquals: domainId.optional(),
    UserProfileNameContains: nameContains.optional(),
    ...pagingMembers,
    ...sorting,
  }),
  ListApps: z.object({
    DomainIdEquals: domainId.optional(),
    UserProfileNameEquals: userProfileName.optional(),
    SpaceNameEquals: spaceName.optional(),
    ...pagingMembers,
    SortBy: awsString({ pattern: /^CreationTime$/ }).optional(),
    SortOrder: sorting.SortOrder,
  }),
  ListSpaces: z.object({
    DomainIdEquals: domainId.optional(),
    SpaceNameContains: nameContains.optional(),
    ...pagingMembers,
    ...sorting,
  }),
};

const SAGEMAKER: ValidationDialect = {
  code: 'ValidationException',
  memberName: jsonMemberName,
  missing: 'null',
  firstPerMember: true,
};

/** The operation's members, or SageMaker's ValidationException / SerializationException. */
export const sageMakerRequest = requestValidator(requests, SAGEMAKER);
