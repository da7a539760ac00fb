import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { homePageWidgetDataRef } from '@backstage/plugin-home-react/alpha';
import sageMakerStudioPlugin, { OPEN_STUDIO_WIDGET_NAME } from './index';
import { openStudioHomeWidget, sageMakerStudioApi } from './plugin';
import { sageMakerStudioApiRef, SageMakerStudioClient } from './api';
import { fakeApi } from './components/OpenStudio/testFixtures';

describe('sageMakerStudioPlugin (new frontend system)', () => {
  it('is the default export, with the sagemaker-studio plugin id', () => {
    expect(sageMakerStudioPlugin.pluginId).toBe('sagemaker-studio');
    expect(sageMakerStudioPlugin.title).toBe('SageMaker Studio');
    expect(
      sageMakerStudioPlugin.getExtension('page:sagemaker-studio'),
    ).toBeDefined();
    expect(
      sageMakerStudioPlugin.getExtension('api:sagemaker-studio'),
    ).toBeDefined();
    expect(
      sageMakerStudioPlugin.getExtension(
        'home-page-widget:sagemaker-studio/open-studio',
      ),
    ).toBeDefined();
  });

  it('provides the API client through discovery and fetch', () => {
    const factory = createExtensionTester(sageMakerStudioApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(sageMakerStudioApiRef.id);
    const client = factory.factory({
      discoveryApi: {
        getBaseUrl: async () => 'http://127.0.0.1/api/sagemaker-studio',
      },
      fetchApi: { fetch: async () => new Response('{}') },
    });
    expect(client).toBeInstanceOf(SageMakerStudioClient);
  });

  it('serves the page at /sagemaker-studio with the Open Studio card', async () => {
    renderTestApp({
      features: [sageMakerStudioPlugin],
      apis: [[sageMakerStudioApiRef, fakeApi()]],
      initialRouteEntries: ['/sagemaker-studio'],
    });

    expect(
      await screen.findByRole('button', {
        name: 'Open Studio for Risk Analytics in a new tab',
      }),
    ).toBeInTheDocument();
  });

  it('offers the card as a home page widget', async () => {
    const widget = createExtensionTester(openStudioHomeWidget).get(
      homePageWidgetDataRef,
    );
    expect(widget.name).toBe(OPEN_STUDIO_WIDGET_NAME);
    expect(widget.title).toBe('SageMaker Studio');

    renderInTestApp(widget.component, {
      apis: [[sageMakerStudioApiRef, fakeApi()]],
    });

    const button = await screen.findByRole('button', {
      name: 'Open Studio for Risk Analytics in a new tab',
    });
    // The card fills its grid cell with a body that can scroll (the grid
    // sets overflow: auto on it), so nothing is clipped by its height.
    expect(button.closest('[class*="MuiCard-root"]')).toHaveStyle({
      display: 'flex',
      flexDirection: 'column',
      height: '100%',
    });
  });
});
