import { Content, Header, Page } from '@backstage/core-components';
import Grid from '@mui/material/Grid';
import { AdminLink } from './Admin';
import { OpenStudioCard } from './OpenStudio';

/** Page body; the new frontend system draws the page header itself. */
export function SageMakerStudioPageContent() {
  return (
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
  );
}

/** Full page with its own header, for apps on the legacy frontend system. */
export function SageMakerStudioPage() {
  return (
    <Page themeId="tool">
      <Header
        title="SageMaker Studio"
        subtitle="Open Amazon SageMaker Studio in your line of business's AWS account"
      />
      <SageMakerStudioPageContent />
    </Page>
  );
}
