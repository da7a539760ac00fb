import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome 👋

This portal opens **Amazon SageMaker Studio** in your line of business's
AWS account, signed in as you: no AWS console, no access keys.

- **Open Studio** — use the SageMaker Studio card on this page, or the
  [SageMaker Studio](/sagemaker-studio) page in the menu
- **Not set up yet?** — the card tells you whom to ask to add you to a
  line of business
- **Something failed?** — quote the correlation id the card shows when
  you contact the platform team
- **Browse the catalog** — find datasets, models and services in the
  [Software Catalog](/catalog)
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'What this portal does and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
