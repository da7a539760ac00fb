import { screen } from '@testing-library/react';
import { SWRConfig } from 'swr';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AdminLink } from './AdminLink';

function render(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const permissionApi = mockApis.permission({ authorize: result });
  renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <p>page</p>
      <AdminLink />
    </SWRConfig>,
    { apis: [[permissionApiRef, permissionApi]] },
  );
}

describe('AdminLink', () => {
  it('links admins to the admin page below the plugin page', async () => {
    render(AuthorizeResult.ALLOW);
    expect(
      await screen.findByRole('link', { name: 'Administer lines of business' }),
    ).toHaveAttribute('href', '/admin');
  });

  it('is absent for everyone else', async () => {
    render(AuthorizeResult.DENY);
    expect(await screen.findByText('page')).toBeInTheDocument();
    // Let the permission decision settle before asserting absence.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(
      screen.queryByRole('link', { name: 'Administer lines of business' }),
    ).not.toBeInTheDocument();
  });
});
