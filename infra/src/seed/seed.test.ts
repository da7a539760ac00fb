import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthExampleApp } from '../__testUtils__/exampleApp';
import { parseSeedFile, readSeedFile } from './seedFile';
import { seedUsers } from './seedUsers';
import { parseSeedArgs } from './cli';

const DEMO = resolve(__dirname, '../../../seed/demo.yaml');
const EXAMPLE = resolve(__dirname, '../../examples/seed.yaml');

describe('seed file', () => {
  it('reads the demo file and the example', () => {
    expect(readSeedFile(DEMO).lobs.map(l => l.lobId)).toEqual([
      'lob-a',
      'lob-b',
    ]);
    expect(readSeedFile(EXAMPLE).users.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'an unknown LOB in a membership',
      {
        lobs: [],
        users: [
          {
            userRef: 'user:default/a',
            email: 'a@example.com',
            memberships: [{ lobId: 'nope' }],
          },
        ],
      },
      'users.0.memberships.0.lobId: unknown lobId nope',
    ],
    [
      'a bad domain id',
      {
        lobs: [
          {
            lobId: 'x',
            displayName: 'X',
            accountId: '111111111111',
            region: 'us-east-1',
            domainId: 'abc',
          },
        ],
      },
      'lobs.0.domainId: must be a SageMaker domain id',
    ],
    [
      'a user ref that is not a user',
      { users: [{ userRef: 'group:default/a', email: 'a@example.com' }] },
      'users.0.userRef: must be a user entity ref',
    ],
    [
      'one profile of a LOB given to two users',
      {
        lobs: [
          {
            lobId: 'x',
            displayName: 'X',
            accountId: '111111111111',
            region: 'us-east-1',
            domainId: 'd-x1',
          },
        ],
        users: [
          {
            userRef: 'user:default/a',
            email: 'a@example.com',
            memberships: [{ lobId: 'x', userProfileName: 'b' }],
          },
          {
            userRef: 'user:default/b',
            email: 'b@example.com',
            memberships: [{ lobId: 'x' }],
          },
        ],
      },
      'users.1.memberships.0.userProfileName: profile b of x is also given to user:default/a',
    ],
    [
      'a display name the admin API would refuse (over 128 characters)',
      {
        lobs: [
          {
            lobId: 'x',
            displayName: 'x'.repeat(129),
            accountId: '111111111111',
            region: 'us-east-1',
            domainId: 'd-x1',
          },
        ],
      },
      'lobs.0.displayName',
    ],
    [
      'duplicate users (refs compare case-insensitively)',
      {
        users: [
          { userRef: 'user:default/A', email: 'a@example.com' },
          { userRef: 'user:default/a', email: 'b@example.com' },
        ],
      },
      'users.1.userRef: duplicate userRef',
    ],
  ])('refuses %s', (_, raw, message) => {
    expect(() => parseSeedFile(raw)).toThrow(message);
  });
});

