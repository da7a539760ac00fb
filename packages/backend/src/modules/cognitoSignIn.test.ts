import type { Entity } from '@backstage/catalog-model';
import { userEntityName } from '@studio-portal/plugin-catalog-backend-module-cognito';
import { cognitoUserResolver } from './cognitoSignIn';

const POOL_ISSUER =
  'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1';

function signIn(claims: Record<string, unknown>) {
  return {
    profile: {},
    result: {
      fullProfile: {
        userinfo: { ...claims },
        tokenset: { claims: () => ({ ...claims }) },
      },
      session: {} as any,
    },
  } as any;
}

function userEntity(
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, annotations },
    spec: {},
  };
}

/** A catalog of the given users, answering as Backstage's resolver context does. */
function context(users: Entity[]) {
  const queries: unknown[] = [];
  const issued: unknown[] = [];
  const notFound = () =>
    Object.assign(new Error('not found'), { name: 'NotFoundError' });
  const find = (query: any): Entity => {
    const found = users.find(user =>
      query.annotations
        ? Object.entries(query.annotations).every(
            ([k, v]) => user.metadata.annotations?.[k] === v,
          )
        : `user:default/${user.metadata.name}` === query.entityRef,
    );
    if (!found) throw notFound();
    return found;
  };
  return {
    queries,
    issued,
    ctx: {
      signInWithCatalogUser: async (query: any) => {
        queries.push(query);
        return { token: `token-for-${find(query).metadata.name}` };
      },
      findCatalogUser: async (query: any) => {
        queries.push(query);
        return { entity: find(query) };
      },
      issueToken: async (params: any) => {
        issued.push(params);
        return { token: `token-from-claims-for-${params.claims.sub}` };
      },
    } as any,
  };
}

const ingested = userEntity('jane', {
  'cognito.aws.amazon.com/user-pool-id': 'us-east-1_Pool1',
  'cognito.aws.amazon.com/sub': 'sub-jane',
});

describe('cognitoUserResolver', () => {
  it('signs in the entity the provider made of the pool user, found by sub and pool', async () => {
    const { ctx, queries } = context([ingested]);
    const result = await cognitoUserResolver()(
      signIn({ sub: 'sub-jane', iss: POOL_ISSUER, 'cognito:username': 'jane' }),
      ctx,
    );
    expect(result).toEqual({ token: 'token-for-jane' });
    expect(queries[0]).toEqual({
      annotations: {
        'cognito.aws.amazon.com/sub': 'sub-jane',
        'cognito.aws.amazon.com/user-pool-id': 'us-east-1_Pool1',
      },
    });
  });

  it('does not take an entity of another pool with the same sub', async () => {
    const { ctx, issued } = context([ingested]);
    await cognitoUserResolver()(
      signIn({
        sub: 'sub-jane',
        iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other1',
        'cognito:username': 'jane2',
      }),
      ctx,
    );
    expect(issued).toEqual([
      { claims: { sub: 'user:default/jane2', ent: ['user:default/jane2'] } },
    ]);
  });

  it('signs in a hand-written entity of the same name', async () => {
    const { ctx } = context([userEntity('ravi')]);
    const result = await cognitoUserResolver()(
      signIn({ sub: 'sub-ravi', 'cognito:username': 'ravi' }),
      ctx,
    );
    expect(result).toEqual({ token: 'token-for-ravi' });
  });

  it('never signs in as another pool user who has the name', async () => {
    const { ctx, issued } = context([ingested]);
    await expect(
      cognitoUserResolver({ unknownUserMessage: 'Ask #ml-platform.' })(
        signIn({ sub: 'sub-impostor', 'cognito:username': 'jane' }),
        ctx,
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Ask #ml-platform. (username: jane)',
    });
    expect(issued).toEqual([]);
  });

  it('signs a first-time (e.g. federated) user in from the token, with cognito:groups as ownership', async () => {
    const { ctx, issued } = context([]);
    const username = 'AzureAD_Jane.Doe@corp.com';
    const result = await cognitoUserResolver()(
      signIn({
        sub: 'sub-new',
        iss: POOL_ISSUER,
        'cognito:username': username,
        'cognito:groups': ['fraud-ds', 'Risk Team', 7],
      }),
      ctx,
    );
    const userRef = `user:default/${userEntityName({ username }, 'username')}`;
    expect(result).toEqual({ token: `token-from-claims-for-${userRef}` });
    expect(issued).toEqual([
      {
        claims: {
          sub: userRef,
          ent: [
            userRef,
            'group:default/fraud-ds',
            expect.stringMatching(/^group:default\/risk-team_[a-z2-7]{12}$/),
          ],
        },
      },
    ]);
  });

  it('names a first-time user by email when configured, as the provider does', async () => {
    const { ctx, issued } = context([]);
    const claims = {
      sub: 'sub-e',
      'cognito:username': 'c0ffee00-0000-4000-8000-000000000001',
      email: 'Jane.Doe@corp.com',
    };
    await cognitoUserResolver({ claim: 'email' })(signIn(claims), ctx);
    const name = userEntityName(
      { username: claims['cognito:username'], email: claims.email },
      'email',
    );
    expect(name).toMatch(/^jane.doe_[a-z2-7]{12}$/);
    expect(issued).toEqual([
      {
        claims: { sub: `user:default/${name}`, ent: [`user:default/${name}`] },
      },
    ]);
  });

  it('with firstSignIn: refuse, refuses users the catalog does not know, saying whom to ask', async () => {
    const { ctx, issued } = context([]);
    await expect(
      cognitoUserResolver({
        firstSignIn: 'refuse',
        unknownUserMessage: 'Ask #portal.',
      })(signIn({ sub: 'sub-x', 'cognito:username': 'stranger' }), ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Ask #portal. (username: stranger)',
    });
    expect(issued).toEqual([]);
  });

  it('refuses tokens without sub or cognito:username', async () => {
    const { ctx } = context([]);
    await expect(
      cognitoUserResolver()(signIn({ 'cognito:username': 'x' }), ctx),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('cognito:username'),
    });
    await expect(
      cognitoUserResolver()(signIn({ sub: 'x' }), ctx),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});
