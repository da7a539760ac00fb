import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@mui/material/Grid';
import { AdminLink } from './Admin';
import { OpenStudioCard } from './OpenStudio';

/**
 * The plugin page, with Backstage's standard header, in both frontend
 * systems (the new system's page extension asks for no header of its own).
 */
export function SageMakerStudioPage() {
  return (
    <Page themeId="tool">
      <Header
        title="SageMaker Studio"
        subtitle="Open Amazon SageMaker Studio in your line of business's AWS account"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={8} lg={6}>
            <OpenStudioCard title="Open Studio" />
          </Grid>
          <Grid item xs={12}>
            <AdminLink />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