describe('seedUsers', () => {
  function fakeCognito(existing: string[] = []) {
    const users = new Set(existing);
    const calls: Array<{ name: string; input: any }> = [];
    return {
      calls,
      async send(command: any) {
        const name = command.constructor.name;
        calls.push({ name, input: command.input });
        if (name === 'AdminCreateUserCommand') {
          if (users.has(command.input.Username)) {
            throw Object.assign(new Error('exists'), {
              name: 'UsernameExistsException',
            });
          }
          users.add(command.input.Username);
        }
        return {};
      },
    };
  }
  const users = readSeedFile(DEMO).users;

  it('creates users with the demo passwords as permanent, silently, and adds groups', async () => {
    const cognito = fakeCognito();
    const result = await seedUsers(cognito as any, users, {
      userPoolId: 'pool',
      temporaryPasswords: false,
    });
    expect(result).toEqual({ created: users.length, kept: 0 });
    const admin = cognito.calls.filter(
      c => c.input.Username === 'studio-admin@example.com',
    );
    expect(admin.map(c => c.name)).toEqual([
      'AdminCreateUserCommand',
      'AdminSetUserPasswordCommand',
      'AdminAddUserToGroupCommand',
    ]);
    expect(admin[0].input).toMatchObject({
      MessageAction: 'SUPPRESS',
      UserPoolId: 'pool',
    });
    expect(admin[1].input).toMatchObject({
      Password: 'StudioAdmin1!',
      Permanent: true,
    });
    expect(admin[2].input).toMatchObject({ GroupName: 'studio-admins' });
  });

  it('with temporary passwords, lets Cognito email them and never sets a password', async () => {
    const cognito = fakeCognito();
    await seedUsers(cognito as any, users, {
      userPoolId: 'pool',
      temporaryPasswords: true,
    });
    expect(
      cognito.calls.some(c => c.name === 'AdminSetUserPasswordCommand'),
    ).toBe(false);
    expect(cognito.calls[0].input).toMatchObject({
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.calls[0].input.MessageAction).toBeUndefined();
  });

  it('keeps existing users and does not reset their password', async () => {
    const cognito = fakeCognito(['user-lob-a@example.com']);
    const result = await seedUsers(cognito as any, users.slice(0, 1), {
      userPoolId: 'pool',
      temporaryPasswords: false,
    });
    expect(result).toEqual({ created: 0, kept: 1 });
    expect(cognito.calls.map(c => c.name)).toEqual(['AdminCreateUserCommand']);
  });

  it('refuses a user without a password unless temporary passwords are used', async () => {
    const user = { ...users[0], password: undefined };
    await expect(
      seedUsers(fakeCognito() as any, [user], {
        userPoolId: 'pool',
        temporaryPasswords: false,
      }),
    ).rejects.toThrow('use --temporary-passwords');
  });
});

describe('parseSeedArgs', () => {
  it('defaults to the demo file and the default table names', () => {
    expect(parseSeedArgs([], {}, '/somewhere')).toEqual({
      file: DEMO,
      deployedLobs: [],
      region: 'us-east-1',
      endpoint: undefined,
      createTables: false,
      lobsTable: 'studio-portal-lobs',
      membershipsTable: 'studio-portal-memberships',
      userPoolId: undefined,
      cognitoEndpoint: undefined,
      temporaryPasswords: false,
    });
  });

  it('resolves a relative file from where yarn was run, and reads options', () => {
    const options = parseSeedArgs(
      [
        '--file',
        'seed/x.yaml',
        '--endpoint',
        'http://127.0.0.1:8000',
        '--create-tables',
        '--lobs-table',
        't1',
      ],
      { AWS_REGION: 'eu-west-1' },
      '/repo',
    );
    expect(options).toMatchObject({
      file: '/repo/seed/x.yaml',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
      createTables: true,
      lobsTable: 't1',
    });
  });

  it.each([
    [['--create-tables'], '--create-tables is for DynamoDB Local'],
    [['--endpoint', 'localhost:8000'], '--endpoint must be an http(s) URL'],
    [['--nope'], "Unknown option '--nope'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSeedArgs(argv, {}, '/repo')).toThrow(message);
  });

  it('recognises --help', () => {
    expect(parseSeedArgs(['--help'], {}, '/repo')).toBe('help');
  });
});

describe('seeding from `cdk deploy --outputs-file`', () => {
  let dir: string;
  let outputsFile: string;

  /** The outputs file of the synthesized example, with deploy-time values made up as CloudFormation would fill them. */
  beforeAll(() => {
    const example = synthExampleApp();
    const stacks = [example.stacks.network, example.stacks.access, ...example.stacks.lobs];
    const templates = [example.network, example.access, ...example.lobs];
    const deployTime = (stack: string, id: string, value: unknown) =>
      typeof value === 'string' ? value : `${id}-of-${stack}`.replace(/^DomainId-of-StudioPortal-Lob-(.*)$/, 'd-$1deployed').replace(/[^a-z0-9-]/gi, '');
    const outputs = Object.fromEntries(
      templates.map((template, i) => [
        stacks[i].stackName,
        Object.fromEntries(
          Object.entries(template.toJSON().Outputs as Record<string, { Value: unknown }>)
            .filter(([id]) => !id.startsWith('Exports'))
            .map(([id, output]) => [id, deployTime(stacks[i].stackName, id, output.Value)]),
        ),
      ]),
    );
    dir = mkdtempSync(join(tmpdir(), 'seed-outputs-'));
    outputsFile = join(dir, 'cdk-outputs.json');
    writeFileSync(outputsFile, JSON.stringify(outputs));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes every LOB row, the table names, the region and the user pool from the outputs', () => {
    const options = parseSeedArgs(['--cdk-outputs', outputsFile, '--file', EXAMPLE], {}, '/repo');
    if (options === 'help') throw new Error('unexpected help');
    expect(options.deployedLobs).toEqual([
      { lobId: 'lob-a', displayName: 'Line of business A', accountId: '111111111111', region: 'us-east-1', domainId: 'd-lob-adeployed', roleName: 'SageMakerStudioPortalAccess' },
      { lobId: 'lob-b', displayName: 'Line of business B', accountId: '222222222222', region: 'us-east-1', domainId: 'd-lob-bdeployed', roleName: 'SageMakerStudioPortalAccess' },
      { lobId: 'lob-c', displayName: 'Line of business C', accountId: '333333333333', region: 'us-east-1', domainId: 'd-lob-cdeployed', roleName: 'StudioPortalAccessLobC' },
    ]);
    expect(options).toMatchObject({
      region: 'us-east-1',
      // The deployed names, not the defaults.
      lobsTable: 'LobsTableName-of-StudioPortal-SharedAccess',
      membershipsTable: 'MembershipsTableName-of-StudioPortal-SharedAccess',
      userPoolId: 'UserPoolId-of-StudioPortal-SharedAccess',
    });
  });

  it('refuses a LOB that is both deployed and in the file', () => {
    const file = join(dir, 'both.yaml');
    writeFileSync(file, 'lobs:\n  - { lobId: lob-a, displayName: A, accountId: "111111111111", region: us-east-1, domainId: d-abc }\n');
    const options = parseSeedArgs(['--cdk-outputs', outputsFile, '--file', file], {}, '/repo');
    if (options === 'help') throw new Error('unexpected help');
    expect(() => readSeedFile(options.file, options.deployedLobs)).toThrow('duplicate lobId lob-a');
  });

  it('lets memberships name deployed LOBs, and seeds them into the tables', async () => {
    const file = join(dir, 'users.yaml');
    writeFileSync(file, 'users:\n  - userRef: user:default/jane\n    email: jane@example.com\n    memberships: [{ lobId: lob-c }]\n');
    const options = parseSeedArgs(['--cdk-outputs', outputsFile, '--file', file], {}, '/repo');
    if (options === 'help') throw new Error('unexpected help');
    const client = fakeDocumentClient();
    const result = await seedTables(client as any, TABLES, readSeedFile(options.file, options.deployedLobs), NOW);
    expect(result.created).toEqual({ lobs: 3, memberships: 1 });
    expect(client.tables.lobs.get('lob-c')).toMatchObject({ domainId: 'd-lob-cdeployed', roleName: 'StudioPortalAccessLobC', updatedBy: 'seed' });
  });

  it.each([
    ['not an object', '[]', 'expected the JSON object'],
    ['no portal stack', '{"Other": {"A": "b"}}', 'no stack of the Studio portal'],
  ])('refuses outputs that are %s', (_name, text, message) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    expect(() => parseSeedArgs(['--cdk-outputs', file], {}, '/repo')).toThrow(message);
  });
});
