import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  createUnifiedTheme,
  defaultComponentThemes,
  palettes,
  UnifiedThemeProvider,
  type UnifiedTheme,
  type UnifiedThemeOptions,
} from '@backstage/theme';
import DarkIcon from '@material-ui/icons/Brightness2';
import LightIcon from '@material-ui/icons/WbSunny';

/** Backstage's own CssBaseline overrides, kept (ours are merged in). */
type CssBaselineOverrides = (theme: unknown) => Record<string, unknown>;

/**
 * Backstage's themes, with a visible outline on whatever has keyboard focus:
 * MUI marks it with a ripple only, which is easy to miss.
 * `body :focus-visible` outranks MUI's `outline: 0` on buttons and inputs.
 */
export function withFocusOutline(
  palette: UnifiedThemeOptions['palette'],
): UnifiedTheme {
  const baseline = defaultComponentThemes?.MuiCssBaseline
    ?.styleOverrides as CssBaselineOverrides;
  return createUnifiedTheme({
    palette,
    components: {
      MuiCssBaseline: {
        styleOverrides: theme => ({
          ...baseline(theme),
          'body :focus-visible': {
            outline: `2px solid ${theme.palette.primary.main}`,
            outlineOffset: 2,
          },
        }),
      },
    },
  });
}

const lightTheme = withFocusOutline(palettes.light);
const darkTheme = withFocusOutline(palettes.dark);

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
          Provider: ({ children }) => (
            <UnifiedThemeProvider theme={lightTheme}>
              {children}
            </UnifiedThemeProvider>
          ),
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
          Provider: ({ children }) => (
            <UnifiedThemeProvider theme={darkTheme}>
              {children}
            </UnifiedThemeProvider>
          ),
        },
      },
    }),
  ],
});
