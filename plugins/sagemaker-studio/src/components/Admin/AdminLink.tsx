import Button from '@mui/material/Button';
import { Link as RouterLink } from 'react-router-dom';
import { useAdminPermissions } from './useAdminPermissions';

/**
 * Link to the admin page, shown only to those who may read the mappings.
 * Relative, so it works wherever the plugin page is mounted.
 */
export function AdminLink() {
  const { loading, canRead } = useAdminPermissions();
  if (loading || !canRead) return null;
  return (
    <Button component={RouterLink} to="admin" variant="outlined">
      Administer lines of business
    </Button>
  );
}
