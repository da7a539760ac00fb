import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  EXAMPLE_CONFIG_PATH,
  synthExampleApp,
} from '../__testUtils__/exampleApp';
import { LINT_EXCEPTION_REASON_KEY } from '../constructs/lintException';

/*
 * cfn-lint (AWS's CloudFormation linter, preinstalled on the CI machines)
 * over every synthesized template, in both image modes: no errors. It runs
 * from infra/ so that infra/.cfnlintrc applies. Its exit code is a bit mask
 * (2 errors, 4 warnings, 8 informational); the JSON output says which.
 */

jest.setTimeout(300_000);

const INFRA = resolve(__dirname, '../..');

interface Finding {
  Rule: { Id: string };
  Level: 'Error' | 'Warning' | 'Informational';
  Message: string;
  Filename: string;
  Location: { Path: string[] };
}

function cfnLint(templates: string[]): Finding[] {
  const result = spawnSync(
    'cfn-lint',
    ['--format', 'json', '--', ...templates],
    {
      cwd: INFRA,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (
    result.error &&
    (result.error as NodeJS.ErrnoException).code === 'ENOENT'
  ) {
    throw new Error(
      'cfn-lint is not installed: the CloudFormation templates cannot be checked (pip install cfn-lint==1.51.0; it is preinstalled on the CI machines)',
    );
  }
  if (result.status !== null && result.status & 1) {
    throw new Error(
      `cfn-lint failed to run (exit ${result.status}): ${result.stderr}`,
    );
  }
  return JSON.parse(result.stdout || '[]');
}

const outdirs: string[] = [];
function synthesizedTemplates(raw?: unknown): string[] {
  const example = synthExampleApp({ raw });
  example.app.synth();
  outdirs.push(example.app.outdir);
  return readdirSync(example.app.outdir)
    .filter(file => file.endsWith('.template.json'))
    .map(file => join(example.app.outdir, file));
}
afterAll(() =>
  outdirs.forEach(dir => rmSync(dir, { recursive: true, force: true })),
);

function describeFindings(findings: Finding[]): string[] {
  return findings.map(
    f =>
      `${f.Level} ${f.Rule.Id} ${f.Filename.split(
        '/',
      ).pop()} ${f.Location.Path.join('/')}: ${f.Message}`,
  );
}

describe('cfn-lint', () => {
  it('finds no error in any template of the example (image built by cdk deploy)', () => {
    const templates = synthesizedTemplates();
    expect(templates.map(t => t.split('/').pop()).sort()).toEqual([
      'StudioPortal-Lob-lob-a.template.json',
      'StudioPortal-Lob-lob-b.template.json',
      'StudioPortal-Lob-lob-c.template.json',
      'StudioPortal-SharedAccess.template.json',
      'StudioPortal-SharedNetwork.template.json',
    ]);
    const findings = cfnLint(templates);
    expect(describeFindings(findings.filter(f => f.Level === 'Error'))).toEqual(
      [],
    );
    // Warnings are CDK's own redundant DependsOn (W3005) only.
    expect([...new Set(findings.map(f => f.Rule.Id))]).toEqual(
      findings.length > 0 ? ['W3005'] : [],
    );
  });

  it('finds no error with the image from an ECR repository (and its registry stack)', () => {
    const raw = parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'));
    raw.portal.image = {
      source: 'ecr',
      repositoryName: 'studio-portal/backstage',
      tag: '0.1.0',
    };
    const templates = synthesizedTemplates(raw);
    expect(
      templates.some(t => t.endsWith('StudioPortal-Registry.template.json')),
    ).toBe(true);
    const errors = cfnLint(templates).filter(f => f.Level === 'Error');
    expect(describeFindings(errors)).toEqual([]);
  });

  it('skips a rule only on one resource with a reason, and only where cfn-lint lacks a schema', () => {
    const exceptions = synthesizedTemplates().flatMap(file => {
      const template = JSON.parse(readFileSync(file, 'utf8'));
      return Object.entries(template.Resources as Record<string, any>)
        .filter(([, resource]) => resource.Metadata?.['cfn-lint'])
        .map(([id, resource]) => ({
          type: resource.Type,
          id,
          rules: resource.Metadata['cfn-lint'].config.ignore_checks,
          reason: resource.Metadata[LINT_EXCEPTION_REASON_KEY],
        }));
    });
    expect(exceptions).toEqual([
      {
        type: 'AWS::ElasticLoadBalancingV2::Listener',
        id: expect.stringMatching(/^PortalLoadBalancerHttps/),
        rules: ['E3002'],
        reason: expect.stringMatching(
          /^E3002: CloudFormation accepts Tags on listeners/,
        ),
      },
    ]);
    // Nothing is skipped globally.
    expect(parse(readFileSync(join(INFRA, '.cfnlintrc'), 'utf8'))).toEqual({
      regions: ['us-east-1'],
    });
  });
});
