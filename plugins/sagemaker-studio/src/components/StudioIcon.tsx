import type { IconComponent } from '@backstage/core-plugin-api';
import { createSvgIcon } from '@mui/material/utils';

/**
 * A notebook-and-flask glyph for the nav item and page header; exported as
 * `SageMakerStudioIcon` for a legacy app's sidebar item.
 *
 * @public
 */
export const StudioIcon: IconComponent = createSvgIcon(
  <path d="M4 3h11a2 2 0 0 1 2 2v4h-2V5H4v14h6v2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2 4h7v2H6V7zm0 4h5v2H6v-2zm10-1h4v2h-.5v3.2l3.3 5.3A1 1 0 0 1 22 22h-8a1 1 0 0 1-.8-1.5l3.3-5.3V12H16v-2z" />,
  'SageMakerStudio',
);
