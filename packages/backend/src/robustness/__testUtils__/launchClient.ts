import request from 'supertest';
import { as } from '../../integration/__testUtils__/portal';

export const API = '/api/sagemaker-studio';

/** POST /launch as a signed-in user (mock token). */
export function launch(server: any, user: string, body: object = {}) {
  return request(server)
    .post(`${API}/launch`)
    .set('Authorization', as(user))
    .send(body);
}

/** Runs `fn` and resolves to its result and how long it took. */
export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - started };
}

/** Names of secrets that must never reach a log line. */
export const SECRET_PATTERNS: [string, RegExp][] = [
  ['presigned URL or its token', /\/auth\?token=/],
  ['temporary access key', /\bASIA[A-Z0-9]{16}\b/],
  ["portal's long-term key", /AKIATESTPORTAL|test-portal-secret/],
  ['Backstage token', /mock-user-token|Bearer /],
];
