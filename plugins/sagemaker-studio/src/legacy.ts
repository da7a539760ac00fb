import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  sageMakerStudioAdminApiRef,
  SageMakerStudioAdminClient,
  sageMakerStudioApiRef,
  SageMakerStudioClient,
} from './api';

const legacyRootRouteRef = createRouteRef({ id: 'sagemaker-studio' });
const legacyAdminRouteRef = createRouteRef({ id: 'sagemaker-studio-admin' });

/**
 * The plugin for apps still on the legacy frontend system.
 *
 * @public
 */
export const sageMakerStudioLegacyPlugin = createPlugin({
  id: 'sagemaker-studio',
  apis: [
    createApiFactory({
      api: sageMakerStudioApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SageMakerStudioClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: sageMakerStudioAdminApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SageMakerStudioAdminClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: legacyRootRouteRef, admin: legacyAdminRouteRef },
});

/**
 * Legacy: the "Open Studio" card, e.g. for a home page or entity page.
 *
 * @public
 */
export const SageMakerStudioCard: (props: {
  /** Card title; default: SageMaker Studio. */
  title?: string;
}) => JSX.Element = sageMakerStudioLegacyPlugin.provide(
  createComponentExtension({
    name: 'SageMakerStudioCard',
    component: {
      lazy: () => import('./components/OpenStudio').then(m => m.OpenStudioCard),
    },
  }),
);

/**
 * Legacy: the full page, to mount on a route such as /sagemaker-studio.
 *
 * @public
 */
export const SageMakerStudioPage: () => JSX.Element =
  sageMakerStudioLegacyPlugin.provide(
    createRoutableExtension({
      name: 'SageMakerStudioPage',
      component: () =>
        import('./components/SageMakerStudioPage').then(
          m => m.SageMakerStudioPage,
        ),
      mountPoint: legacyRootRouteRef,
    }),
  );

/**
 * Legacy: the admin page, to mount at `<plugin page path>/admin` (the plugin
 * page links there for admins), e.g. /sagemaker-studio/admin.
 *
 * @public
 */
export const SageMakerStudioAdminPage: () => JSX.Element =
  sageMakerStudioLegacyPlugin.provide(
    createRoutableExtension({
      name: 'SageMakerStudioAdminPage',
      component: () =>
        import('./components/Admin').then(m => m.SageMakerStudioAdminPage),
      mountPoint: legacyAdminRouteRef,
    }),
  );
