import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fakeApi } from './components/OpenStudio/testFixtures';
import {
  sageMakerStudioLegacyPlugin,
  SageMakerStudioCard,
  SageMakerStudioPage,
} from './index';
import { sageMakerStudioAdminApiRef, sageMakerStudioApiRef } from './api';

describe('legacy frontend system exports', () => {
  it('registers the plugin and its API factory', () => {
    expect(sageMakerStudioLegacyPlugin.getId()).toBe('sagemaker-studio');
    const apiIds = [...sageMakerStudioLegacyPlugin.getApis()].map(
      f => f.api.id,
    );
    expect(apiIds).toEqual([
      sageMakerStudioApiRef.id,
      sageMakerStudioAdminApiRef.id,
    ]);
  });

  it('exports the card and the routable page as extensions', () => {
    expect(typeof SageMakerStudioCard).toBe('function');
    expect(typeof SageMakerStudioPage).toBe('function');
  });

  it("renders the card with the user's LOB", async () => {
    renderInTestApp(<SageMakerStudioCard />, {
      apis: [[sageMakerStudioApiRef, fakeApi()]],
    });

    expect(await screen.findByText('SageMaker Studio')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', {
        name: 'Open Studio for Risk Analytics in a new tab',
      }),
    ).toBeInTheDocument();
  });
});
