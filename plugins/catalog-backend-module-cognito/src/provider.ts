import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { cognitoAnnotations } from '@studio-portal/plugin-sagemaker-studio-common';
import type { CognitoProviderConfig } from './config';
import {
  BadRecordError,
  groupToEntity,
  isCatalogUser,
  poolLocation,
  userToEntity,
  type MappingContext,
} from './mapping';
import { SdkUserPoolReader, type UserPoolReader } from './reader';

/**
 * What one run read and wrote.
 *
 * @public
 */
export interface CognitoRefreshResult {
  users: number;
  groups: number;
  /** Disabled or unconfirmed users, left out on purpose. */
  leftOut: number;
  /** Bad records and name collisions, logged and skipped. */
  skipped: number;
  durationMs: number;
}

/** @public */
export interface CognitoUserPoolEntityProviderOptions {
  config: CognitoProviderConfig;
  reader: UserPoolReader;
  logger: LoggerService;
  /** Runs `refresh` on the schedule; without one, call `refresh` yourself. */
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * Users and groups of one Cognito user pool as User and Group entities:
 * users from ListUsers (disabled and unconfirmed users left out), groups
 * from ListGroups with members from ListUsersInGroup, as one full mutation
 * per run so that users and groups removed from the pool leave the catalog.
 * A run that cannot read the whole pool changes nothing.
 *
 * @public
 */
export class CognitoUserPoolEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly logger: LoggerService;

  static fromConfig(
    configs: CognitoProviderConfig[],
    deps: { logger: LoggerService; scheduler: SchedulerService },
  ): CognitoUserPoolEntityProvider[] {
    return configs.map(
      config =>
        new CognitoUserPoolEntityProvider({
          config,
          reader: SdkUserPoolReader.fromConfig(config),
          logger: deps.logger,
          taskRunner: deps.scheduler.createScheduledTaskRunner(config.schedule),
        }),
    );
  }

  constructor(private readonly options: CognitoUserPoolEntityProviderOptions) {
    this.logger = options.logger.child({
      target: this.getProviderName(),
      userPoolId: options.config.userPoolId,
    });
  }

  getProviderName(): string {
    return `CognitoUserPoolEntityProvider:${this.options.config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  /** Reads the whole pool and replaces this provider's entities with it. */
  async refresh(): Promise<CognitoRefreshResult> {
    if (!this.connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const started = Date.now();
    const { entities, ...counts } = await this.readPool();
    await this.connection.applyMutation({ type: 'full', entities });
    const result = { ...counts, durationMs: Date.now() - started };
    this.logger.info(
      `Read ${result.users} users and ${result.groups} groups from Cognito user pool ${this.options.config.userPoolId} ` +
        `(${result.leftOut} disabled or unconfirmed left out, ${result.skipped} skipped) in ${result.durationMs} ms`,
    );
    return result;
  }

  /** The entities of the whole pool; throws (and so changes nothing) when a read fails. */
  async readPool(): Promise<
    Omit<CognitoRefreshResult, 'durationMs'> & { entities: DeferredEntity[] }
  > {
    const { reader, config } = this.options;
    const ctx: MappingContext = {
      userPoolId: config.userPoolId,
      userNameFrom: config.userNameFrom,
      groupType: config.groupType,
    };
    let skipped = 0;
    const skip = (error: unknown) => {
      if (!(error instanceof BadRecordError)) throw error;
      skipped += 1;
      this.logger.warn(`Skipped a record of the pool: ${error.message}`);
    };

    // Groups first, so that each user's memberOf is known when it is mapped.
    const groups: Entity[] = [];
    const groupsOfUser = new Map<string, string[]>();
    for await (const page of reader.listGroups()) {
      for (const group of page) {
        try {
          const entity = groupToEntity(group, ctx);
          groups.push(entity);
          for await (const members of reader.listUsersInGroup(
            group.GroupName!,
          )) {
            for (const username of members) {
              const list = groupsOfUser.get(username) ?? [];
              list.push(entity.metadata.name);
              groupsOfUser.set(username, list);
            }
          }
        } catch (error) {
          skip(error);
        }
      }
    }

    const users: Entity[] = [];
    let leftOut = 0;
    for await (const page of reader.listUsers()) {
      for (const user of page) {
        if (!isCatalogUser(user)) {
          leftOut += 1;
          continue;
        }
        try {
          users.push(
            userToEntity(
              user,
              groupsOfUser.get(user.Username ?? '') ?? [],
              ctx,
            ),
          );
        } catch (error) {
          skip(error);
        }
      }
    }

    const kept = [
      ...this.withoutCollisions(users, 'user'),
      ...this.withoutCollisions(groups, 'group'),
    ];
    skipped += users.length + groups.length - kept.length;
    const locationKey = poolLocation(config.userPoolId);
    return {
      users: kept.filter(e => e.kind === 'User').length,
      groups: kept.filter(e => e.kind === 'Group').length,
      leftOut,
      skipped,
      entities: kept.map(entity => ({ entity, locationKey })),
    };
  }

  /**
   * The naming rule never gives two records one name; should it ever happen
   * (a 60-bit hash collision), neither record gets it rather than one
   * person acting as the other. The same record listed twice (a page
   * repeated while the pool changed) is kept once.
   */
  private withoutCollisions(entities: Entity[], what: string): Entity[] {
    const byName = new Map<string, Entity[]>();
    for (const entity of entities) {
      const key = entity.metadata.name.toLocaleLowerCase('en-US');
      byName.set(key, [...(byName.get(key) ?? []), entity]);
    }
    const kept: Entity[] = [];
    for (const [name, same] of byName) {
      const identities = new Set(same.map(identityOf));
      if (identities.size === 1) {
        kept.push(same[0]);
      } else {
        this.logger.error(
          `Skipped ${same.length} pool ${what}s that would all be named ${name}`,
        );
      }
    }
    return kept;
  }
}

/** What a record is in the pool: a user's sub or a group's name. */
function identityOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[cognitoAnnotations.sub] ??
    annotations[cognitoAnnotations.groupName]
  );
}
