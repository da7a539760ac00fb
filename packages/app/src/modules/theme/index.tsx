import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import { themes, UnifiedThemeProvider } from '@backstage/theme';
import GlobalStyles from '@mui/material/GlobalStyles';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';
import type { ReactNode } from 'react';

/**
 * A visible outline on whatever has keyboard focus, in the theme's primary
 * colour: MUI marks focus with a ripple or a border colour only, which is
 * easy to miss. Important, as MUI's inputs and selects set `outline: 0` on
 * focus with more specific rules; a mouse click shows no outline
 * (`:focus-visible`).
 */
export function FocusOutline() {
  return (
    <GlobalStyles
      styles={theme => ({
        'body :focus-visible': {
          outline: `2px solid ${theme.palette.primary.main} !important`,
          outlineOffset: 2,
        },
      })}
    />
  );
}

function provider(theme: typeof themes.light) {
  return ({ children }: { children: ReactNode }) => (
    <UnifiedThemeProvider theme={theme}>
      <FocusOutline />
      {children}
    </UnifiedThemeProvider>
  );
}

/** Backstage's light and dark themes, with the focus outline. */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    ThemeBlueprint.make({
      name: 'light',
      params: {
        theme: {
          id: 'light',
          title: 'Light Theme',
          variant: 'light',
          icon: <LightIcon />,
          Provider: provider(themes.light),
        },
      },
    }),
    ThemeBlueprint.make({
      name: 'dark',
      params: {
        theme: {
          id: 'dark',
          title: 'Dark Theme',
          variant: 'dark',
          icon: <DarkIcon />,
          Provider: provider(themes.dark),
        },
      },
    }),
  ],
});
