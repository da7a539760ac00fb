import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import {
  sageMakerStudioAdminApiRef,
  SageMakerStudioAdminClient,
  sageMakerStudioApiRef,
  SageMakerStudioClient,
} from './api';
import { OpenStudioWidgetRenderer } from './components/OpenStudio/OpenStudioWidgetRenderer';
import { StudioIcon } from './components/StudioIcon';
import { rootRouteRef } from './routes';

/**
 * Name under which the home page layout config refers to the card.
 *
 * @public
 */
export const OPEN_STUDIO_WIDGET_NAME = 'SageMakerStudioOpenStudio';

/** The sidebar's label: "SageMaker Studio" is cut off there. */
const NAV_LABEL = 'Studio';

export const sageMakerStudioApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: sageMakerStudioApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SageMakerStudioClient({ discoveryApi, fetchApi }),
    }),
});

const sageMakerStudioAdminApi = ApiBlueprint.make({
  name: 'admin',
  params: defineParams =>
    defineParams({
      api: sageMakerStudioAdminApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SageMakerStudioAdminClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The page; the app's nav lists it through its title and icon. The title is
 * the nav's label, short enough for the sidebar; the page draws Backstage's
 * standard header (title, subtitle) itself, as on the legacy system.
 */
const sageMakerStudioPage = PageBlueprint.make({
  params: {
    path: '/sagemaker-studio',
    title: NAV_LABEL,
    icon: <StudioIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/SageMakerStudioPage').then(m => (
        <m.SageMakerStudioPage />
      )),
  },
});

/**
 * The admin page. No route ref, so that the nav does not list it: the
 * plugin page links to it, for admins only.
 */
const sageMakerStudioAdminPage = PageBlueprint.make({
  name: 'admin',
  params: {
    path: '/sagemaker-studio/admin',
    title: 'SageMaker Studio admin',
    noHeader: true,
    loader: () =>
      import('./components/Admin').then(m => <m.SageMakerStudioAdminPage />),
  },
});

/** The "Open Studio" card on the home page. */
export const openStudioHomeWidget = HomePageWidgetBlueprint.make({
  name: 'open-studio',
  params: {
    name: OPEN_STUDIO_WIDGET_NAME,
    title: 'SageMaker Studio',
    description: 'Open Amazon SageMaker Studio in your line of business',
    layout: {
      width: { minColumns: 3, defaultColumns: 4 },
      height: { minRows: 4, defaultRows: 6 },
    },
    // A card whose body scrolls instead of clipping what does not fit.
    componentProps: { Renderer: OpenStudioWidgetRenderer },
    components: () =>
      import('./components/OpenStudio').then(m => ({
        Content: m.OpenStudioContent,
      })),
  },
});

/**
 * The plugin for apps on the new frontend system.
 *
 * @public
 */
export const sageMakerStudioPlugin = createFrontendPlugin({
  pluginId: 'sagemaker-studio',
  title: 'SageMaker Studio',
  icon: <StudioIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    sageMakerStudioApi,
    sageMakerStudioAdminApi,
    sageMakerStudioPage,
    sageMakerStudioAdminPage,
    openStudioHomeWidget,
  ],
});
