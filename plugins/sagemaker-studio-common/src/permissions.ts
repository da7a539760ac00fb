import { createPermission } from '@backstage/plugin-permission-common';

/**
 * May open (get a presigned URL for) one's own Studio user profile.
 *
 * @public
 */
export const sagemakerStudioLaunchPermission = createPermission({
  name: 'sagemaker-studio.launch',
  attributes: {},
});

/**
 * May read every LOB and membership mapping (the admin views).
 *
 * @public
 */
export const sagemakerStudioMappingReadPermission = createPermission({
  name: 'sagemaker-studio.mapping.read',
  attributes: { action: 'read' },
});

/**
 * May create, change and delete LOB and membership mappings.
 *
 * @public
 */
export const sagemakerStudioMappingUpdatePermission = createPermission({
  name: 'sagemaker-studio.mapping.update',
  attributes: { action: 'update' },
});

/** @public */
export const sagemakerStudioPermissions = [
  sagemakerStudioLaunchPermission,
  sagemakerStudioMappingReadPermission,
  sagemakerStudioMappingUpdatePermission,
];
