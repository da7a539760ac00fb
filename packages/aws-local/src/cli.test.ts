import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorld, parseCliArgs } from './cli';

describe('parseCliArgs', () => {
  it('reads the world file, ports and latencies', () => {
    expect(
      parseCliArgs([
        '--world',
        'w.yaml',
        '--port',
        '4566',
        '--dynamodb-port',
        '0',
        '--sts-latency',
        '50',
      ]),
    ).toEqual({
      worldFile: 'w.yaml',
      port: 4566,
      dynamoDbPort: 0,
      stsLatencyMs: 50,
      sageMakerLatencyMs: undefined,
    });
    expect(parseCliArgs(['--world', 'w.json'])).toMatchObject({
      port: 0,
      dynamoDbPort: undefined,
    });
  });

  it.each([
    [[], /--world is required/],
    [['--world'], /needs a value/],
    [['--world', 'w.json', '--port', 'abc'], /--port must be an integer/],
    [['--world', 'w.json', '--port', '70000'], /--port must be an integer/],
    [['--world', 'w.json', '--host', '0.0.0.0'], /Unknown option --host/],
    [['w.json'], /Unexpected argument/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('loadWorld', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aws-local-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const world = (accountId: string) => `
callers:
  - { accessKeyId: AKIAEXAMPLE, secretAccessKey: s, arn: "arn:aws:iam::999999999999:role/portal" }
roles:
  - { arn: "arn:aws:iam::111111111111:role/access", trustedPrincipalArns: ["arn:aws:iam::999999999999:role/portal"] }
domains:
  - { domainId: d-aaaaaaaaaaaa, domainName: a, accountId: ${accountId}, region: us-east-1, userProfiles: [alice] }
`;

  it('loads YAML and JSON', () => {
    writeFileSync(join(dir, 'world.yaml'), world('"111111111111"'));
    const loaded = loadWorld(join(dir, 'world.yaml'));
    expect(loaded.domains[0].accountId).toBe('111111111111');
    writeFileSync(join(dir, 'world.json'), JSON.stringify(loaded));
    expect(loadWorld(join(dir, 'world.json'))).toEqual(loaded);
  });

  it('refuses an account id YAML read as a number', () => {
    writeFileSync(join(dir, 'numeric.yaml'), world('111111111111'));
    expect(() => loadWorld(join(dir, 'numeric.yaml'))).toThrow(
      /quote it in YAML/,
    );
  });

  it('refuses a file without the three lists', () => {
    writeFileSync(join(dir, 'empty.json'), '{}');
    expect(() => loadWorld(join(dir, 'empty.json'))).toThrow(/callers/);
  });
});
