import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createPermission } from '@backstage/plugin-permission-common';
import {
  sagemakerStudioLaunchPermission,
  sagemakerStudioMappingReadPermission,
  sagemakerStudioMappingUpdatePermission,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { StudioPortalPolicy } from './permissionPolicy';

const user = (ref: string, groups: string[] = []) => ({
  identity: {
    type: 'user' as const,
    userEntityRef: ref,
    ownershipEntityRefs: [ref, ...groups],
  },
  info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  token: 'token',
  credentials: {} as any,
});

const admin = user('user:default/studio-admin', [
  'group:default/Studio-Admins',
]);
const scientist = user('user:default/jane', ['group:default/data-scientists']);
const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
});

describe('StudioPortalPolicy', () => {
  const policy = new StudioPortalPolicy({
    adminGroups: ['group:default/studio-admins'],
  });

  it('lets only admin group members read and change mappings (refs compare case-insensitively)', async () => {
    for (const permission of [
      sagemakerStudioMappingReadPermission,
      sagemakerStudioMappingUpdatePermission,
    ]) {
      expect(await policy.handle({ permission }, admin as any)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
      expect(await policy.handle({ permission }, scientist as any)).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('lets every signed-in user launch unless launchGroups narrows it', async () => {
    const query = { permission: sagemakerStudioLaunchPermission };
    expect(await policy.handle(query, scientist as any)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    const narrowed = new StudioPortalPolicy({
      adminGroups: [],
      launchGroups: ['group:default/data-scientists'],
    });
    expect(await narrowed.handle(query, scientist as any)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await narrowed.handle(query, admin as any)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('denies everything to requests without a user', async () => {
    expect(await policy.handle({ permission: catalogRead })).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(
      await policy.handle({ permission: sagemakerStudioLaunchPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows other Backstage permissions to signed-in users', async () => {
    expect(
      await policy.handle({ permission: catalogRead }, scientist as any),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
