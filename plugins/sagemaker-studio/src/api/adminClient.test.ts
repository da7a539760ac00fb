import { SageMakerStudioAdminClient } from './adminClient';
import {
  conflictCurrentOf,
  fieldErrorsOf,
  importRowErrorsOf,
  messageOf,
} from './responseErrors';
import {
  BASE_URL,
  Call,
  clientOn,
  errorJson as error,
  json,
} from '../__testUtils__/fakeBackend';

const setup = (respond: (call: Call) => Response) =>
  clientOn(SageMakerStudioAdminClient, respond);

const body = (call: Call) => JSON.parse(String(call.init?.body));

describe('SageMakerStudioAdminClient', () => {
  it('lists LOBs with cursor and limit, leaving unset ones out', async () => {
    const { client, calls } = setup(() => json({ items: [], nextCursor: 'n' }));
    await expect(
      client.listLobs({ cursor: 'a b', limit: 10 }),
    ).resolves.toEqual({
      items: [],
      nextCursor: 'n',
    });
    await client.listLobs();
    expect(calls.map(c => c.url)).toEqual([
      `${BASE_URL}/lobs?cursor=a+b&limit=10`,
      `${BASE_URL}/lobs`,
    ]);
  });

  it('creates, updates, deletes and checks LOBs with the right verbs', async () => {
    const { client, calls } = setup(() => json({ item: {}, warnings: [] }));
    const input = {
      lobId: 'lob-c',
      displayName: 'C',
      accountId: '333333333333',
      region: 'us-west-2',
      domainId: 'd-c',
    };
    await client.createLob(input);
    await client.updateLob('lob-c', {
      ...input,
      lobId: undefined,
      version: 2,
    } as any);
    await client.deleteLob('lob-c', { version: 3, cascade: true });
    await client.deleteLob('lob-c', { version: 3 });
    await client.checkLob('lob-c', { userRef: 'user:default/jane' });
    await client.checkLob('lob-c');

    expect(calls.map(c => [c.init?.method ?? 'GET', c.url])).toEqual([
      ['POST', `${BASE_URL}/lobs`],
      ['PUT', `${BASE_URL}/lobs/lob-c`],
      ['DELETE', `${BASE_URL}/lobs/lob-c?version=3&cascade=true`],
      ['DELETE', `${BASE_URL}/lobs/lob-c?version=3`],
      ['POST', `${BASE_URL}/lobs/lob-c/check`],
      ['POST', `${BASE_URL}/lobs/lob-c/check`],
    ]);
    expect(body(calls[0])).toEqual(input);
    expect(body(calls[1]).version).toBe(2);
    expect(body(calls[4])).toEqual({ userRef: 'user:default/jane' });
    expect(body(calls[5])).toEqual({});
  });

  it('encodes the user ref as one path segment for memberships', async () => {
    const { client, calls } = setup(call =>
      call.init?.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json({ items: [] }),
    );
    await client.listMemberships({
      lobId: 'lob-a',
      userRef: 'user:default/jane',
    });
    await client.putMembership('lob-a', 'user:default/jane', {
      userProfileName: 'jane',
    });
    await expect(
      client.deleteMembership('lob-a', 'user:default/jane', 4),
    ).resolves.toBeUndefined();
    expect(calls.map(c => c.url)).toEqual([
      `${BASE_URL}/memberships?lobId=lob-a&userRef=user%3Adefault%2Fjane`,
      `${BASE_URL}/memberships/lob-a/user%3Adefault%2Fjane`,
      `${BASE_URL}/memberships/lob-a/user%3Adefault%2Fjane?version=4`,
    ]);
    expect(body(calls[1])).toEqual({ userProfileName: 'jane' });
  });

  it('exports text and imports, with a dry run on request', async () => {
    const { client, calls } = setup(call =>
      call.url.includes('/export')
        ? new Response('kind,lobId\n')
        : json({ dryRun: true }),
    );
    await expect(client.exportMappings('csv')).resolves.toBe('kind,lobId\n');
    await client.dryRunImport({ format: 'yaml', content: 'lobs: []' });
    await client.importMappings({ format: 'yaml', content: 'lobs: []' });
    expect(calls.map(c => c.url)).toEqual([
      `${BASE_URL}/export?format=csv`,
      `${BASE_URL}/import?dryRun=true`,
      `${BASE_URL}/import`,
    ]);
  });

  it('rejects with the details of 400s and 409s readable', async () => {
    const { client } = setup(call => {
      if (call.url.endsWith('/import')) {
        return error(400, 'InputError', 'Invalid import: 1 bad row', {
          rows: [
            { row: 2, kind: 'lob', message: 'accountId must be 12 digits' },
          ],
        });
      }
      if (call.init?.method === 'PUT') {
        return error(409, 'ConflictError', 'Changed', {
          current: { lobId: 'lob-a', version: 2 },
        });
      }
      return error(400, 'InputError', 'Invalid request: region ...', {
        fields: { region: 'must be an AWS region name like us-east-1' },
      });
    });
    const bad = await client.createLob({} as any).catch(e => e);
    expect(messageOf(bad)).toBe('Invalid request: region ...');
    expect(fieldErrorsOf(bad)).toEqual({
      region: 'must be an AWS region name like us-east-1',
    });
    expect(conflictCurrentOf(bad)).toBeUndefined();

    const stale = await client.updateLob('lob-a', {} as any).catch(e => e);
    expect(conflictCurrentOf(stale)).toEqual({ lobId: 'lob-a', version: 2 });
    expect(fieldErrorsOf(stale)).toEqual({});

    const rows = await client
      .importMappings({ format: 'csv', content: '' })
      .catch(e => e);
    expect(importRowErrorsOf(rows)).toEqual([
      { row: 2, kind: 'lob', message: 'accountId must be 12 digits' },
    ]);
    expect(messageOf(new Error('offline'))).toBe('offline');
  });

  it('gets the effective members and the created profiles of a LOB, encoded', async () => {
    const { client, calls } = setup(() => json({ items: [] }));

    await client.listEffectiveMembers('lob a');
    await client.listProvisionedProfiles('lob-a');

    expect(calls.map(c => c.url)).toEqual([
      `${BASE_URL}/lobs/lob%20a/effective-members`,
      `${BASE_URL}/lobs/lob-a/provisioned-profiles`,
    ]);
  });
});
