import { cognitoUserResolver } from './cognitoSignIn';

function signIn(claims: Record<string, unknown>) {
  return {
    profile: {},
    result: {
      fullProfile: {
        userinfo: { sub: 'abc', ...claims },
        tokenset: { claims: () => ({ sub: 'abc', ...claims }) },
      },
      session: {} as any,
    },
  } as any;
}

function context(known: Record<string, string>) {
  const queries: unknown[] = [];
  return {
    queries,
    ctx: {
      signInWithCatalogUser: async (query: any) => {
        queries.push(query);
        const key =
          query.entityRef?.name ?? query.filter?.['spec.profile.email'];
        if (!known[key])
          throw Object.assign(new Error('not found'), {
            name: 'NotFoundError',
          });
        return { token: `token-for-${known[key]}` };
      },
    } as any,
  };
}

describe('cognitoUserResolver', () => {
  it('signs in the catalog user named by cognito:username', async () => {
    const { ctx, queries } = context({
      'user-lob-a': 'user:default/user-lob-a',
    });
    const result = await cognitoUserResolver()(
      signIn({ 'cognito:username': 'user-lob-a' }),
      ctx,
    );
    expect(result).toEqual({ token: 'token-for-user:default/user-lob-a' });
    expect(queries).toEqual([
      { entityRef: { kind: 'User', name: 'user-lob-a' } },
    ]);
  });

  it('can match on email instead', async () => {
    const { ctx, queries } = context({ 'a@example.com': 'user:default/a' });
    await cognitoUserResolver({ claim: 'email' })(
      signIn({ email: 'a@example.com' }),
      ctx,
    );
    expect(queries).toEqual([
      { filter: { kind: 'User', 'spec.profile.email': 'a@example.com' } },
    ]);
  });

  it('refuses users the catalog does not know, with a clear message', async () => {
    const { ctx } = context({});
    await expect(
      cognitoUserResolver({ unknownUserMessage: 'Ask #portal.' })(
        signIn({ 'cognito:username': 'stranger' }),
        ctx,
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'Ask #portal. (username: stranger)',
    });
  });

  it('refuses tokens without the claim', async () => {
    const { ctx } = context({});
    await expect(cognitoUserResolver()(signIn({}), ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('cognito:username'),
    });
  });
});
