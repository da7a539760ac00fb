/**
 * Where the browser tests find the portal. By default the production build
 * of the app served by the backend (`yarn start:served`), as when deployed:
 * a page loads in 2-4 s instead of 15-30 s from the dev server on 2 cores.
 * `E2E_DEV_SERVER=1` tests `yarn start` (the dev server, live reload) instead.
 */
export const useDevServer = process.env.E2E_DEV_SERVER === '1';

export const APP_ORIGIN = useDevServer
  ? 'http://localhost:3000'
  : 'http://localhost:7007';

export const BACKEND_ORIGIN = 'http://localhost:7007';
