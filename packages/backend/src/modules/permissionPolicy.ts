import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  sagemakerStudioLaunchPermission,
  sagemakerStudioMappingReadPermission,
  sagemakerStudioMappingUpdatePermission,
} from '@studio-portal/plugin-sagemaker-studio-common';

export interface StudioPortalPolicyOptions {
  /** Groups (entity refs) whose members may read and edit LOB mappings. */
  adminGroups: string[];
  /** When set, only members of these groups (or users) may open Studio. */
  launchGroups?: string[];
}

const MAPPING_PERMISSIONS = new Set([
  sagemakerStudioMappingReadPermission.name,
  sagemakerStudioMappingUpdatePermission.name,
]);

/**
 * The portal's policy: mapping administration is for the admin groups only;
 * opening Studio is for every signed-in user unless `launchGroups` narrows
 * it (the backend still checks LOB membership); other Backstage permissions
 * are allowed for signed-in users and denied to everyone else.
 */
export class StudioPortalPolicy implements PermissionPolicy {
  private readonly adminGroups: Set<string>;
  private readonly launchGroups?: Set<string>;

  constructor(options: StudioPortalPolicyOptions) {
    this.adminGroups = new Set(options.adminGroups.map(normalize));
    this.launchGroups =
      options.launchGroups && new Set(options.launchGroups.map(normalize));
  }

  static fromConfig(config: Config): StudioPortalPolicy {
    const policy = config.getOptionalConfig('permission.sagemakerStudio');
    return new StudioPortalPolicy({
      adminGroups: policy?.getOptionalStringArray('adminGroups') ?? [],
      launchGroups: policy?.getOptionalStringArray('launchGroups'),
    });
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return { result: AuthorizeResult.DENY };
    const refs = user.info.ownershipEntityRefs.map(normalize);
    const memberOf = (groups: Set<string>) => refs.some(ref => groups.has(ref));

    if (MAPPING_PERMISSIONS.has(request.permission.name)) {
      return {
        result: memberOf(this.adminGroups)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    if (request.permission.name === sagemakerStudioLaunchPermission.name) {
      const allowed = !this.launchGroups || memberOf(this.launchGroups);
      return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

function normalize(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

export const studioPortalPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'studio-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(StudioPortalPolicy.fromConfig(config));
      },
    });
  },
});
