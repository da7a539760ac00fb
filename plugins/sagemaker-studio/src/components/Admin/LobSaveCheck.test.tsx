import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  adminError,
  checkRunning,
  fakeAdminApi,
  renderAdminPage,
} from '../../__testUtils__/adminFixtures';

/**
 * Opens the edit dialog of lob-a and saves it unchanged. Resolves to the
 * notice of the save and a way to open its check details.
 */
async function saveLobA() {
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole('button', { name: 'Edit lob-a' }));
  const dialog = await screen.findByRole('dialog', {
    name: 'Edit line of business lob-a',
  });
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  const saved = () => screen.getByTestId('lob-saved');
  const openDetails = async () => {
    await user.click(
      within(saved()).getByRole('button', { name: 'Check details' }),
    );
    return screen.findByRole('dialog', { name: 'Check lob-a' });
  };
  return { user, saved, openDetails };
}

const ROLE_REFUSED =
  'AWS refused to let the portal assume the access role in account 111111111111. An administrator should check that role\u2019s trust policy.';

describe('saving a LOB tells what the check finds', () => {
  it('says Studio access works when the check passes', async () => {
    const api = fakeAdminApi({
      checkLob: checkRunning([
        { step: 'mappings', ok: true, detail: '1 member' },
        { step: 'assume-role', ok: true, detail: 'Assumed' },
        { step: 'describe-domain', ok: true, detail: 'InService' },
      ]),
    });
    renderAdminPage(api);
    const { saved } = await saveLobA();

    expect(
      await within(saved()).findByText(
        'Saved line of business lob-a. Studio access works.',
      ),
    ).toBeInTheDocument();
    // The Check dialog's own call, right after the save.
    expect(api.checkLob).toHaveBeenCalledWith('lob-a');
    expect(api.updateLob.mock.invocationCallOrder[0]).toBeLessThan(
      api.checkLob.mock.invocationCallOrder[0],
    );
    expect(
      within(saved()).queryByRole('button', { name: 'Check details' }),
    ).not.toBeInTheDocument();
  });

  it('says the role cannot be assumed, with the check details one click away', async () => {
    const api = fakeAdminApi({
      checkLob: checkRunning([
        { step: 'mappings', ok: true, detail: '1 member' },
        {
          step: 'assume-role',
          ok: false,
          detail: ROLE_REFUSED,
          awsError: 'AccessDenied',
        },
      ]),
    });
    renderAdminPage(api);
    const { saved, openDetails } = await saveLobA();

    const notice = await within(saved()).findByText(
      /^Saved line of business lob-a\. Studio access does not work: the access role cannot be assumed\. /,
    );
    expect(notice).toHaveTextContent(ROLE_REFUSED);
    expect(saved()).not.toHaveTextContent('Studio access works');

    const dialog = await openDetails();
    // The result of the check already run, not a second call.
    expect(api.checkLob).toHaveBeenCalledTimes(1);
    const results = within(dialog).getByRole('region', {
      name: 'Check results',
    });
    expect(results).toHaveTextContent('A check failed.');
    expect(results).toHaveTextContent(
      `✗ Failed: Assume the access role${ROLE_REFUSED} (AWS error: AccessDenied)`,
    );
    expect(results).toHaveTextContent('Not run: Find the Studio domain');
  });

  it('keeps the save and says so when the check cannot run', async () => {
    const api = fakeAdminApi();
    api.checkLob.mockRejectedValueOnce(
      await adminError(503, 'ServiceUnavailableError', 'AWS cannot be reached'),
    );
    renderAdminPage(api);
    const { user, saved, openDetails } = await saveLobA();

    expect(
      await within(saved()).findByText(
        'Saved line of business lob-a. Studio access could not be checked: AWS cannot be reached',
      ),
    ).toBeInTheDocument();
    // No result to show: the dialog offers to run the check again.
    const dialog = await openDetails();
    expect(
      within(dialog).queryByRole('region', { name: 'Check results' }),
    ).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Run check' }));
    expect(
      await within(dialog).findByText('All checks passed.'),
    ).toBeInTheDocument();
  });
});
