import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configFilesOf,
  missingVariables,
  missingVariablesMessage,
  variableReferences,
} from './requiredEnvironment';

describe('variableReferences', () => {
  it('finds every ${NAME} with its config key, in strings, lists and inside URLs', () => {
    const yaml = [
      'backend:',
      '  baseUrl: ${BASE_URL}',
      '  cache:',
      '    connection: rediss://:${TOKEN}@${ HOST }:6379',
      '  auth:',
      '    keys:',
      '      - secret: ${BACKEND_SECRET}',
    ].join('\n');
    expect(variableReferences(yaml, 'x.yaml')).toEqual([
      { name: 'BASE_URL', key: 'backend.baseUrl', file: 'x.yaml' },
      { name: 'TOKEN', key: 'backend.cache.connection', file: 'x.yaml' },
      { name: 'HOST', key: 'backend.cache.connection', file: 'x.yaml' },
      {
        name: 'BACKEND_SECRET',
        key: 'backend.auth.keys[0].secret',
        file: 'x.yaml',
      },
    ]);
  });

  it('skips escapes ($${NAME}), fallbacks (${NAME:-x}), comments and keys', () => {
    const yaml = [
      '# ${IN_A_COMMENT}',
      'a: $${ESCAPED}',
      'b: ${WITH_FALLBACK:-default}',
      '${NOT_A_VALUE}: 1',
    ].join('\n');
    expect(variableReferences(yaml, 'x.yaml')).toEqual([]);
  });
});

describe('configFilesOf', () => {
  it('reads --config <file> and --config=<file>, and skips URLs', () => {
    expect(
      configFilesOf([
        '--config',
        'app-config.yaml',
        '--config=app-config.production.yaml',
        '--config',
        'https://example.com/config.yaml',
        '--other',
      ]),
    ).toEqual(['app-config.yaml', 'app-config.production.yaml']);
  });
});

describe('missingVariables', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'required-env-'));
    writeFileSync(
      join(dir, 'prod.yaml'),
      'a: ${SET}\nb: ${EMPTY}\nc: ${UNSET}\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports unset and empty variables, with where they are used', () => {
    const missing = missingVariables(
      ['prod.yaml', 'absent.yaml'],
      { SET: 'x', EMPTY: '' },
      dir,
    );
    expect(missing.map(m => m.name)).toEqual(['EMPTY', 'UNSET']);
    expect(missingVariablesMessage(missing)).toContain(
      '  UNSET (c in prod.yaml)',
    );
  });

  it('reports nothing when every variable is set', () => {
    expect(
      missingVariables(
        ['prod.yaml'],
        { SET: 'x', EMPTY: 'y', UNSET: 'z' },
        dir,
      ),
    ).toEqual([]);
  });
});
