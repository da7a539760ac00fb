import { usePermission } from '@backstage/plugin-permission-react';
import {
  sagemakerStudioMappingReadPermission,
  sagemakerStudioMappingUpdatePermission,
} from '@studio-portal/plugin-sagemaker-studio-common';

/**
 * What the signed-in user may do on the admin page. For usability only:
 * the backend checks the same permissions on every call.
 */
export function useAdminPermissions() {
  const read = usePermission({
    permission: sagemakerStudioMappingReadPermission,
  });
  const update = usePermission({
    permission: sagemakerStudioMappingUpdatePermission,
  });
  return {
    loading: read.loading || update.loading,
    canRead: !read.error && read.allowed,
    canUpdate: !update.error && update.allowed,
  };
}
