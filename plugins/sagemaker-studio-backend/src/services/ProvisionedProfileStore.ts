import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  profileClaimKey,
  type ProvisionedProfile,
} from '@studio-portal/plugin-sagemaker-studio-common';
import {
  MEMBERS_BY_LOB_INDEX,
  withoutUndefined,
  type DynamoCalls,
  type MappingTables,
} from '@studio-portal/plugin-sagemaker-studio-node';

/** Index partition of a LOB's provisioned profiles (never a LOB id: it holds ':'). */
const partitionOf = (lobId: string) => `provisioned:${lobId}`;

/**
 * The Studio user profiles the portal created, one item per (LOB, profile)
 * in the memberships table (`provisioned:<lobId>/<profile>`, index
 * partition `provisioned:<lobId>`), for the admin page. SageMaker holds the
 * truth (the profile and its tags); this is the portal's record of what it
 * made and for whom.
 */
export class ProvisionedProfileStore {
  constructor(
    private readonly calls: DynamoCalls,
    private readonly tables: MappingTables,
  ) {}

  async record(profile: ProvisionedProfile): Promise<void> {
    await this.calls.write(
      new PutCommand({
        TableName: this.tables.membershipsTable,
        Item: withoutUndefined({
          ...profile,
          userRef: `${partitionOf(profile.lobId)}/${profileClaimKey(
            profile.userProfileName,
          )}`,
          lobId: partitionOf(profile.lobId),
          createdFor: profile.userRef,
          claimLobId: profile.lobId,
        }),
      }),
    );
  }

  async list(lobId: string): Promise<ProvisionedProfile[]> {
    const items = await this.calls.readAll(
      startKey =>
        new QueryCommand({
          TableName: this.tables.membershipsTable,
          IndexName: MEMBERS_BY_LOB_INDEX,
          KeyConditionExpression: 'lobId = :partition',
          ExpressionAttributeValues: { ':partition': partitionOf(lobId) },
          ExclusiveStartKey: startKey,
        }),
    );
    return items
      .map(
        (item): ProvisionedProfile =>
          withoutUndefined({
            lobId: item.claimLobId,
            domainId: item.domainId,
            userProfileName: item.userProfileName,
            userRef: item.createdFor,
            viaGroup: item.viaGroup,
            createdAt: item.createdAt,
          }),
      )
      .sort((a, b) => a.userProfileName.localeCompare(b.userProfileName));
  }
}
