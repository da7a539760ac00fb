import { BACKEND_ORIGIN } from './portalOrigin';

/** Waits until the backend (and with it the local stand-ins) is ready. */
export default async function globalSetup() {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const res = await fetch(
        `${BACKEND_ORIGIN}/.backstage/health/v1/readiness`,
      );
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error('The backend did not become ready within 180 s');
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
