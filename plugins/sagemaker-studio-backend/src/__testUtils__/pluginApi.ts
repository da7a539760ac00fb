import type { Server } from 'node:http';
import request from 'supertest';
import { ADMIN, user } from './localAws';

export const API = '/api/sagemaker-studio';

/**
 * The plugin's HTTP API as the tests call it: admin writes as ADMIN, a
 * user's own calls with their token. The server is looked up at each call,
 * so a suite makes these before its backend starts.
 */
export function pluginApi(server: () => Server) {
  return {
    createLob: (lob: object) =>
      request(server())
        .post(`${API}/lobs`)
        .set('Authorization', ADMIN)
        .send(lob),
    putMember: (lobId: string, ref: string, body: object = {}) =>
      request(server())
        .put(`${API}/memberships/${lobId}/${encodeURIComponent(ref)}`)
        .set('Authorization', ADMIN)
        .send(body),
    launch: (who: string, body: object = {}) =>
      request(server())
        .post(`${API}/launch`)
        .set('Authorization', user(who))
        .send(body),
    me: (who: string) =>
      request(server()).get(`${API}/me`).set('Authorization', user(who)),
  };
}

export type PluginApi = ReturnType<typeof pluginApi>;

/** A setup call that must answer `status`; anything else stops the suite with the answer. */
export async function expectStatus(
  call: PromiseLike<request.Response>,
  status: number,
): Promise<request.Response> {
  const res = await call;
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
  }
  return res;
}

/** Creates the LOBs, then the memberships, through the admin API (each must answer 201). */
export async function seedMappings(
  api: PluginApi,
  mappings: {
    lobs: object[];
    memberships?: { lobId: string; ref: string; body?: object }[];
  },
): Promise<void> {
  await Promise.all(
    mappings.lobs.map(lob => expectStatus(api.createLob(lob), 201)),
  );
  for (const m of mappings.memberships ?? []) {
    await expectStatus(api.putMember(m.lobId, m.ref, m.body), 201);
  }
}
