import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { SWRConfig } from 'swr';
import {
  CheckStep,
  ImportPreviewPart,
  Lob,
  MembershipRecord,
  SageMakerStudioAdminApi,
  sageMakerStudioAdminApiRef,
} from '../api/adminApi';
import { SageMakerStudioAdminPageContent } from '../components/Admin/AdminPage';

export function lob(lobId: string, overrides: Partial<Lob> = {}): Lob {
  return {
    lobId,
    displayName: `Line of business ${lobId}`,
    accountId: '111111111111',
    region: 'us-east-1',
    domainId: `d-${lobId.replace(/[^a-z0-9]/g, '')}`,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'user:default/studio-admin',
    ...overrides,
  };
}

export function member(
  lobId: string,
  userRef: string,
  overrides: Partial<MembershipRecord> = {},
): MembershipRecord {
  return {
    lobId,
    userRef,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'user:default/studio-admin',
    ...overrides,
  };
}

/** A dry run's part that changes nothing. */
export function noChanges(
  overrides: Partial<ImportPreviewPart> = {},
): ImportPreviewPart {
  const none = { count: 0, rows: [] };
  return {
    added: none,
    changed: none,
    unchanged: 0,
    notInFile: none,
    ...overrides,
  };
}

/** A `checkLob` that runs these steps; the check passes when all of them do. */
export function checkRunning(
  steps: CheckStep[],
): SageMakerStudioAdminApi['checkLob'] {
  return async lobId => ({ lobId, ok: steps.every(step => step.ok), steps });
}

/** An admin API of jest mocks: two LOBs, one member each, writes succeed. */
export function fakeAdminApi(
  overrides: Partial<SageMakerStudioAdminApi> = {},
): jest.Mocked<SageMakerStudioAdminApi> {
  const impl: SageMakerStudioAdminApi = {
    listLobs: async () => ({ items: [lob('lob-a'), lob('lob-b')] }),
    getLob: async lobId => lob(lobId),
    createLob: async input => ({
      item: { ...lob(input.lobId), ...input },
      warnings: [],
    }),
    updateLob: async (lobId, update) => ({
      item: { ...lob(lobId), ...update, version: update.version + 1 },
      warnings: [],
    }),
    deleteLob: async () => ({ removedMembers: 0 }),
    checkLob: async lobId => ({ lobId, ok: true, steps: [] }),
    listMemberships: async ({ lobId }) => ({
      items: [member(lobId!, `user:default/user-${lobId}`)],
    }),
    putMembership: async (lobId, userRef, change) => ({
      item: member(lobId, userRef, {
        userProfileName: change.userProfileName,
        version: (change.version ?? 0) + 1,
      }),
      warnings: [],
    }),
    deleteMembership: async () => undefined,
    exportMappings: async () => 'kind,lobId\n',
    importMappings: async () => ({
      lobs: { created: 0, updated: 0, unchanged: 0 },
      memberships: { created: 0, updated: 0, unchanged: 0 },
    }),
    dryRunImport: async () => ({
      dryRun: true,
      lobs: 0,
      memberships: 0,
      preview: { lobs: noChanges(), memberships: noChanges() },
    }),
    listEffectiveMembers: async lobId => ({
      lobId,
      members: [
        {
          userRef: `user:default/user-${lobId}`,
          userProfileName: `user-${lobId}`,
          via: 'direct',
        },
      ],
      unknownGroups: [],
      truncated: false,
    }),
    listProvisionedProfiles: async () => ({ items: [] }),
    ...overrides,
  };
  const mocked = {} as Record<string, jest.Mock>;
  for (const [name, fn] of Object.entries(impl)) {
    mocked[name] = jest.fn(fn as (...args: any[]) => any);
  }
  return mocked as unknown as jest.Mocked<SageMakerStudioAdminApi>;
}

/** The error the client throws for a Backstage error body with extras. */
export function adminError(
  status: number,
  name: string,
  message: string,
  extra: Record<string, unknown> = {},
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message, ...extra },
        response: { statusCode: status },
      }),
      {
        status,
        headers: {
          'Content-Type': 'application/json',
          'X-Correlation-Id': 'corr-admin',
        },
      },
    ),
  );
}

/** Where the catalog's entity pages mount, so that entity links resolve. */
export const CATALOG_ROUTES = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

/** The catalog the member picker searches: a group and a user. */
export const CATALOG_ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'data-scientists', namespace: 'default' },
    spec: {
      type: 'team',
      children: [],
      profile: { displayName: 'Data scientists' },
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'jane', namespace: 'default' },
    spec: { profile: { displayName: 'Jane Doe' } },
  },
];

/** Who the signed-in user is to the permission framework. */
export type AdminRole = 'admin' | 'reader' | 'none';

function permissions(role: AdminRole) {
  return mockApis.permission({
    authorize: request => {
      const name = request.permission.name;
      const allowed =
        role === 'admin' ||
        (role === 'reader' && name === 'sagemaker-studio.mapping.read');
      return allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
    },
  });
}

/** Renders the admin page body in a test app with the given admin API. */
export function renderAdminPage(
  api: SageMakerStudioAdminApi,
  options: { role?: AdminRole; pageSize?: number; catalogApi?: object } = {},
) {
  const {
    role = 'admin',
    pageSize = 25,
    catalogApi = catalogApiMock({ entities: CATALOG_ENTITIES }),
  } = options;
  // usePermission caches decisions in SWR's global cache: one cache per test.
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <SageMakerStudioAdminPageContent pageSize={pageSize} />
    </SWRConfig>,
    {
      mountedRoutes: CATALOG_ROUTES,
      apis: [
        [sageMakerStudioAdminApiRef, api],
        [permissionApiRef, permissions(role)],
        [catalogApiRef, catalogApi as any],
      ],
    },
  );
}
