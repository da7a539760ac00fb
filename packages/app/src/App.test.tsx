import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';

// The app reads its config once per test file, so every test shares this one:
// the same landing page and home layout that app-config.yaml sets up.
const appConfig = {
  app: {
    title: 'Test',
    extensions: [
      { 'page:catalog': { config: { path: '/catalog' } } },
      {
        'page:home': {
          config: {
            path: '/',
            defaultConfig: [
              {
                component: 'SageMakerStudioOpenStudio',
                column: 0,
                row: 0,
                width: 6,
                height: 6,
              },
            ],
          },
        },
      },
    ],
  },
  backend: { baseUrl: 'http://localhost:7007' },
  // Local mode: the sign-in page offers the guest next to Company sign-in.
  auth: { environment: 'development' },
};

describe('App', () => {
  const realFetch = global.fetch;

  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [{ data: appConfig, context: 'test' }] as any,
    };
    // No backend runs in unit tests: fail requests fast instead of dialling out.
    global.fetch = jest.fn(async () => {
      throw new TypeError('Network disabled in tests');
    }) as typeof fetch;
    // The home grid only lays out widgets once it has measured a width.
    jest
      .spyOn(HTMLElement.prototype, 'offsetWidth', 'get')
      .mockReturnValue(1280);
  });

  afterEach(() => {
    global.fetch = realFetch;
    jest.restoreAllMocks();
    localStorage.clear();
  });

  it('lands on the home page with the Open Studio card and lists Studio in the nav', async () => {
    render(App.createRoot());

    // No auth backend runs here: accept the frontend-only guest it offers.
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 10000 }),
    );

    const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
    // A label the sidebar does not cut off.
    expect(within(nav).getByRole('link', { name: 'Studio' })).toHaveAttribute(
      'href',
      '/sagemaker-studio',
    );
    // The home page is the landing page: its nav item is the current page.
    const currentPage = within(nav)
      .getAllByRole('link', { name: 'Home' })
      .find(link => link.getAttribute('aria-current') === 'page');
    expect(currentPage).toHaveAttribute('href', '/');

    // The card is on the landing page: it asked for /me and explains the failure.
    const alert = await screen.findByRole('alert', {}, { timeout: 10000 });
    expect(alert).toHaveTextContent('Cannot reach the portal');
    expect(alert).toHaveTextContent('Network disabled in tests');
    expect(
      within(alert).getByRole('button', { name: 'Retry' }),
    ).toBeInTheDocument();
    expect(
      jest.mocked(global.fetch).mock.calls.map(([url]) => String(url)),
    ).toContain('http://localhost:7007/api/sagemaker-studio/me');
  }, 30000);
});
